// Kotlin: openapi-generator's `kotlin` client (3.0.3 variant, default library jvm-okhttp4 with Moshi), end to end.
// docs/codegen.md's Kotlin recipe runs as printed for both APIs (generate, then mvn compile with the page's pom.xml
// and the flow program in the generated project: the generated build is Gradle, whose distribution is not on the
// package registries), and the flow programs under flows/kotlin/ run against the sandbox: every step of FLOW_STEPS
// must be reported, in order, and exit 0. Maven uses the usual local repository, as the Java flows do.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLOW_STEPS, runFlow, useFlowSandbox } from "./flows.ts";
import { codeLines, recipe, substitute } from "./recipe.ts";
import { APIS, bundle, ENV, limited, mustRun, ROOT, TOOLS, workDir, type ApiName } from "./support.ts";

const dir = workDir("flow-kotlin");
const flowSandbox = useFlowSandbox(dir);

const FLOWS = join(ROOT, "test", "downstream", "flows", "kotlin");
const PROGRAM: Record<ApiName, string> = { quickstream: "QuickStreamFlow", paymentsplus: "PaymentsPlusFlow" };
const KOTLIN = recipe("Kotlin");

/** Models written as an interface, which no class implements and Moshi cannot read or write (the recipe maps them). */
function interfaces(out: string, api: ApiName): string[] {
  const sources = join(out, "src", "main", "kotlin", api, "models");
  return readdirSync(sources).filter((f) => /^interface \w+/m.test(readFileSync(join(sources, f), "utf8")));
}

/** Models written as a class with an empty primary constructor (a union of scalars was, before P132). */
function emptyClasses(out: string, api: ApiName): string[] {
  const sources = join(out, "src", "main", "kotlin", api, "models");
  return readdirSync(sources).filter((f) => /^class \w+ \(\s*\)/m.test(readFileSync(join(sources, f), "utf8")));
}

describe("Kotlin: openapi-generator kotlin, default library (3.0.3 variant), end to end", () => {
  it("the recipe's set-up code is what the flow programs use", () => {
    expect(KOTLIN.blocks.kotlin).toHaveLength(1);
    for (const api of APIS) {
      const source = readFileSync(join(FLOWS, `${PROGRAM[api]}.kt`), "utf8");
      for (const line of codeLines(KOTLIN.blocks.kotlin![0]!)) expect(source, `${PROGRAM[api]}.kt`).toContain(line);
    }
  });

  // Both APIs side by side (each its own Maven project): the Kotlin compiler is the slow part.
  const built: Partial<Record<ApiName, Promise<string>>> = {};
  const all = () => limited(2, APIS.map((a) => () => (built[a] ??= buildClient(a)).catch(() => "")));

  it.each(APIS)("%s: the recipe generates a client that mvn compiles with the page's pom.xml and the flow program; no model is an empty class or an interface", async (api) => {
    await all();
    const out = await built[api]!;
    expect(readdirSync(join(out, "target", "classes", api, "models")).length).toBeGreaterThan(40);
    expect(readdirSync(join(out, "target", "classes", "example"))).toContain(`${PROGRAM[api]}Kt.class`);
    expect(emptyClasses(out, api)).toEqual([]);
    expect(interfaces(out, api)).toEqual([]);
  }, 1_800_000);

  it.each(APIS)("%s: the flow passes every step against the sandbox", async (api) => {
    await all();
    const out = await built[api]!;
    const classpath = `${join(out, "target", "classes")}:${readFileSync(join(out, "classpath.txt"), "utf8").trim()}`;
    const result = await runFlow(flowSandbox.current, `kotlin-${api}`, "java", ["-cp", classpath, `example.${PROGRAM[api]}Kt`], { cwd: out, env: ENV, timeoutMs: 120_000 });
    expect(result.steps, result.output).toEqual([...FLOW_STEPS[api]]);
    expect(result.status, result.output).toBe(0);
  }, 300_000);
});

/**
 * The recipe for `api`, as printed: generate (no ERROR in its output), save the page's pom.xml, put the flow program
 * into the generated project, compile with Maven. Then the runtime class path.
 */
async function buildClient(api: ApiName): Promise<string> {
  const out = join(dir, api);
  const [generate, compile, ...rest] = KOTLIN.commands;
  expect(rest).toEqual([]);
  expect(KOTLIN.blocks.xml).toHaveLength(1);
  const vars = { in: bundle(api, "3.0"), out, api };
  const gen = await mustRun("sh", ["-c", substitute(generate!, vars)], { cwd: TOOLS.jars("openapi-generator"), env: ENV, timeoutMs: 600_000 });
  expect(gen).not.toMatch(/\bERROR\b/);
  writeFileSync(join(out, "pom.xml"), KOTLIN.blocks.xml![0]!);
  mkdirSync(join(out, "src", "main", "kotlin", "example"), { recursive: true });
  copyFileSync(join(FLOWS, `${PROGRAM[api]}.kt`), join(out, "src", "main", "kotlin", "example", `${PROGRAM[api]}.kt`));
  await mustRun("sh", ["-c", substitute(compile!, vars)], { cwd: dir, env: ENV, timeoutMs: 900_000 });
  await mustRun("mvn", ["-q", "-B", "-f", out, "dependency:build-classpath", "-Dmdep.includeScope=runtime", `-Dmdep.outputFile=${join(out, "classpath.txt")}`], {
    cwd: dir,
    env: ENV,
    timeoutMs: 600_000,
  });
  return out;
}
