#!/usr/bin/env node
// The `westpac-openapi` command (validate payloads, list targets). Runs the compiled CLI (dist/src/cli.js, built by
// tsc with tsconfig.build.json) when it exists; in a repository checkout without that build, runs src/cli.ts through
// tsx (a dev dependency). WESTPAC_OPENAPI_FROM_SOURCE=1 forces the source (tests use it so that a stale dist/ is not
// what they check).
import { existsSync } from "node:fs";

const compiled = new URL("../dist/src/cli.js", import.meta.url);
const source = new URL("../src/cli.ts", import.meta.url);

// Exit 1 means "invalid" only: a failure to load the command is 2, like its other failures.
try {
  if (process.env.WESTPAC_OPENAPI_FROM_SOURCE !== "1" && existsSync(compiled)) {
    await import(compiled.href);
  } else if (existsSync(source)) {
    // A checkout without the build: say why the first start is slow instead of printing nothing for seconds.
    if (process.env.WESTPAC_OPENAPI_FROM_SOURCE !== "1") {
      process.stderr.write("westpac-openapi: dist/ is not built, so running from the TypeScript source (slower; `npm run build:package` builds it)\n");
    }
    const { register } = await import("tsx/esm/api");
    register();
    await import(source.href);
  } else {
    process.stderr.write("westpac-openapi: the CLI is not built (dist/src/cli.js is missing)\n");
    process.exitCode = 2;
  }
} catch (error) {
  process.stderr.write(`westpac-openapi: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
