// Generators for other languages, run on the published bundles exactly as docs/codegen.md shows, and their output
// compiled (Java: mvn compile; Go: go build and go vet) or imported (Python: every module). openapi-python-client
// must also report no schema it could not process and write a class for every model of the description. The
// generated projects' own dependencies come from the registries (Maven Central, the Go module proxy), as in a
// downstream repository.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { APIS, bundle, ENV, mustRun, run, TOOLS, workDir } from "./support.ts";

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

describe("Python: openapi-python-client (3.0.3 variant)", () => {
  // `literal_enums`: code lists as `Literal` types (before P95 it also kept `VISA` and `visa` from colliding).
  // Its 3.1 support stops at QuickStream's `false` schemas (a property that must be absent), hence the 3.0.3 variant.
  // It drops a model it cannot build with no more than a warning, and reads a model that extends one other wrongly
  // without any (P106): so nothing may be reported, and every model of the description must come out as a class.
  it.each(APIS)("generates a client for %s without a warning, with a class for every model, that imports", async (api) => {
    const config = join(dir, "openapi-python-client.yaml");
    writeFileSync(config, "literal_enums: true\n");
    const out = join(dir, "python-client", `${api}_client`);
    const env = { ...ENV, PATH: `${join(TOOLS.venv("python-codegen", ""), "")}:${ENV.PATH}` };
    const result = await run(
      TOOLS.venv("python-codegen", "openapi-python-client"),
      ["generate", "--path", bundle(api, "3.0"), "--output-path", out, "--meta", "none", "--config", config],
      { cwd: dir, env },
    );
    expect(result.status, result.output).toBe(0);
    expect(dropped(result.output)).toEqual([]);
    expect(result.output).not.toMatch(/warning|unable to|will not be generated|error/i);
    await expectImport(`${api}_client`, join(dir, "python-client"));
    const models = objectModels(JSON.parse(readFileSync(bundle(api), "utf8")));
    expect(Object.keys(models).length).toBeGreaterThan(20);
    const check = await run(TOOLS.venv("python-codegen", "python"), ["-c", MODELS_KEPT, `${api}_client`, JSON.stringify(models)], { cwd: join(dir, "python-client") });
    expect(check.status, check.output).toBe(0);
    expect(JSON.parse(check.output), "models missing or short of properties").toEqual([]);
  }, 600_000);
});

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
