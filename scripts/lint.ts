// Step 1: lint the hand-written sources with Redocly (our rules in redocly.yaml) and the bundles with Spectral.
// Both fail on warnings. Spectral reads a bundle because it does not follow path-item $refs across files.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APIS, runTool, step } from "./lib.ts";

runTool("redocly", ["lint", "--max-problems", "200", ...APIS], { quiet: true });
const tmp = mkdtempSync(join(tmpdir(), "lint-"));
try {
  const bundles = APIS.map((api) => {
    const out = join(tmp, `${api}.yaml`);
    runTool("redocly", ["bundle", api, "-o", out], { quiet: true });
    return out;
  });
  runTool("spectral", ["lint", "--fail-severity=warn", "--quiet", ...bundles], { quiet: true });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
step("lint", `redocly and spectral: ${APIS.join(", ")} have no errors or warnings`);
