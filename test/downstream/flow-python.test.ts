// Python clients end to end: openapi-generator (python) and openapi-python-client generate each API's client from the
// 3.0.3 variant with the recipe docs/codegen.md prints (run as printed), every generated module imports, and a flow
// program per API (test/downstream/flows/<generator>/<api>.py) uses only the generated client against the sandbox.
// openapi-python-client must also report no schema it could not process and write a class for every model. Both run
// with the Python tools venv (tools/python-codegen/requirements.txt pins what the generated clients import).
import { symlinkSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLOW_STEPS, runFlow, useFlowSandbox } from "./flows.ts";
import { recipe, runRecipe } from "./recipe.ts";
import { APIS, bundle, ENV, limited, ROOT, run, TOOLS, workDir, type ApiName } from "./support.ts";

const dir = workDir("flow-python");
const PYTHON = TOOLS.venv("python-codegen", "python");
/** The recipes call `openapi-python-client` from PATH and the openapi-generator jar from the folder they run in. */
const env: NodeJS.ProcessEnv = { ...ENV, PATH: `${dirname(PYTHON)}:${ENV.PATH}` };
symlinkSync(join(TOOLS.jars("openapi-generator"), "openapi-generator-cli-7.25.0.jar"), join(dir, "openapi-generator-cli-7.25.0.jar"));
const flowProgram = (generator: string, api: ApiName) => join(ROOT, "test", "downstream", "flows", generator, `${api}.py`);

const flowSandbox = useFlowSandbox(dir);

/**
 * Generate both APIs' clients with one recipe, two at a time, once (on first use): each API's output folder, and what
 * the recipe printed per API.
 */
function generateBoth(generatorLabel: string, generator: string) {
  const commands = recipe("Python", generatorLabel);
  const out = (api: ApiName) => join(dir, generator, api);
  let outputs: Promise<Record<ApiName, string>> | undefined;
  const generated = () =>
    (outputs ??= limited(
      2,
      APIS.map((api) => () => runRecipe(commands, { in: bundle(api, "3.0"), out: out(api), api }, { cwd: dir, env })),
    ).then((printed) => Object.fromEntries(APIS.map((api, i) => [api, printed[i]!])) as Record<ApiName, string>));
  return { out, generated };
}

/** Run the flow program of `generator` for `api` with the client in `out` on the import path. */
async function flow(generator: string, api: ApiName, out: string) {
  const result = await runFlow(flowSandbox.current, `${generator}-${api}`, PYTHON, [flowProgram(generator, api)], { cwd: out, env: { ...env, PYTHONPATH: out } });
  expect(result.steps, result.output).toEqual([...FLOW_STEPS[api]]);
  expect(result.status, result.output).toBe(0);
}

describe("Python: openapi-generator (3.0.3 variant)", () => {
  const { out, generated } = generateBoth("openapi-generator python", "openapi-generator-python");

  it.each(APIS)("generates a client for %s whose every module imports", async (api) => {
    expect((await generated())[api]).not.toMatch(/\bERROR\b/);
    // Every enum names each value once, whatever the case (P95): no two members get one Python name.
    await expectImport(`${api}_oag`, out(api));
  }, 600_000);

  it.concurrent.each(APIS)("runs the %s flow against the sandbox", async (api) => {
    await generated();
    await flow("openapi-generator-python", api, out(api));
  }, 300_000);
});

describe("Python: openapi-python-client (3.0.3 variant)", () => {
  const { out, generated } = generateBoth("openapi-python-client", "openapi-python-client");

  // It drops a model it cannot build with no more than a warning, and reads a model that extends one other wrongly
  // without any (P106): so nothing may be reported, and every model of the description must come out as a class.
  it.each(APIS)("generates a client for %s without a warning, with a class for every model, that imports", async (api) => {
    const output = (await generated())[api];
    expect(dropped(output)).toEqual([]);
    expect(output).not.toMatch(/warning|unable to|will not be generated|error/i);
    await expectImport(`${api}_client`, out(api));
    // The 3.0.3 variant has no former members of a oneOf member it writes as one model (P133), and says so.
    const removed: string[] = JSON.parse(readFileSync(bundle(api, "3.0"), "utf8")).info["x-openapi-3-1-losses"].nestedOneOfMembersRemoved;
    expect(removed.length).toBeGreaterThan(5);
    const missing = (await modelsNotKept(api, `${api}_client`, out(api))).sort();
    expect(missing).toEqual(removed.map((p) => `${p.split("/").pop()}: no model class`).sort());
  }, 600_000);

  it.concurrent.each(APIS)("runs the %s flow against the sandbox", async (api) => {
    await generated();
    await flow("openapi-python-client", api, out(api));
  }, 300_000);
});

