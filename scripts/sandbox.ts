// `npm run sandbox`: the stateful sandbox of both APIs (src/sandbox/), as `westpac-openapi sandbox` runs it.
import { runSandboxCommand } from "../src/sandbox/cli.ts";

await runSandboxCommand(process.argv.slice(2));
