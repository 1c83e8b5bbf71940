// Java: openapi-generator's `java` generator (3.0.3 variant), end to end, with two libraries: `native` (the recipe
// with the options it needs for BigDecimal money) and the generator's default library, `okhttp-gson`, with default
// options (a new user's first try). docs/codegen.md's Java recipes run as printed for both APIs (generate, then mvn
// compile with the flow program in the generated project), and the flow programs under flows/<library>/ run against
// the sandbox: every step of FLOW_STEPS must be reported, in order, and exit 0. Maven's dependencies come from Maven
// Central into the user's usual local repository (~/.m2), shared by both libraries, as in a downstream build.
// openapi-generator's 3.1 support is in beta: on the 3.1 bundles its Java code refers to a `ModelNull` class it never
// writes (from `oneOf: [X, {type: "null"}]`), so it does not compile; the 3.0.3 variant does.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLOW_STEPS, runFlow, useFlowSandbox } from "./flows.ts";
import { codeLines, recipe, substitute, type Recipe } from "./recipe.ts";
import { APIS, bundle, ENV, limited, mustRun, ROOT, TOOLS, workDir, type ApiName } from "./support.ts";

const dir = workDir("java");
const flowSandbox = useFlowSandbox(dir);

const PROGRAM: Record<ApiName, string> = { quickstream: "QuickStreamFlow", paymentsplus: "PaymentsPlusFlow" };

interface Library {
  name: string;
  recipe: Recipe;
  /** The flow programs' folder under test/downstream/flows/. */
  flows: string;
  /** The generated models' package folder under target/classes. */
  models: (api: ApiName) => string;
  /** The APIs whose client it builds and whose flow it runs. */
  apis: readonly ApiName[];
}

const LIBRARIES: Library[] = [
  {
    name: "native",
    recipe: recipe("Java", "openapi-generator java, `native` library"),
    flows: "java",
    models: (api) => join(api, "model"),
    apis: APIS,
  },
  {
    name: "okhttp-gson",
    recipe: recipe("Java", "openapi-generator java, default library"),
    flows: "java-okhttp-gson",
    models: () => join("org", "openapitools", "client", "model"),
    apis: APIS,
  },
];

/** The security schemes each API's 3.0.3 variant declares (HTTP Basic, the key as the user name). */
const schemes = (api: ApiName): string[] =>
  Object.keys((JSON.parse(readFileSync(bundle(api, "3.0"), "utf8")) as { components: { securitySchemes: object } }).components.securitySchemes);

// All four clients are generated and built two at a time (the slow part is Maven, which needs both cores), each its
// own Maven project, then each flow runs against the sandbox (one facility each).
const built: Record<string, Promise<string>> = {};
const jobs = LIBRARIES.flatMap((lib) => lib.apis.map((api) => ({ key: `${lib.name} ${api}`, run: () => buildClient(lib, api) })));
let all: Promise<unknown> | undefined;
function build(lib: Library, api: ApiName): Promise<string> {
  all ??= limited(
    2,
    jobs.map((j) => () => (built[j.key] = j.run()).catch(() => undefined)),
  );
  return all.then(() => built[`${lib.name} ${api}`]!);
}

describe("Java: openapi-generator (3.0.3 variant), end to end", () => {
  it("the native recipe's set-up code is what its flow programs use", () => {
    const native = LIBRARIES[0]!.recipe;
    expect(native.blocks.java).toHaveLength(1);
    const lines = codeLines(native.blocks.java![0]!);
    for (const api of APIS) {
      const source = readFileSync(join(ROOT, "test", "downstream", "flows", "java", `${PROGRAM[api]}.java`), "utf8");
      for (const line of lines) expect(source, `${PROGRAM[api]}.java`).toContain(line);
    }
  });

  it("the default library's set-up code is what its flow programs use: one key per security scheme of the API", () => {
    const okhttp = LIBRARIES[1]!.recipe;
    expect(okhttp.blocks.java).toHaveLength(1);
    const lines = codeLines(okhttp.blocks.java![0]!).map((l) => l.replace(/\s*\/\/.*$/, ""));
    const perScheme = (scheme: string) => lines.filter((l) => l.includes(`getAuthentication("${scheme}")`));
    const everyScheme = APIS.flatMap(schemes);
    for (const api of LIBRARIES[1]!.apis) {
      const source = readFileSync(join(ROOT, "test", "downstream", "flows", "java-okhttp-gson", `${PROGRAM[api]}.java`), "utf8");
      // The lines that set no scheme's key are in both programs; each program sets the key of each of its API's schemes.
      for (const line of lines.filter((l) => !everyScheme.some((s) => l.includes(`getAuthentication("${s}")`)))) expect(source, `${PROGRAM[api]}.java`).toContain(line);
      for (const scheme of schemes(api)) {
        expect(perScheme(scheme), `the recipe sets the key of ${api}'s scheme ${scheme}`).toHaveLength(1);
        expect(source, `${PROGRAM[api]}.java`).toContain(perScheme(scheme)[0]);
      }
    }
  });

  for (const lib of LIBRARIES) {
    describe(`library ${lib.name}`, () => {
      it.each(lib.apis)("%s: the recipe generates a client that mvn compiles together with the flow program", async (api) => {
        const out = await build(lib, api);
        const classes = readdirSync(join(out, "target", "classes", lib.models(api)));
        expect(classes.length).toBeGreaterThan(50);
        expect(readdirSync(join(out, "target", "classes", "example"))).toContain(`${PROGRAM[api]}.class`);
      }, 1_800_000);

      it.each(lib.apis)("%s: the flow passes every step against the sandbox", async (api) => {
        const out = await build(lib, api);
        const classpath = `${join(out, "target", "classes")}:${readFileSync(join(out, "classpath.txt"), "utf8").trim()}`;
        const result = await runFlow(flowSandbox.current, `java-${lib.name}-${api}`, "java", ["-cp", classpath, `example.${PROGRAM[api]}`], {
          cwd: out,
          env: ENV,
          timeoutMs: 120_000,
        });
        expect(result.steps, result.output).toEqual([...FLOW_STEPS[api]]);
        expect(result.status, result.output).toBe(0);
      }, 1_800_000);
    });
  }
});

/**
 * The recipe for `api`, as printed: generate (no ERROR in its output), put the flow program into the generated
 * project, compile with Maven. Then the runtime class path (the generated pom pins the dependency plugin).
 */
async function buildClient(lib: Library, api: ApiName): Promise<string> {
  const out = join(dir, lib.name, api);
  const [generate, compile, ...rest] = lib.recipe.commands;
  expect(rest).toEqual([]);
  const vars = { in: bundle(api, "3.0"), out, api };
  const gen = await mustRun("sh", ["-c", substitute(generate!, vars)], { cwd: TOOLS.jars("openapi-generator"), timeoutMs: 600_000 });
  expect(gen).not.toMatch(/\bERROR\b/);
  mkdirSync(join(out, "src", "main", "java", "example"), { recursive: true });
  copyFileSync(join(ROOT, "test", "downstream", "flows", lib.flows, `${PROGRAM[api]}.java`), join(out, "src", "main", "java", "example", `${PROGRAM[api]}.java`));
  await mustRun("sh", ["-c", substitute(compile!, vars)], { cwd: dir, timeoutMs: 600_000 });
  await mustRun("mvn", ["-q", "-B", "-f", out, "dependency:build-classpath", "-Dmdep.includeScope=runtime", `-Dmdep.outputFile=${join(out, "classpath.txt")}`], {
    cwd: dir,
    timeoutMs: 600_000,
  });
  return out;
}
