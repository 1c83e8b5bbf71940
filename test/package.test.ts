// The published packages, used from the outside the way downstream teams use them: `npm pack` both (the package, and
// the descriptions package of the npm workspace, packages/descriptions), install the tarballs into a fresh consumer
// project (offline, with an empty npm cache: their dependencies come packed from our own node_modules,
// test/support/local-deps.ts), type-check a consumer file with strict tsc against the shipped .d.ts only, run its
// compiled JavaScript against the Prism mocks, and feed the shipped openapi.json to openapi-typescript as a
// downstream code generator would.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIS, QUIET_ENV, ROOT } from "../scripts/lib.ts";
import { startPrism, type MockServer } from "../scripts/prism.ts";
import { dependencyClosure, packInstalled } from "./support/local-deps.ts";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const DESCRIPTIONS_DIR = join(ROOT, "packages", "descriptions");
const descriptionsPkg = JSON.parse(readFileSync(join(DESCRIPTIONS_DIR, "package.json"), "utf8"));
const DESCRIPTIONS: string = descriptionsPkg.name;
const DESCRIPTION_FILES = ["openapi.json", "openapi.yaml", "openapi.3.0.json", "openapi.3.0.yaml"];
// The sandbox's packages (optional peers) and the message that names them (src/sandbox/entry.ts).
const SANDBOX_PACKAGES = ["hono", "@hono/node-server", "ajv", "ajv-formats", DESCRIPTIONS];
const INSTALL = `npm install ${SANDBOX_PACKAGES.join(" ")}`;
// This package installed, in bytes (issue 25, docs/install.md, P129): 1.55 MB when set, 1.45 MB after P135 and P136;
// the compiled code and its declarations; the descriptions (2.5 MB) are a package of their own.
const PACKAGE_BUDGET = 2_000_000;

