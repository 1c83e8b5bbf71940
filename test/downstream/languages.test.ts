// Generators for other languages, run on the published bundles exactly as docs/codegen.md shows, and their output
// compiled (Java: mvn compile). The generated projects' own dependencies come from the registries (Maven Central), as
// in a downstream repository. Python and Go are in flow-python.test.ts and flow-go.test.ts, which also run their
// generated clients end to end.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { APIS, bundle, mustRun, TOOLS, workDir } from "./support.ts";

const dir = workDir("languages");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPENAPI_GENERATOR = join(TOOLS.jars("openapi-generator"), "openapi-generator-cli-7.25.0.jar");

describe("Java: openapi-generator, native library (3.0.3 variant)", () => {
  // openapi-generator's 3.1 support is in beta: on the 3.1 bundles its Java code refers to a `ModelNull` class it never
  // writes (from `oneOf: [X, {type: "null"}]`), so it does not compile; the 3.0.3 variant does.
  it.each(APIS)("generates a client for %s that mvn compiles", async (api) => {
    const out = join(dir, "java", api);
    const gen = await mustRun(
      "java",
      ["-jar", OPENAPI_GENERATOR, "generate", "-g", "java", "--library", "native", "-i", bundle(api, "3.0"), "-o", out, "--additional-properties=hideGenerationTimestamp=true"],
      { cwd: dir },
    );
    expect(gen).not.toMatch(/\bERROR\b/);
    await mustRun("mvn", ["-q", "-B", "compile"], { cwd: out, timeoutMs: 600_000 });
    const classes = readdirSync(join(out, "target", "classes", "org", "openapitools", "client", "model"));
    expect(classes.length).toBeGreaterThan(50);
  }, 900_000);
});
