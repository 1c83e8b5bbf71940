// Generators for other languages, run on the published bundles exactly as docs/codegen.md shows, and their output
// compiled (Java: mvn compile; Go: go build and go vet) or imported (Python: every module). openapi-python-client
// must also report no schema it could not process and write a class for every model of the description. The
// generated projects' own dependencies come from the registries (Maven Central, the Go module proxy), as in a
// downstream repository.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { APIS, bundle, ENV, mustRun, run, TOOLS, workDir, type ApiName } from "./support.ts";

const dir = workDir("languages");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPENAPI_GENERATOR = join(TOOLS.jars("openapi-generator"), "openapi-generator-cli-7.25.0.jar");
/** The Go runtime package that oapi-codegen's client code imports (what `go get` gives a downstream module). */
const OAPI_RUNTIME = "github.com/oapi-codegen/runtime@v1.9.0";

/** The schemas a generator says it had to drop (`Unable to process schema /components/schemas/X`), sorted. */
const dropped = (output: string) => [...new Set([...output.matchAll(/Unable to process schema \/components\/schemas\/(\w+)/g)].map((m) => m[1]!))].sort();

describe("Go: oapi-codegen (3.0.3 variant)", () => {
  it("generates types and a client for both APIs, which go build and go vet accept", async () => {
    const root = join(dir, "go");
    for (const api of APIS) {
      mkdirSync(join(root, api), { recursive: true });
      const file = join(root, api, `${api}.go`);
      await mustRun(TOOLS.bin("oapi-codegen"), ["-generate", "types,client", "-package", api, "-o", file, bundle(api, "3.0")], { cwd: dir });
      expect(readFileSync(file, "utf8")).toContain(`package ${api}`);
    }
    writeFileSync(join(root, "go.mod"), "module downstream\n\ngo 1.24\n");
    await mustRun("go", ["get", OAPI_RUNTIME], { cwd: root });
    await mustRun("go", ["mod", "tidy"], { cwd: root });
    await mustRun("go", ["build", "./..."], { cwd: root });
    await mustRun("go", ["vet", "./..."], { cwd: root });
  }, 600_000);
});

describe("Python: openapi-python-client", () => {
  // It drops a model it cannot build with no more than a warning, and reads a model that extends one other wrongly
  // without any (P106): so nothing may be reported, and every model of the description must come out as a class.
  it.each(APIS)("generates a client for %s from the 3.0.3 variant without a warning, with a class for every model, that imports", async (api) => {
    const { result, root, pkg } = await pythonClient(api, "3.0");
    expect(result.status, result.output).toBe(0);
    expect(dropped(result.output)).toEqual([]);
    expect(result.output).not.toMatch(/warning|unable to|will not be generated|error/i);
    await expectImport(pkg, root);
    expect(await modelsNotKept(api, pkg, root)).toEqual([]);
  }, 600_000);

  // Pinned: what it does with the 3.1 bundles (docs/codegen.md, "Still to fix"). A fix, or a new loss, fails here.
  it("fails to parse the QuickStream 3.1 bundle, on its `false` property schemas", async () => {
    const { result } = await pythonClient("quickstream", "3.1");
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
    const { result, root, pkg } = await pythonClient("paymentsplus", "3.1");
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

/** Run openapi-python-client (`literal_enums`: code lists as `Literal` types) on one bundle of `api`. */
async function pythonClient(api: ApiName, version: "3.0" | "3.1") {
  const config = join(dir, "openapi-python-client.yaml");
  writeFileSync(config, "literal_enums: true\n");
  const root = join(dir, `python-client-${version}`);
  const pkg = `${api}_client`;
  const env = { ...ENV, PATH: `${join(TOOLS.venv("python-codegen", ""), "")}:${ENV.PATH}` };
  const result = await run(
    TOOLS.venv("python-codegen", "openapi-python-client"),
    ["generate", "--path", bundle(api, version), "--output-path", join(root, pkg), "--meta", "none", "--config", config],
    { cwd: dir, env },
  );
  return { result, root, pkg };
}

/** The models of the description (3.1 bundle) that the generated package `pkg` has no class for, or a short one. */
async function modelsNotKept(api: ApiName, pkg: string, root: string): Promise<string[]> {
  const models = objectModels(JSON.parse(readFileSync(bundle(api), "utf8")));
  expect(Object.keys(models).length).toBeGreaterThan(20);
  const check = await run(TOOLS.venv("python-codegen", "python"), ["-c", MODELS_KEPT, pkg, JSON.stringify(models)], { cwd: root });
  expect(check.status, check.output).toBe(0);
  return JSON.parse(check.output);
}

describe("Python: openapi-generator (3.0.3 variant)", () => {
  it.each(APIS)("generates a client for %s whose every module imports", async (api) => {
    const out = join(dir, "python-oag", api);
    const gen = await mustRun("java", ["-jar", OPENAPI_GENERATOR, "generate", "-g", "python", "-i", bundle(api, "3.0"), "-o", out, "--package-name", `${api}_oag`], { cwd: dir });
    expect(gen).not.toMatch(/\bERROR\b/);
    // Every enum names each value once, whatever the case (P95): no two members get one Python name.
    await expectImport(`${api}_oag`, out);
  }, 600_000);
});

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

/** Import a generated Python package and every module in it. */
async function expectImport(pkg: string, cwd: string) {
  const result = await run(TOOLS.venv("python-codegen", "python"), ["-c", IMPORT_ALL, pkg], { cwd });
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
