// End-to-end flows of the TypeScript clients (issue 20): docs/codegen.md's "Generate your client" recipes for
// TypeScript run exactly as printed (only `<in>` and `<out>` substituted) for both APIs, the flow programs of
// test/downstream/flows/<generator>/ are put beside the generated client as a user's code would be, everything is
// type-checked together with strict tsc, and each flow runs with tsx against the sandbox this file starts: every step of
// flows.ts must be reported, in order, and the program must exit 0. The 3.1 generators' output is also probed
// (probe.ts, as typescript.test.ts does for the others): nothing lost, and response code lists typed plain `string`.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.ts";
import { recipe, substitute } from "./recipe.ts";
import { FLOW_STEPS, runFlow, startFlowSandbox, type FlowResult } from "./flows.ts";
import { pascalWords, tscErrors, writeProbe, type ProbeTarget } from "./probe.ts";
import { APIS, bundle, ENV, limited, ROOT, run, TOOLS, workDir, type ApiName } from "./support.ts";

const FLOWS = join(ROOT, "test", "downstream", "flows");
const JARS = TOOLS.jars("openapi-generator");

interface Generator {
  name: string;
  input: "3.1" | "3.0";
  /** The bold name that starts the generator's paragraph in the TypeScript recipe (test/downstream/recipe.ts). */
  paragraph: string;
  /** Where the command runs: the folder of the user's project, or the one holding the jar. */
  cwd: "project" | "jars";
  /** Files of the user's project the command reads (orval's config), written from the recipe. */
  prepare?: (project: string, text: (recipe: string) => string) => void;
  /** How the probe names the generated types of a component schema (3.1 generators only). */
  probe?: (api: ApiName) => ProbeTarget;
  /**
   * An upstream bug that stops an API's flow, pinned (docs/codegen.md says it): the steps reported before it, and
   * what the program prints when it stops. When the generator is fixed, this fails and the pin goes.
   */
  stops?: Partial<Record<ApiName, { after: string[]; error: RegExp }>>;
}

const GENERATORS: Generator[] = [
  {
    name: "hey-api",
    input: "3.1",
    paragraph: "@hey-api/openapi-ts",
    cwd: "project",
    probe: (api) => ({ imports: `import type * as M from "./${api}/generated/types.gen.js";`, type: (n) => `M.${pascalWords(n)}` }),
  },
  {
    name: "orval",
    input: "3.1",
    paragraph: "orval",
    cwd: "project",
    // The recipe's orval.config.ts (the first `ts` block); its mutator is the flow folder's westpac-fetch.ts, which the
    // page prints word for word (asserted below).
    prepare: (project, text) => writeFileSync(join(project, "orval.config.ts"), text(recipe("TypeScript", "orval").blocks.ts![0]!)),
    probe: (api) => ({ imports: `import type * as M from "./${api}/generated/api.js";`, type: (n) => `M.${n}` }),
  },
  { name: "typescript-axios", input: "3.0", paragraph: "openapi-generator typescript-axios", cwd: "jars" },
  { name: "typescript-fetch", input: "3.0", paragraph: "openapi-generator typescript-fetch", cwd: "jars" },
  {
    name: "typescript-plain",
    input: "3.0",
    paragraph: "openapi-generator typescript",
    cwd: "jars",
    // The generated folder is a CommonJS package (its own package.json), so the program beside it is CommonJS too, as
    // the recipe says: the folder's own package.json without "type": "module".
    prepare: (project) => writeFileSync(join(project, "package.json"), JSON.stringify({ private: true })),
    // It writes no serialiser for a oneOf without a discriminator (CreatePaymentRequest.recipientAccount), upstream
    // OpenAPITools/openapi-generator#19868: no file payment can be sent.
    stops: { paymentsplus: { after: ["file"], error: /TypeError: typeMap\[type\]\.getAttributeTypeMap is not a function[\s\S]*createFilePayment/ } },
  },
];

/** A recipe's text for one generator, API and project folder: its only placeholders, `<in>` and `<out>`, filled in. */
const fill = (g: Generator, api: ApiName, project: string) => (text: string) =>
  substitute(text, { in: bundle(api, g.input), out: join(project, "generated") });

const dir = workDir("flow-typescript");
let sandbox: Sandbox | undefined;
afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});
const generated = new Map<string, string>(); // "generator/api" -> failure output, or "" when generation worked
const flows = new Map<string, FlowResult>();
let tscOutput = "";
const probes = new Map<string, { probes: number; codes: number }>();

