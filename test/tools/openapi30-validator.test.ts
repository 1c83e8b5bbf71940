// The 3.0.3 variants validated by a second, independent validator: openapi-spec-validator (PyPI, pinned in
// tools/openapi-spec-validator; `npm run test:tools` installs it). test/openapi30.test.ts checks them with
// @apidevtools/swagger-parser in `npm test`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APIS, generatedPath, ROOT } from "../../scripts/lib.ts";

const SPEC_VALIDATOR = join(ROOT, ".tools", "venv", "openapi-spec-validator", "bin", "openapi-spec-validator");

describe.each(APIS)("%s openapi.3.0.json", (api) => {
  it("validates as 3.0.3 with openapi-spec-validator", () => {
    const file = generatedPath(api, "openapi.3.0.json");
    expect(existsSync(SPEC_VALIDATOR), "openapi-spec-validator is missing: run `npm run setup -- --for test:tools`").toBe(true);
    const result = spawnSync(SPEC_VALIDATOR, [file], { encoding: "utf8", timeout: 120_000 });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe(`${file}: OK`);
    expect(result.status).toBe(0);
  }, 120_000);
});
