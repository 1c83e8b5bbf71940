// Command-line conventions, as a user meets them: `--version`, `--help` on every command and subcommand (standard
// output, exit 0), usage errors on standard error with exit 2, for the package's bin and for `npm run mock` and
// `npm run sandbox`. Each command is run as a child process, the way a shell runs it.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib.ts";
import pkg from "../package.json" with { type: "json" };

const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const bin = (...args: string[]) => run(process.execPath, [join(ROOT, pkg.bin["westpac-openapi"]), ...args], { WESTPAC_OPENAPI_FROM_SOURCE: "1" });

describe("westpac-openapi", () => {
  it("prints the package's version with --version", () => {
    expect(bin("--version")).toEqual({ code: 0, out: `${pkg.version}\n`, err: "" });
  });

  it.each([
    [["--help"], "Usage:"],
    [["validate", "--help"], "Usage: westpac-openapi validate"],
    [["list", "--help"], "Usage: westpac-openapi list"],
    [["list", "quickstream", "--help"], "Usage: westpac-openapi list"],
    [["sandbox", "--help"], "Usage: westpac-openapi sandbox"],
  ])("%j prints its usage on standard output and exits 0", (args, first) => {
    const r = bin(...args);
    expect(r.code, r.err).toBe(0);
    expect(r.out.startsWith(first)).toBe(true);
    expect(r.err).toBe("");
  });

  it.each([[[]], [["frobnicate"]], [["validate", "quickstream"]], [["list", "nowhere"]], [["--nope"]]])(
    "%j is a usage error: a message on standard error, nothing on standard output, exit 2",
    (args) => {
      const r = bin(...args);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(/westpac-openapi|Usage:/);
    },
  );
});

describe("npm run mock and npm run sandbox", () => {
  it.each([
    ["scripts/mock.ts", "Usage: npm run mock"],
    ["scripts/sandbox.ts", "Usage: westpac-openapi sandbox"],
  ])("%s --help prints its usage and exits 0 without starting a server", (script, first) => {
    const r = run(TSX, [script, "--help"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.startsWith(first)).toBe(true);
    expect(r.out).not.toMatch(/listening|\[mock\] (paymentsplus|quickstream):/);
  });

  it.each(["scripts/mock.ts", "scripts/sandbox.ts"])("%s with an unknown option exits 2 with a message, not a stack trace", (script) => {
    const r = run(TSX, [script, "--no-such-option"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no-such-option/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