/** The bytes of every file under `dir`. */
function duBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const path = join(dir, e.name);
    return sum + (e.isDirectory() ? duBytes(path) : e.isFile() ? statSync(path).size : 0);
  }, 0);
}
const NAME: string = pkg.name;
const bin = (tool: string) => join(ROOT, "node_modules", ".bin", tool);
const NPM_ENV = {
  ...QUIET_ENV,
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
};

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = NPM_ENV) {
  const result = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (exit ${result.status ?? result.signal}):\n${output}`);
  return result.stdout;
}

/** `run` without blocking this process: for a child that calls a server this process serves (Prism's front). */
function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, failed) => {
    execFile(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) failed(new Error(`${cmd} ${args.join(" ")} (exit ${error.code ?? error.signal}):\n${stdout}${stderr}`));
      else done(stdout);
    });
  });
}

/** Every string an exports map points at. */
function exportTargets(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (node && typeof node === "object") return Object.values(node).flatMap(exportTargets);
  return [];
}

// The consumer: both clients (secret and publishable keys), unwrap, the shipped types of both APIs, the validators,
// and the types a downstream generator produced from the shipped openapi.json. Strict tsc must accept it.
const CONSUMER = `
import { createPaymentsPlusClient, createQuickStreamClient, unwrap, ApiError } from "${NAME}";
import type { components as PaymentsPlus, paths as PaymentsPlusPaths } from "${NAME}/paymentsplus/types";
import type { components as QuickStream } from "${NAME}/quickstream/types";
import { validate, assertValid, formatErrors, advise, isIban, type Advice, type TargetType } from "${NAME}/validators";
import type { paths as DownstreamPaymentsPlus } from "./downstream/paymentsplus.js";
import type { paths as DownstreamQuickStream } from "./downstream/quickstream.js";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const paymentsPlusUrl = process.env.PAYMENTSPLUS_URL;
const quickStreamUrl = process.env.QUICKSTREAM_URL;
if (!paymentsPlusUrl || !quickStreamUrl) throw new Error("PAYMENTSPLUS_URL and QUICKSTREAM_URL are needed");

const paymentsPlus = createPaymentsPlusClient({ apiKey: "consumer-test-key", baseUrl: paymentsPlusUrl, retry: false });
const day: PaymentsPlus["schemas"]["BankingDay"] = unwrap(
  await paymentsPlus.GET("/banking-days/{date}", { params: { path: { date: "2018-06-01" } } }),
);
type ShippedDay = PaymentsPlusPaths["/banking-days/{date}"]["get"]["responses"][200]["content"]["application/json"];
type DownstreamDay = DownstreamPaymentsPlus["/banking-days/{date}"]["get"]["responses"][200]["content"]["application/json"];
const downstreamDay: DownstreamDay = day satisfies ShippedDay;

const secret = createQuickStreamClient({ secretKey: "consumer-test-key", baseUrl: quickStreamUrl, retry: false });
const facility = unwrap(await secret.GET("/"));
const publishable = createQuickStreamClient({ publishableKey: "consumer-test-key", baseUrl: quickStreamUrl, retry: false });
const schemeData = unwrap(
  await publishable.GET("/credit-cards/card-schemes/{cardBIN}", { params: { path: { cardBIN: "424242" } } }),
);
const scheme: QuickStream["schemas"]["CardSchemeResponse"] = schemeData;
// A response code names its known values and accepts any other, and is still a string (P47, P110).
const schemeCode: QuickStream["schemas"]["CardScheme"] | (string & {}) | null | undefined = schemeData.cardScheme;
const schemeText: string | null | undefined = schemeCode;
type DownstreamScheme =
  DownstreamQuickStream["/credit-cards/card-schemes/{cardBIN}"]["get"]["responses"][200]["content"]["application/json"];
const downstreamScheme: DownstreamScheme = scheme;
if (Math.random() > 2) {
  // @ts-expect-error a client made with the publishable key does not offer secret-key operations
  await publishable.GET("/customers");
}

let refused = 0;
try {
  unwrap(await paymentsPlus.GET("/banking-days/{date}", {
    params: { path: { date: "2018-06-01" } },
    headers: { Prefer: "code=403" },
  }));
} catch (error) {
  if (error instanceof ApiError) refused = error.status;
  else throw error;
}

const validation = @@VALIDATORS_USAGE@@;

const require = createRequire(import.meta.url);
const specs: Record<string, string> = {};
for (const api of ["paymentsplus", "quickstream"]) {
  for (const file of ["openapi.json", "openapi.yaml", "openapi.3.0.json", "openapi.3.0.yaml"]) {
    const text = readFileSync(require.resolve("${DESCRIPTIONS}/" + api + "/" + file), "utf8");
    specs[api + "/" + file] = file.endsWith(".json") ? String(JSON.parse(text).openapi) : (/^openapi: (.+)$/m.exec(text)?.[1] ?? "?");
  }
}

console.log(JSON.stringify({ day: downstreamDay, facility: typeof facility, scheme: downstreamScheme, schemeText, refused, validation, specs }));
`;

// How the consumer uses the validators: a typed assert on a response it received, and a rejected body.
const VALIDATORS_USAGE = `(() => {
  const checkedDay: TargetType<"paymentsplus", "BankingDay"> = assertValid("paymentsplus", "BankingDay", day);
  const bad = validate("quickstream", "CardSchemeResponse", { cardScheme: 42 });
  return {
    paymentsplusValid: validate("paymentsplus", "GET /banking-days/{date} 200", checkedDay).valid,
    quickstreamInvalid: bad.valid ? "accepted" : formatErrors(bad.errors),
    advice: advise("paymentsplus", "RecipientAccountRequestInternational", { type: "INTERNATIONAL", iban: "12354678" }).map((a: Advice) => a.pointer + " " + a.code),
    ibanExample: isIban("GB82WEST12345698765432"),
  };
})()`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023", "DOM"],
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    // Check the shipped .d.ts files too, not only the consumer's own code.
    skipLibCheck: false,
    outDir: "out",
    rootDir: ".",
  },
  include: ["consumer.ts", "downstream/*.ts"],
};

describe("the packed package in a fresh consumer project", () => {
  let work: string;
  let consumer: string;
  let tarball: string;
  let packed: { path: string }[];
  let unpackedSize: number;
  let descriptionsTarball: string;
  let descriptionsPacked: { path: string }[];
  const servers: MockServer[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "westpac-pack-"));
    // `npm pack` runs prepack (build:dist), so the tarball holds freshly compiled JavaScript.
    const out = run("npm", ["pack", "--json", "--pack-destination", work], ROOT);
    // prepack's own output comes first on stdout; the JSON report is the rest, from a line holding only "[".
    const [info] = JSON.parse(out.slice(out.search(/^\[$/m)));
    tarball = join(work, info.filename);
    packed = info.files;
    unpackedSize = info.unpackedSize;
    // The descriptions package, as `npm pack -w packages/descriptions` makes it (its prepack copies generated/).
    const described = run("npm", ["pack", "-w", "packages/descriptions", "--json", "--pack-destination", work], ROOT);
    const [descriptionsInfo] = JSON.parse(described.slice(described.search(/^\[$/m)));
    descriptionsTarball = join(work, descriptionsInfo.filename);
    descriptionsPacked = descriptionsInfo.files;
    consumer = join(work, "consumer");
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    // The package's dependencies and @types/node, at the versions our lockfile pins, as local tarballs; an empty
    // cache proves that nothing comes from npm's cache or the registry.
    const deps = join(work, "deps");
    mkdirSync(deps);
    const tarballs = packInstalled(ROOT, dependencyClosure(ROOT, [...Object.keys(pkg.dependencies), "@types/node"]), deps, NPM_ENV);
    const emptyCache = join(work, "npm-cache");
    run("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", tarball, ...tarballs], consumer, {
      ...NPM_ENV,
      npm_config_cache: emptyCache,
    });
  }, 600_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const bins = Object.values<string>(typeof pkg.bin === "string" ? { [NAME]: pkg.bin } : (pkg.bin ?? {})).map((b) =>
    b.replace(/^\.\//, ""),
  );

  // docs/install.md: the tarball holds this package only; its dependencies come from the registry (or are given).
  it("installed alone with no registry and an empty cache, fails with ENOTCACHED, as docs/install.md says", () => {
    const alone = join(work, "alone");
    mkdirSync(alone);
    writeFileSync(join(alone, "package.json"), JSON.stringify({ name: "alone", private: true, type: "module" }));
    const result = spawnSync("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", tarball], {
      cwd: alone,
      env: { ...NPM_ENV, npm_config_cache: join(work, "empty-cache") },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain("ENOTCACHED");
    expect(readFileSync(join(ROOT, "docs", "install.md"), "utf8")).toContain("ENOTCACHED");
  }, 180_000);

  it("ships exactly the compiled code, its declarations and the command; the descriptions package the spec files", () => {
    const paths = packed.map((f) => f.path).sort();
    // JavaScript: one bundle per exported entry and the command's module (scripts/dist.ts), the chunks they share,
    // the compiled checks (CommonJS parts, loaded at first use: P136), and nothing else.
    const modules = [...exportTargets(pkg.exports), "./dist/src/cli.js"].filter((t) => t.endsWith(".js")).map((t) => t.replace(/^\.\//, ""));
    const allowed = (p: string) =>
      p === "package.json" ||
      bins.includes(p) ||
      /^(README|LICEN[CS]E)(\.md)?$/i.test(p) ||
      /^dist\/(src|generated)\/.+\.d\.ts$/.test(p) ||
      /^dist\/src\/chunks\/[\w-]+\.js$/.test(p) ||
      /^dist\/generated\/(paymentsplus|quickstream)\/checks\/(part\d+|runtime|constants)\.cjs$/.test(p) ||
      /^dist\/generated\/checks\.(cjs|d\.cts)$/.test(p) ||
      modules.includes(p);
    expect(paths.filter((p) => !allowed(p)), "files that should not ship").toEqual([]);
    // Every part of the compiled checks that ships is one a target loads: the part of its check
    // (generated/<api>/validators.ts), or a part that a loaded part calls into.
    for (const api of ["paymentsplus", "quickstream"]) {
      const typed = readFileSync(join(ROOT, "generated", api, "validators.ts"), "utf8");
      const located: Record<string, [number, string]> = JSON.parse(JSON.parse(/^const LOCATED = (".*");$/m.exec(typed)![1]));
      const used = new Set(Object.values(located).map(([part]) => `part${part}.cjs`));
      const code = (part: string) => readFileSync(join(ROOT, "dist", "generated", api, "checks", part), "utf8");
      for (const part of used) for (const [, called] of code(part).matchAll(/require\("\.\/(part\d+\.cjs)"\)/g)) used.add(called);
      const shipped = paths.filter((p) => p.startsWith(`dist/generated/${api}/checks/part`)).map((p) => p.split("/").pop()!);
      expect(shipped.filter((f) => !used.has(f)), `${api}: parts that no target loads`).toEqual([]);
      expect(shipped.length, `${api}: parts`).toBeGreaterThan(3);
    }
    expect(paths.filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts")), "TypeScript source").toEqual([]);
    for (const module of modules) expect(paths, module).toContain(module);
    for (const target of exportTargets(pkg.exports)) expect(paths, `exports target ${target}`).toContain(target.replace(/^\.\//, ""));
    for (const target of bins) expect(paths, `bin ${target}`).toContain(target);
    // No file that no code reads and no export names (P125): the dereferenced descriptions no longer ship, and the
    // descriptions are in their own package (P129).
    expect(paths.filter((p) => /openapi[.\d]*\.(json|yaml)/.test(p)), "descriptions in this package").toEqual([]);
    expect(unpackedSize, "unpacked size in bytes (docs/install.md)").toBeLessThanOrEqual(PACKAGE_BUDGET);

    const described = descriptionsPacked.map((f) => f.path).sort();
    const expected = APIS.flatMap((api) => DESCRIPTION_FILES.map((file) => `${api}/${file}`));
    expect(described).toEqual(["LICENSE", "README.md", "package.json", ...expected].sort());
    expect(exportTargets(descriptionsPkg.exports).map((t) => t.replace(/^\.\//, "")).sort()).toEqual([...expected, "package.json"].sort());
    // One version for both: the sandbox of a version reads the descriptions of that version.
    expect(descriptionsPkg.version).toBe(pkg.version);
    expect(pkg.peerDependencies[DESCRIPTIONS]).toBe(descriptionsPkg.version);
    expect(pkg.workspaces).toEqual(["packages/descriptions"]);
  });

  // docs/install.md: the clients, types and validators install with no server framework and no ajv; those are the
  // sandbox's optional peer dependencies, which npm does not install.
  it("installs only this package, openapi-fetch and what it needs, within the size budget", () => {
    const modules = join(consumer, "node_modules");
    const installed = readdirSync(modules)
      .filter((n) => !n.startsWith("."))
      .flatMap((n) => (n.startsWith("@") ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : [n]));
    // @types/node (and what it needs) is the consumer's own, for its strict tsc check.
    const typesNode = dependencyClosure(ROOT, ["@types/node"]).map((k) => k.replace(/^node_modules\//, ""));
    const expected = [NAME, ...dependencyClosure(ROOT, Object.keys(pkg.dependencies)).map((k) => k.replace(/^node_modules\//, ""))];
    expect(installed.filter((n) => !typesNode.includes(n)).sort()).toEqual([...new Set(expected)].sort());
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["openapi-fetch", "openapi-typescript-helpers"]);
    for (const peer of SANDBOX_PACKAGES) {
      expect(pkg.peerDependenciesMeta?.[peer]?.optional, `${peer} is an optional peer`).toBe(true);
      expect(installed, peer).not.toContain(peer);
    }
    expect(duBytes(join(modules, NAME)), `${NAME} installed, bytes`).toBeLessThanOrEqual(PACKAGE_BUDGET);
  });

  it("without the sandbox's packages, the sandbox says what to install (import and command)", async () => {
    const script = `import("${NAME}/sandbox").then((m) => m.startSandbox()).then(
      (s) => s.stop().then(() => console.log("started")),
      (e) => console.log(e.message));`;
    const imported = run(process.execPath, ["--input-type=module", "-e", script], consumer).trim();
    expect(imported).toContain(INSTALL);
    expect(imported).toMatch(/^the sandbox needs hono, @hono\/node-server, ajv, ajv-formats, westpac-payments-openapi-descriptions .*is not installed/);
    const command = spawnSync(join(consumer, "node_modules", ".bin", "westpac-openapi"), ["sandbox"], {
      cwd: consumer,
      env: NPM_ENV,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(command.status).toBe(2);
    expect(command.stderr).toContain(INSTALL);
    expect(command.stdout).toBe("");
  }, 120_000);

  it("resolves every export from the consumer; the descriptions only from their package", () => {
    const require = createRequire(join(consumer, "index.js"));
    for (const subpath of Object.keys(pkg.exports)) {
      const specifier = subpath === "." ? NAME : `${NAME}/${subpath.slice(2)}`;
      expect(() => require.resolve(specifier), specifier).not.toThrow();
    }
    expect(() => require.resolve(`${NAME}/quickstream/openapi.json`)).toThrow(/not defined by "exports"/);
  });

  // docs/install.md: who wants the descriptions (code generators, the sandbox) installs their package too.
  it("installs the descriptions package: every export resolves and is the build's file, byte for byte", () => {
    run("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", descriptionsTarball], consumer, {
      ...NPM_ENV,
      npm_config_cache: join(work, "npm-cache"),
    });
    const require = createRequire(join(consumer, "index.js"));
    for (const api of APIS) {
      for (const file of DESCRIPTION_FILES) {
        const installed = readFileSync(require.resolve(`${DESCRIPTIONS}/${api}/${file}`), "utf8");
        expect(installed, `${api}/${file}`).toBe(readFileSync(join(ROOT, "generated", api, file), "utf8"));
        if (file.endsWith(".json")) expect(JSON.parse(installed).paths, `${api}/${file} parses`).toBeTypeOf("object");
      }
    }
  });

  it("generates code from the shipped openapi.json with openapi-typescript", () => {
    const require = createRequire(join(consumer, "index.js"));
    for (const api of APIS) {
      const input = require.resolve(`${DESCRIPTIONS}/${api}/openapi.json`);
      const output = join(consumer, "downstream", `${api}.ts`);
      // Run from the consumer folder: openapi-typescript must not pick up this repository's redocly.yaml.
      run(bin("openapi-typescript"), [input, "-o", output], consumer);
      expect(readFileSync(output, "utf8")).toContain("export interface paths");
    }
  }, 120_000);

  it("type-checks a consumer of both clients, the validators and the types with strict tsc", () => {
    writeFileSync(join(consumer, "consumer.ts"), CONSUMER.replace("@@VALIDATORS_USAGE@@", VALIDATORS_USAGE));
    writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    run(bin("tsc"), ["-p", join(consumer, "tsconfig.json")], consumer);
  }, 300_000);

  it("runs the compiled consumer against the mocks", async () => {
    servers.push(...(await Promise.all(APIS.map((api) => startPrism(api)))));
    const [paymentsplus, quickstream] = servers;
    // Asynchronously: each Prism's front (scripts/mock-front.ts) runs in this process, which spawnSync would block
    // until the consumer's request timed out.
    const stdout = await runAsync(process.execPath, [join(consumer, "out", "consumer.js")], consumer, {
      ...NPM_ENV,
      PAYMENTSPLUS_URL: paymentsplus!.url,
      QUICKSTREAM_URL: quickstream!.url,
    });
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    expect(result.day).toMatchObject({ date: "2018-06-01", isBankingDay: true });
    expect(result.scheme).toMatchObject({ cardScheme: "VISA" });
    expect(result.schemeText).toBe("VISA");
    expect(result.facility).toBe("object");
    expect(result.refused).toBe(403);
    expect(result.validation.paymentsplusValid).toBe(true);
    expect(result.validation.quickstreamInvalid).toContain("/cardScheme");
    expect(result.validation.advice).toEqual(["/iban iban.format"]);
    expect(result.validation.ibanExample).toBe(true);
    for (const api of APIS) {
      for (const file of ["openapi.json", "openapi.yaml"]) {
        expect(result.specs[`${api}/${file}`], `${api}/${file}`).toMatch(/^3\.1\./);
      }
      for (const file of ["openapi.3.0.json", "openapi.3.0.yaml"]) expect(result.specs[`${api}/${file}`], `${api}/${file}`).toBe("3.0.3");
    }
  }, 120_000);

  it("installs a working command line", () => {
    const names = typeof pkg.bin === "string" ? [NAME] : Object.keys(pkg.bin ?? {});
    expect(names.length, "package.json bin").toBeGreaterThan(0);
    for (const name of names) {
      // Run the linked command as a user would; with no TypeScript source in the package it must use dist/.
      const body = join(consumer, "day.json");
      writeFileSync(body, JSON.stringify({ date: "2018-06-01", isBankingDay: true }));
      const listed = run(join(consumer, "node_modules", ".bin", name), ["list", "paymentsplus"], consumer);
      expect(listed).toContain("BankingDay");
      run(join(consumer, "node_modules", ".bin", name), ["validate", "paymentsplus", "BankingDay", body], consumer);
    }
  });

  // Last: it adds the sandbox's packages to the consumer, as the message says (packed from our node_modules).
  it("with the sandbox's packages installed, the sandbox entry starts both APIs", async () => {
    const deps = join(work, "sandbox-deps");
    mkdirSync(deps);
    const peers = dependencyClosure(ROOT, SANDBOX_PACKAGES).filter((k) => !existsSync(join(consumer, k)));
    run("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", ...packInstalled(ROOT, peers, deps, NPM_ENV)], consumer, {
      ...NPM_ENV,
      npm_config_cache: join(work, "npm-cache"),
    });
    const script = `const { startSandbox } = await import("${NAME}/sandbox");
      const sandbox = await startSandbox();
      try {
        const response = await fetch(sandbox.urls.paymentsplus + "/banking-days/2030-01-02", { headers: { authorization: "Basic " + btoa("BUYER_SEC_p4ym3nt5plu5:") } });
        console.log(JSON.stringify({ status: response.status, body: await response.json() }));
      } finally { await sandbox.stop(); }`;
    const result = JSON.parse((await runAsync(process.execPath, ["--input-type=module", "-e", script], consumer, NPM_ENV)).trim());
    expect(result).toMatchObject({ status: 200, body: { date: "2030-01-02" } });
  }, 300_000);
});
