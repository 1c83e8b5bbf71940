// Go clients end to end: openapi-generator (go) and oapi-codegen generate each API's client from the 3.0.3 variant with
// the recipe docs/codegen.md prints (run as printed), in one Go module with the flow programs
// (test/downstream/flows/<generator>/<api>/main.go); `go build` and `go vet` accept all of it, and each flow uses only
// the generated client against the sandbox. The generated code's dependencies (oapi-codegen's runtime) come from the
// Go module proxy into the usual module cache, as in a downstream module; each client is generated and built once.
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLOW_STEPS, runFlow, useFlowSandbox } from "./flows.ts";
import { recipe, runRecipe } from "./recipe.ts";
import { APIS, bundle, ENV, limited, mustRun, ROOT, TOOLS, workDir, type ApiName } from "./support.ts";

const dir = workDir("flow-go");
/** The flows' module: the generated packages at <generator>/<api>, the flow programs at cmd/<generator>/<api>. */
const mod = join(dir, "flows");
/** The recipes call `oapi-codegen` from PATH and the openapi-generator jar from the folder they run in. */
const env: NodeJS.ProcessEnv = { ...ENV, PATH: `${TOOLS.bin("")}:${ENV.PATH}`, GOFLAGS: `${ENV.GOFLAGS} -mod=mod` };

const GENERATORS = [
  { name: "openapi-generator", recipe: recipe("Go", "openapi-generator go"), flows: "openapi-generator-go" },
  { name: "oapi-codegen", recipe: recipe("Go", "oapi-codegen"), flows: "oapi-codegen" },
] as const;

/** What each recipe printed, by generator and API. */
const printed: Record<string, string> = {};
let built: Promise<void> | undefined;

const flowSandbox = useFlowSandbox(dir);

/** Generate the four clients (two at a time), add the flow programs, and build everything once. */
function build(): Promise<void> {
  return (built ??= (async () => {
    mkdirSync(mod, { recursive: true });
    writeFileSync(join(mod, "go.mod"), "module flows\n\ngo 1.24\n");
    symlinkSync(join(TOOLS.jars("openapi-generator"), "openapi-generator-cli-7.25.0.jar"), join(mod, "openapi-generator-cli-7.25.0.jar"));
    // openapi-generator two at a time (a JVM each); oapi-codegen's recipe runs `go get`, which edits go.mod: one at a time.
    for (const g of GENERATORS) {
      const jobs = APIS.map((api) => async () => {
        printed[`${g.name} ${api}`] = await runRecipe(g.recipe, { in: bundle(api, "3.0"), out: join(mod, g.name, api), api }, { cwd: mod, env });
      });
      await limited(g.name === "oapi-codegen" ? 1 : 2, jobs);
    }
    for (const g of GENERATORS) cpSync(join(ROOT, "test", "downstream", "flows", g.flows), join(mod, "cmd", g.name), { recursive: true });
    await mustRun("go", ["mod", "tidy"], { cwd: mod, env });
    await mustRun("go", ["build", "./..."], { cwd: mod, env, timeoutMs: 600_000 });
    await mustRun("go", ["vet", "./..."], { cwd: mod, env, timeoutMs: 600_000 });
    for (const g of GENERATORS)
      for (const api of APIS) await mustRun("go", ["build", "-o", join(dir, "bin", `${g.name}-${api}`), `./cmd/${g.name}/${api}`], { cwd: mod, env });
  })());
}

for (const g of GENERATORS) {
  describe(`Go: ${g.name} (3.0.3 variant)`, () => {
    it("generates both APIs' clients, which go build and go vet accept with the flow programs", async () => {
      await build();
      for (const api of APIS) expect(printed[`${g.name} ${api}`]).not.toMatch(/\bERROR\b/);
    }, 900_000);

    it.concurrent.each(APIS)("runs the %s flow against the sandbox", async (api: ApiName) => {
      await build();
      const result = await runFlow(flowSandbox.current, `${g.flows}-${api}`, join(dir, "bin", `${g.name}-${api}`), [], { cwd: dir, env });
      expect(result.steps, result.output).toEqual([...FLOW_STEPS[api]]);
      expect(result.status, result.output).toBe(0);
    }, 300_000);
  });
}
