// Generators for other languages, run on the published bundles exactly as docs/codegen.md shows, and their output
// compiled (Java: mvn compile; Go: go build and go vet) or imported (Python: every module). Each generator's losses
// (schemas it reports it could not process) are pinned: a new loss, or one that goes away, fails the test so that
// docs/codegen.md stays true. The generated projects' own dependencies come from the registries (Maven Central, the
// Go module proxy), as in a downstream repository.
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

describe("Python: openapi-python-client (3.0.3 variant)", () => {
  // `literal_enums`: code lists as `Literal` types (before P95 it also kept `VISA` and `visa` from colliding).
  // Its 3.1 support stops at QuickStream's `false` schemas (a property that must be absent), hence the 3.0.3 variant.
  const LOSES: Record<ApiName, string[]> = {
    paymentsplus: [],
    quickstream: [
      "AccountVerificationTransactionRequest",
      "CancelPreauthTransactionRequest",
      "CaptureTransactionRequest",
      "CardOrBankAccountPaymentTransactionRequest",
      "ExtensionPreauthTransactionRequest",
      "IncrementalPreauthTransactionRequest",
      "NewPreauthTransactionRequest",
      "PayToAgreementNotification",
      "PayToPaymentNotification",
      "PayToPaymentTransactionRequest",
      "ReauthorisePreauthTransactionRequest",
      "RefundTransactionRequest",
    ],
  };
  it.each(APIS)("generates a client for %s, losing exactly the pinned schemas, and imports it (or fails exactly as pinned)", async (api) => {
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
    expect(dropped(result.output)).toEqual(LOSES[api]);
    // The QuickStream client's create-transaction module still imports the request models it dropped.
    await expectImport(`${api}_client`, join(dir, "python-client"), api === "quickstream" ? /No module named 'quickstream_client\.models\.\w+'/ : undefined);
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

/**
 * Import a generated Python package and every module in it. `knownFailure`: the import is known to fail today with
 * this error (docs/codegen.md lists it as a loss); the test then asserts exactly that failure, so that a fix (or a new
 * failure) shows up here.
 */
async function expectImport(pkg: string, cwd: string, knownFailure?: RegExp) {
  const result = await run(TOOLS.venv("python-codegen", "python"), ["-c", IMPORT_ALL, pkg], { cwd });
  if (knownFailure) {
    expect(result.status, result.output).not.toBe(0);
    expect(result.output).toMatch(knownFailure);
  } else {
    expect(result.status, result.output).toBe(0);
    expect(Number(result.output.trim())).toBeGreaterThan(20);
  }
}

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