describe("Python: openapi-python-client on the 3.1 bundles", () => {
  // Pinned: what it does with the 3.1 bundles (docs/codegen.md, "Still to fix"). A fix, or a new loss, fails here.
  it("fails to parse the QuickStream 3.1 bundle, on its `false` property schemas", async () => {
    const { result } = await pythonClient31("quickstream");
    expect(result.status, result.output).not.toBe(0);
    const refused = [...result.output.matchAll(/^components\.schemas\.(\w+)\.other\.properties\.(\w+)\.other\n.*input_value=False/gm)].map((m) => `${m[1]}.${m[2]}`);
    expect(refused.sort()).toEqual([
      "CancelPreauthTransactionRequest.authorisationType",
      "CardOrBankAccountPaymentTransactionRequest.payToData",
      "NewPreauthTransactionRequest.authorisationType",
      "NewPreauthTransactionRequest.cancellationType",
    ]);
  }, 600_000);

  it("generates PaymentsPlus from the 3.1 bundle without the recipient account variants", async () => {
    const { result, root, pkg } = await pythonClient31("paymentsplus");
    expect(result.status, result.output).toBe(0);
    // Its discriminator `type` is a `const` in the variant and `type: string` in the base: these it cannot merge.
    expect(dropped(result.output)).toEqual(["RecipientAccountRequestInternational"]);
    await expectImport(pkg, root);
    // The others extend their base with `allOf: [$ref]` beside their own properties: read as the base (P106).
    const variants = ["AuDomestic", "Rtgs", "Bpay", "International", "NzDomestic", "Osko"];
    const missing = [...variants.map((v) => `RecipientAccount${v}`), ...variants.filter((v) => v !== "Osko").map((v) => `RecipientAccountRequest${v}`)];
    expect((await modelsNotKept("paymentsplus", pkg, root)).sort()).toEqual(missing.map((name) => `${name}: no model class`).sort());
  }, 600_000);
});

/** The schemas a generator says it had to drop (`Unable to process schema /components/schemas/X`), sorted. */
const dropped = (output: string) => [...new Set([...output.matchAll(/Unable to process schema \/components\/schemas\/(\w+)/g)].map((m) => m[1]!))].sort();

/** openapi-python-client (default options) on the 3.1 bundle of `api`, as the 3.0 recipe runs it on the 3.0.3 variant. */
async function pythonClient31(api: ApiName) {
  const root = join(dir, "python-client-3.1");
  const pkg = `${api}_client`;
  const result = await run(
    TOOLS.venv("python-codegen", "openapi-python-client"),
    ["generate", "--path", bundle(api, "3.1"), "--output-path", join(root, pkg), "--meta", "none"],
    { cwd: dir, env },
  );
  return { result, root, pkg };
}

/** The models of the description (3.1 bundle) that the generated package `pkg` has no class for, or a short one. */
async function modelsNotKept(api: ApiName, pkg: string, root: string): Promise<string[]> {
  const models = objectModels(JSON.parse(readFileSync(bundle(api), "utf8")));
  expect(Object.keys(models).length).toBeGreaterThan(20);
  const check = await run(PYTHON, ["-c", MODELS_KEPT, pkg, JSON.stringify(models)], { cwd: root });
  expect(check.status, check.output).toBe(0);
  return JSON.parse(check.output);
}

/** Import a generated Python package and every module in it. */
async function expectImport(pkg: string, cwd: string) {
  const result = await run(PYTHON, ["-c", IMPORT_ALL, pkg], { cwd });
  expect(result.status, result.output).toBe(0);
  expect(Number(result.output.trim())).toBeGreaterThan(20);
}

/**
 * The description's object models and their property names: every component schema with properties (its own, or in
 * inline `allOf` members), except unions (`oneOf`/`anyOf`), which a generator writes as a union of their variants.
 */
function objectModels(doc: any): Record<string, string[]> {
  const models: Record<string, string[]> = {};
  for (const [name, schema] of Object.entries<any>(doc.components.schemas)) {
    if (schema.oneOf || schema.anyOf) continue;
    const names = new Set(Object.keys(schema.properties ?? {}));
    for (const part of schema.allOf ?? []) for (const key of Object.keys(part.properties ?? {})) names.add(key);
    if (names.size) models[name] = [...names];
  }
  return models;
}

/**
 * Python: print (as JSON) each model of argv[2] (name -> property names) that the package argv[1] has no attrs class
 * for in its `models`, or whose class has fewer fields than the model's own properties (a model read as its base).
 */
const MODELS_KEPT = `
import importlib, json, sys, attrs
sys.path.insert(0, ".")
models = importlib.import_module(sys.argv[1] + ".models")
problems = []
for name, props in json.loads(sys.argv[2]).items():
    cls = getattr(models, name, None)
    if cls is None or not attrs.has(cls):
        problems.append(name + ": no model class")
        continue
    fields = [f.name for f in attrs.fields(cls) if f.name != "additional_properties"]
    if len(fields) < len(props):
        problems.append(f"{name}: {len(fields)} fields for {len(props)} properties")
print(json.dumps(problems))
`;

/** Python: import the package named by argv[1] and every module under it; print how many. */
const IMPORT_ALL = `
import importlib, pkgutil, sys
sys.path.insert(0, ".")
root = importlib.import_module(sys.argv[1])
count = 1
for info in pkgutil.walk_packages(root.__path__, sys.argv[1] + "."):
    importlib.import_module(info.name)
    count += 1
print(count)
`;
