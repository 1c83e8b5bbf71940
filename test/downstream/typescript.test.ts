// TypeScript generators a downstream team would use, run on the published 3.1 bundles exactly as docs/codegen.md
// shows, then compiled together with strict tsc (the project's TypeScript 5.9.3), each with the type-level probe
// (probe.ts). One tsc run covers these generators and the package's own types (probed the same way); each test reads
// the errors in its own folder. The probe must be clean for every generator, nothing pinned. Beside it, what each
// generator makes of a response code list's known values is asserted as it is today (plain `string`: a documented
// property of the generators, which no description can change), so that a generator that starts to keep them fails
// the test and docs/codegen.md is updated. orval and @hey-api/openapi-ts are probed the same way by
// flow-typescript.test.ts, on the clients it generates for their end-to-end flows (each generator runs once).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tscErrors, writeProbe, type ProbeTarget } from "./probe.ts";
import { generatedPath } from "../../scripts/lib.ts";
import { APIS, bundle, limited, run, TOOLS, workDir, type ApiName } from "./support.ts";

interface Generator {
  name: string;
  /** Generate into `out` (a folder) from `input`. */
  generate: (input: string, out: string) => [string, string[]];
  /** The file the probe imports, relative to `out`, without extension. */
  types: string;
}

export const GENERATORS: Generator[] = [
  {
    name: "openapi-typescript",
    generate: (input, out) => [TOOLS.npm("openapi-typescript"), [input, "-o", join(out, "types.ts")]],
    types: "types",
  },
  {
    name: "swagger-typescript-api",
    generate: (input, out) => [TOOLS.codegenTs("swagger-typescript-api"), ["generate", "-p", input, "-o", out, "-n", "Api.ts", "--enum-style=union"]],
    // It drops a `null` written inside an `enum` (any --enum-style), so the descriptions write it as an `anyOf`
    // branch (P96): PaymentsPlus's payment status is `null` until its file is submitted.
    types: "Api",
  },
];

const target = (g: Generator, api: ApiName): ProbeTarget =>
  g.name === "openapi-typescript" || g.name === OWN
    ? { imports: `import type { components } from "./${api}/${g.types}.js";`, type: (n) => `components["schemas"][${JSON.stringify(n)}]` }
    : { imports: `import type * as M from "./${api}/${g.types}.js";`, type: (n) => `M.${n}` };

/**
 * The package's own types (`westpac-payments-openapi/<api>/types`: openapi-typescript through scripts/types.ts, which
 * types UnlistedCode as `string & {}`), probed beside the generators: they must lose nothing.
 */
const OWN = "own-types";

const dir = workDir("typescript");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const generated = new Map<string, string>(); // "generator/api" -> failure output, or "" when generation worked
let tscOutput = "";
let probes = 0;
let codeChecks = 0;

beforeAll(async () => {
  const jobs = GENERATORS.flatMap((g) =>
    APIS.map((api) => async () => {
      const [cmd, args] = g.generate(bundle(api), join(dir, g.name, api));
      // From the work folder: no generator may pick up this repository's configuration files.
      const result = await run(cmd, args, { cwd: dir });
      generated.set(`${g.name}/${api}`, result.status === 0 ? "" : `${cmd} ${args.join(" ")} (exit ${result.status}):\n${result.output}`);
    }),
  );
  await limited(2, jobs);
  for (const api of APIS) {
    mkdirSync(join(dir, OWN, api), { recursive: true });
    copyFileSync(generatedPath(api, "types.ts"), join(dir, OWN, api, "types.ts"));
  }
  for (const g of [...GENERATORS, { name: OWN, types: "types" } as Generator]) {
    for (const api of APIS) {
      const doc = JSON.parse(readFileSync(bundle(api), "utf8"));
      // Our own types name the known values (P110); the generators type the field plain `string`.
      const checks = writeProbe(join(dir, g.name), api, doc, target(g, api), g.name === OWN ? "named" : "string");
      probes += checks.probes;
      codeChecks += checks.codes;
    }
  }
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
        types: [],
        skipLibCheck: true,
      },
      include: ["**/*.ts"],
    }),
  );
  // The canary: proves that tsc ran over this program and reports errors in it.
  writeFileSync(join(dir, "canary.ts"), "export const canary: string = 1;\n");
  const tsc = await run(TOOLS.npm("tsc"), ["-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: dir, timeoutMs: 600_000 });
  tscOutput = tsc.output;
}, 900_000);

/** The errors tsc reported in one folder of the work folder: in its code-list files, or in everything else. */
const failuresIn = (name: string, files: "codes" | "rest") =>
  files === "codes" ? tscErrors(tscOutput, dir, name, "codes") : [...tscErrors(tscOutput, dir, name, "probe"), ...tscErrors(tscOutput, dir, name, "rest")];

describe.each(GENERATORS.map((g) => g.name))("%s", (name) => {
  it.each(APIS)("generates from the %s 3.1 bundle", (api) => {
    expect(generated.get(`${name}/${api}`), "generation").toBe("");
  });

  it("compiles with tsc --strict, and the probe finds no collapsed, non-nullable or non-literal type, nor a union that does not narrow", () => {
    expect(probes).toBeGreaterThan(3 * 400);
    expect(failuresIn(name, "rest")).toEqual([]);
  });

  it("types each response code list plain `string`, without its known values (as documented in docs/codegen.md)", () => {
    expect(codeChecks).toBeGreaterThan(3 * 20);
    expect(failuresIn(name, "codes")).toEqual([]);
  });
});

describe("the package's own types", () => {
  it("lose nothing the probe checks", () => {
    expect(failuresIn(OWN, "rest")).toEqual([]);
  });

  it("name the known values of each response code list (P47, P110)", () => {
    expect(failuresIn(OWN, "codes")).toEqual([]);
  });
});

describe("the suite itself", () => {
  it("type-checked the generated files (a deliberate error in the same program is reported)", () => {
    expect(tscOutput).toMatch(/canary\.ts\(\d+,\d+\): error TS2322/);
  });
});
