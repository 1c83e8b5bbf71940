// The real command, run as a child process: through the package's bin (forced to the TypeScript source, so that a
// stale dist/ is not what is tested) and through `node --import tsx src/cli.ts`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib.ts";
import pkg from "../../package.json" with { type: "json" };
import { examples } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "westpac-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TX = "POST /transactions request";
const good = examples("quickstream", "request").find((s) => s.target === TX && (s.value as any).transactionType === "PAYMENT" && !(s.value as any).payToData)!.value as Record<string, unknown>;
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

function bin(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, pkg.bin["westpac-openapi"]), ...args], {
    cwd: ROOT,
    input,
    encoding: "utf8",
    env: { ...process.env, WESTPAC_OPENAPI_FROM_SOURCE: "1" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function source(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli.ts"), ...args], { cwd: ROOT, input, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("westpac-openapi", () => {
  it("is declared as the package's bin", () => {
    expect(pkg.bin["westpac-openapi"]).toBe("bin/westpac-openapi.js");
  });

  it("prints valid and exits 0 for a valid file", () => {
    const r = bin(["validate", "quickstream", TX, file("good.json", JSON.stringify(good))]);
    expect(r).toMatchObject({ code: 0, out: "valid\n", err: "" });
  });

  it("prints one line per error and exits 1 for an invalid payload read from standard input", () => {
    const r = source(["validate", "quickstream", TX, "-"], JSON.stringify({ ...good, principalAmount: "1.234", currency: undefined }));
    expect(r.code).toBe(1);
    expect(r.out.trim().split("\n").sort()).toEqual([
      "/currency: is required",
      "/principalAmount: must be a number or a decimal string with at most 2 decimals",
    ]);
  });

  it("gives machine output with --json", () => {
    const r = bin(["validate", "quickstream", TX, "--json", file("bad.json", JSON.stringify({ ...good, transactionType: "GIFT" }))]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.valid).toBe(false);
    expect(out.errors).toEqual([expect.objectContaining({ pointer: "/transactionType", keyword: "discriminator" })]);
    expect(out.errors[0].params.allowedValues).toContain("PAYMENT");
    expect(JSON.parse(bin(["validate", "quickstream", TX, "--json", "-"], JSON.stringify(good)).out)).toEqual({ valid: true });
  });

  it("exits 2 with a clear message for unreadable or non-JSON input", () => {
    const missing = bin(["validate", "quickstream", TX, join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nope\.json: no such file/);
    const notJson = bin(["validate", "quickstream", TX, file("bad.txt", "{ not json")]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/bad\.txt is not JSON/);
    const empty = bin(["validate", "quickstream", TX, "-"], "");
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/standard input is empty, not JSON/);
    expect(bin(["validate", "quickstream", TX, dir]).err).toMatch(/it is a directory/);
  });

  it("exits 2 for a file that is not UTF-8, and 1 (with messages) for deeply nested JSON", () => {
    const latin1 = join(dir, "latin1.json");
    writeFileSync(latin1, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])); // {"a":"\xe9"}
    const r = bin(["validate", "quickstream", TX, latin1]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/latin1\.json is not UTF-8 text/);
    const deep = `{"transactionType":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const d = bin(["validate", "quickstream", TX, "-", "--json"], deep);
    expect(d.code, d.err).toBe(1);
    const out = JSON.parse(d.out);
    expect(out.errors.length).toBeGreaterThan(0);
    expect(out.errors.every((e: { message: string }) => e.message.length < 300)).toBe(true);
  });

  it("exits 2 for an unknown target of any length, with the name cut short in the message", () => {
    const r = bin(["validate", "quickstream", "x".repeat(100_000), file("g5.json", "{}")]);
    expect(r.code).toBe(2);
    expect(r.err.length).toBeLessThan(500);
  });

  it("exits 2 for an unknown target or API and suggests the closest names", () => {
    const r = bin(["validate", "quickstream", "POST /transaction request", file("g2.json", "{}")]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain(`quickstream has no target "POST /transaction request". Closest: "${TX}"`);
    const json = bin(["validate", "quickstream", "PaymentTransactionReqest", file("g3.json", "{}"), "--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out).suggestions[0]).toBe("PaymentTransactionRequest");
    const api = bin(["validate", "quickstreem", TX, file("g4.json", "{}")]);
    expect(api.code).toBe(2);
    expect(api.err).toMatch(/unknown API "quickstreem": use paymentsplus or quickstream/);
  });

  it("exits 2 with usage for a wrong command line", () => {
    expect(bin([]).code).toBe(2);
    expect(bin(["frobnicate"]).code).toBe(2);
    expect(bin(["validate", "quickstream"]).err).toMatch(/usage: westpac-openapi validate/);
    const help = bin(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/westpac-openapi list <api>/);
  });

  it("lists the targets of an API", () => {
    const r = source(["list", "paymentsplus"]);
    expect(r.code).toBe(0);
    const names = r.out.trim().split("\n");
    expect(names).toContain("RequestAmount");
    expect(names.some((n) => n.endsWith(" request"))).toBe(true);
    expect(JSON.parse(bin(["list", "quickstream", "--json"]).out)).toContain(TX);
  });
});

describe("westpac-openapi on a large invalid file", () => {
  it("prints the first 100 errors and how many more, quickly (a 400 kB page took 10 s)", () => {
    const transaction = examples("quickstream").find((s) => s.target === "GET /transactions/{receiptNumber} 200")!.value as object;
    const big = JSON.stringify({ links: [], data: Array.from({ length: 400 }, () => ({ ...transaction, status: 42 })) });
    expect(big.length).toBeGreaterThan(300_000);
    const started = performance.now();
    const r = bin(["validate", "quickstream", "GET /transactions 200", file("big.json", big)]);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split("\n");
    expect(lines).toHaveLength(101);
    expect(lines[0]).toBe("/data: must have at most 20 items");
    expect(lines[100]).toBe("… and 301 more errors");
    const json = JSON.parse(bin(["validate", "quickstream", "GET /transactions 200", "--json", file("big.json", big)]).out);
    expect(json.errors).toHaveLength(100);
    expect(json.omittedErrors).toBe(301);
  });
});

describe("westpac-openapi validate --advice", () => {
  const PUT = "PUT /files/{fileIdentifier}/payments/{paymentIdentifier} request";
  const ott = examples("paymentsplus", "request").find((s) => s.target === PUT && s.name === "auOtt")!.value as Record<string, any>;

  it("prints the schemes' warnings after valid, and still exits 0 (Westpac's own OTT example)", () => {
    const r = bin(["validate", "paymentsplus", PUT, "--advice", file("ott.json", JSON.stringify(ott))]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out.trim().split("\n")).toEqual([
      "valid",
      expect.stringMatching(/^warning \/recipientAccount\/iban: an IBAN is .* \(iban\.format\)$/),
      expect.stringMatching(/^warning \/recipientAccount\/swiftCode: a SWIFT\/BIC code is .* \(bic\.format\)$/),
      expect.stringMatching(/^warning \/recipientAccount\/intermediarySwiftCode: a SWIFT\/BIC code is .* \(bic\.format\)$/),
    ]);
    // Without --advice, nothing changes.
    expect(bin(["validate", "paymentsplus", PUT, file("ott.json", JSON.stringify(ott))]).out).toBe("valid\n");
  });

  it("prints warnings after the errors, exits 1 for the errors only, and gives an advice array with --json", () => {
    const bad = { ...ott, currency: undefined };
    const r = source(["validate", "paymentsplus", PUT, "-", "--advice"], JSON.stringify(bad));
    expect(r.code).toBe(1);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("/currency: is required");
    expect(lines.slice(1).map((l) => l.replace(/:.*/, ""))).toEqual([
      "warning /recipientAccount/iban",
      "warning /recipientAccount/swiftCode",
      "warning /recipientAccount/intermediarySwiftCode",
    ]);
    const json = JSON.parse(bin(["validate", "paymentsplus", PUT, "--json", "--advice", file("ott.json", JSON.stringify(ott))]).out);
    expect(json.valid).toBe(true);
    expect(json.advice.map((a: any) => [a.pointer, a.code])).toEqual([
      ["/recipientAccount/iban", "iban.format"],
      ["/recipientAccount/swiftCode", "bic.format"],
      ["/recipientAccount/intermediarySwiftCode", "bic.format"],
    ]);
    expect(JSON.parse(bin(["validate", "paymentsplus", PUT, "--json", file("ott.json", JSON.stringify(ott))]).out)).toEqual({ valid: true });
  });

  it("is documented in --help, and refused by list", () => {
    expect(bin(["validate", "--help"]).out).toMatch(/--advice {2}also print warnings from the payment schemes' rules/);
    expect(bin(["--help"]).out).toMatch(/--advice/);
    const r = bin(["list", "paymentsplus", "--advice"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--advice is an option of validate only/);
  });
});
