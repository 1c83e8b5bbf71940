// Java: openapi-generator's `native` library (3.0.3 variant), end to end. docs/codegen.md's Java recipe runs as
// printed for both APIs (generate, then mvn compile with the flow program in the generated project), and the flow
// programs under flows/java/ run against the sandbox: every step of FLOW_STEPS must be reported, in order, and exit 0.
// openapi-generator's 3.1 support is in beta: on the 3.1 bundles its Java code refers to a `ModelNull` class it never
// writes (from `oneOf: [X, {type: "null"}]`), so it does not compile; the 3.0.3 variant does.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.ts";
import { FLOW_STEPS, runFlow, startFlowSandbox } from "./flows.ts";
import { codeLines, recipe, substitute } from "./recipe.ts";
import { APIS, bundle, ENV, mustRun, ROOT, TOOLS, workDir, type ApiName } from "./support.ts";

const dir = workDir("java");
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startFlowSandbox();
});
afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const FLOWS = join(ROOT, "test", "downstream", "flows", "java");
const PROGRAM: Record<ApiName, string> = { quickstream: "QuickStreamFlow", paymentsplus: "PaymentsPlusFlow" };
const JAVA = recipe("Java");

describe("Java: openapi-generator, native library (3.0.3 variant), end to end", () => {
  it("the recipe's set-up code is what the flow programs use", () => {
    expect(JAVA.blocks.java).toHaveLength(1);
    const lines = codeLines(JAVA.blocks.java![0]!);
    for (const api of APIS) {
      const source = readFileSync(join(FLOWS, `${PROGRAM[api]}.java`), "utf8");
      for (const line of lines) expect(source, `${PROGRAM[api]}.java`).toContain(line);
    }
  });

  // Generate and build both APIs side by side (each its own Maven project), then run both flows side by side (one
  // facility each): the slow part is Maven, which needs both cores.
  const built: Partial<Record<ApiName, Promise<string>>> = {};
  const build = (api: ApiName) => (built[api] ??= buildClient(api));

  it.each(APIS)("%s: the recipe generates a client that mvn compiles together with the flow program", async (api) => {
    await Promise.all(APIS.map((a) => build(a).catch(() => undefined)));
    const out = await build(api);
    const classes = readdirSync(join(out, "target", "classes", api, "model"));
    expect(classes.length).toBeGreaterThan(50);
    expect(readdirSync(join(out, "target", "classes", "example"))).toContain(`${PROGRAM[api]}.class`);
  }, 900_000);

  it.each(APIS)("%s: the flow passes every step against the sandbox", async (api) => {
    const out = await build(api);
    const classpath = `${join(out, "target", "classes")}:${readFileSync(join(out, "classpath.txt"), "utf8").trim()}`;
    const result = await runFlow(sandbox, `java-${api}`, "java", ["-cp", classpath, `example.${PROGRAM[api]}`], { cwd: out, env: ENV, timeoutMs: 120_000 });
    expect(result.steps, result.output).toEqual([...FLOW_STEPS[api]]);
    expect(result.status, result.output).toBe(0);
  }, 300_000);
});

/**
 * The recipe for `api`, as printed: generate (no ERROR in its output), put the flow program into the generated
 * project, compile with Maven. Then the runtime class path (the generated pom pins the dependency plugin).
 */
async function buildClient(api: ApiName): Promise<string> {
  const out = join(dir, api);
  const [generate, compile, ...rest] = JAVA.commands;
  expect(rest).toEqual([]);
  const vars = { in: bundle(api, "3.0"), out, api };
  const gen = await mustRun("sh", ["-c", substitute(generate!, vars)], { cwd: TOOLS.jars("openapi-generator"), timeoutMs: 600_000 });
  expect(gen).not.toMatch(/\bERROR\b/);
  mkdirSync(join(out, "src", "main", "java", "example"), { recursive: true });
  copyFileSync(join(FLOWS, `${PROGRAM[api]}.java`), join(out, "src", "main", "java", "example", `${PROGRAM[api]}.java`));
  await mustRun("sh", ["-c", substitute(compile!, vars)], { cwd: dir, timeoutMs: 600_000 });
  await mustRun("mvn", ["-q", "-B", "-f", out, "dependency:build-classpath", "-Dmdep.includeScope=runtime", `-Dmdep.outputFile=${join(out, "classpath.txt")}`], {
    cwd: dir,
    timeoutMs: 600_000,
  });
  return out;
}