beforeAll(async () => {
  // The user's project: an ES module package whose dependencies (the generators, axios, whatwg-fetch) are
  // tools/codegen-ts's.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  symlinkSync(join(ROOT, "tools", "codegen-ts", "node_modules"), join(dir, "node_modules"), "dir");
  const env = { ...ENV, npm_config_offline: "true" }; // npx runs the installed generator, never a download
  await limited(
    2,
    GENERATORS.flatMap((g) =>
      APIS.map((api) => async () => {
        const project = join(dir, g.name, api);
        mkdirSync(project, { recursive: true });
        for (const file of readdirSync(join(FLOWS, g.name))) {
          if (file === `${api}.ts` || !APIS.some((a) => file === `${a}.ts`)) copyFileSync(join(FLOWS, g.name, file), join(project, file));
        }
        copyFileSync(join(FLOWS, "flow-kit.ts"), join(project, "flow-kit.ts"));
        const text = fill(g, api, project);
        g.prepare?.(project, text);
        const [cmd, ...args] = text(command(g)).split(" ");
        const result = await run(cmd!, args, { cwd: g.cwd === "jars" ? JARS : project, env });
        generated.set(`${g.name}/${api}`, result.status === 0 ? "" : `${cmd} ${args.join(" ")} (exit ${result.status}):\n${result.output}`);
      }),
    ),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        lib: ["ES2022", "DOM", "DOM.Iterable"],
        types: ["node"],
        typeRoots: [join(ROOT, "node_modules", "@types")],
        skipLibCheck: true,
      },
      include: ["**/*.ts"],
    }),
  );
  for (const g of GENERATORS) {
    for (const api of APIS) {
      if (g.probe) probes.set(`${g.name}/${api}`, writeProbe(join(dir, g.name), api, JSON.parse(readFileSync(bundle(api), "utf8")), g.probe(api), "string"));
    }
  }
  // The canary: proves that tsc ran over this program and reports errors in it.
  writeFileSync(join(dir, "canary.ts"), "export const canary: string = 1;\n");
  sandbox = await startFlowSandbox();
  const tsc = run(TOOLS.npm("tsc"), ["-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: dir, timeoutMs: 600_000 });
  // The flows run beside tsc (tsx does not type-check); each has its own facility, so they may run at once.
  await limited(
    3,
    GENERATORS.flatMap((g) =>
      APIS.map((api) => async () => {
        const name = `${g.name}/${api}`;
        if (generated.get(name) !== "") return;
        const result = await runFlow(sandbox!, `typescript/${name}`, TOOLS.npm("tsx"), [`${api}.ts`], { cwd: join(dir, g.name, api), env: ENV, timeoutMs: 120_000 });
        flows.set(name, result);
      }),
    ),
  );
  tscOutput = (await tsc).output;
}, 900_000);

/** The one command of the recipe for `g`. */
function command(g: Generator): string {
  const found = recipe("TypeScript", g.paragraph).commands;
  if (found.length !== 1) throw new Error(`docs/codegen.md's TypeScript recipe has ${found.length} commands for ${g.name}`);
  return found[0]!;
}

describe("docs/codegen.md's TypeScript recipe", () => {
  it("prints one command per generator, and orval's mutator word for word", () => {
    expect(GENERATORS.map((g) => command(g).split(" ")[0])).toEqual(["npx", "npx", "java", "java", "java"]);
    expect(recipe("TypeScript", "orval").blocks.ts![1]).toBe(readFileSync(join(FLOWS, "orval", "westpac-fetch.ts"), "utf8"));
  });

  it("type-checked the generated files (a deliberate error in the same program is reported)", () => {
    expect(tscOutput).toMatch(/canary\.ts\(\d+,\d+\): error TS2322/);
  });
});

describe.each(GENERATORS.map((g) => g.name))("%s", (name) => {
  it.each(APIS)("generates a client for %s with the recipe's command as printed", (api) => {
    expect(generated.get(`${name}/${api}`), "generation").toBe("");
  });

  it("compiles with both flows under tsc --strict", () => {
    expect(tscErrors(tscOutput, dir, name, "rest")).toEqual([]);
  });

  it.each(APIS)("runs the %s flow against the sandbox, every step checked (or stops where an upstream bug is pinned)", (api) => {
    const result = flows.get(`${name}/${api}`);
    expect(result, "the flow did not run: generation failed").toBeDefined();
    const stop = GENERATORS.find((g) => g.name === name)!.stops?.[api];
    if (stop) {
      expect(result!.steps, result!.output).toEqual(stop.after);
      expect(result!.status, result!.output).not.toBe(0);
      expect(result!.output).toMatch(stop.error);
      return;
    }
    expect(result!.steps, result!.output).toEqual([...FLOW_STEPS[api]]);
    expect(result!.status, result!.output).toBe(0);
  });
});

describe.each(GENERATORS.filter((g) => g.probe).map((g) => g.name))("%s, probed", (name) => {
  const total = (kind: "probes" | "codes") => APIS.reduce((n, api) => n + probes.get(`${name}/${api}`)![kind], 0);

  it("loses nothing the probe checks: no collapsed, non-nullable or non-literal type, nor a union that does not narrow", () => {
    expect(total("probes")).toBeGreaterThan(1500);
    expect(tscErrors(tscOutput, dir, name, "probe")).toEqual([]);
  });

  it("types each response code list plain `string`, without its known values (as documented in docs/codegen.md)", () => {
    expect(total("codes")).toBeGreaterThan(20);
    expect(tscErrors(tscOutput, dir, name, "codes")).toEqual([]);
  });
});
