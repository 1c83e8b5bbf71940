// Part of `npm run build:bundle` and the descriptions package's `prepack`: copy the eight descriptions the build
// writes to generated/<api>/ (OpenAPI 3.1 and the 3.0.3 variant, JSON and YAML) into packages/descriptions/<api>/,
// the package `westpac-payments-openapi-descriptions` that ships them (P129). The copies are not committed
// (.gitignore): generated/ is the one committed version, and `npm run check:generated` checks it.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { APIS, fail, generatedPath, ROOT, step } from "./lib.ts";

export const DESCRIPTION_FILES = ["openapi.json", "openapi.yaml", "openapi.3.0.json", "openapi.3.0.yaml"] as const;
const PACKAGE = join(ROOT, "packages", "descriptions");

let copied = 0;
for (const api of APIS) {
  mkdirSync(join(PACKAGE, api), { recursive: true });
  for (const name of DESCRIPTION_FILES) {
    const from = generatedPath(api, name);
    if (!existsSync(from)) fail(`${from} is missing: run \`npm run build:bundle\` first`);
    const to = join(PACKAGE, api, name);
    if (existsSync(to) && readFileSync(to).equals(readFileSync(from))) continue;
    // Through a temporary file and a rename: a reader (a running sandbox, a test) never sees half a file.
    const temporary = `${to}.${process.pid}.tmp`;
    copyFileSync(from, temporary);
    renameSync(temporary, to);
    copied++;
  }
}
copyFileSync(join(ROOT, "LICENSE"), join(PACKAGE, "LICENSE"));
step("descriptions", `packages/descriptions/: ${APIS.length * DESCRIPTION_FILES.length} descriptions current (${copied} copied)`);
