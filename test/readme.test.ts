// The README as a newcomer reads it: its figures match the descriptions, its links resolve, and its quick start runs
// exactly as printed (the same commands, the same code as examples/quick-start.ts) against the sandbox.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { useDefaultPorts } from "./support/default-ports.ts";
import { APIS, QUIET_ENV, ROOT } from "../scripts/lib.ts";
import { loadDoc } from "./support/spec.ts";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const section = (title: string) => README.slice(README.indexOf(`## ${title}`), README.indexOf("\n## ", README.indexOf(`## ${title}`) + 3));
const blocks = (text: string, lang: string) => [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

describe("README", () => {
  it("is short enough to read in two minutes", () => {
    expect(README.split("\n").length).toBeLessThanOrEqual(150);
  });

  it("states the operation and evidence counts of the descriptions", () => {
    const evidence: Record<string, number> = {};
    let pairs = 0;
    type Operation = { operationId?: string; "x-evidence"?: string; responses?: Record<string, unknown> };
    const counts = APIS.map((api) => {
      const doc = loadDoc(api) as unknown as { paths: Record<string, Record<string, Operation>> };
      const ops = Object.values(doc.paths).flatMap((item) => Object.values(item).filter((op) => op?.operationId));
      for (const op of ops) evidence[op["x-evidence"]!] = (evidence[op["x-evidence"]!] ?? 0) + 1;
      for (const op of ops) pairs += Object.keys(op.responses ?? {}).length;
      return ops.length;
    });
    const proven = section("What is proven");
    expect(proven).toContain(`**${counts[0]! + counts[1]!} of ${counts[0]! + counts[1]!}**`);
    expect(proven).toContain(`PaymentsPlus ${counts[0]}, QuickStream ${counts[1]}`);
    for (const [grade, n] of Object.entries(evidence)) expect(proven).toContain(`${n} \`${grade}\``);
    expect(proven).toContain(`(${pairs} operation × status pairs)`);
  });

  it("links only to files that exist (README and docs/)", () => {
    const docs = readdirSync(join(ROOT, "docs"), { recursive: true }).map((f) => `docs/${String(f)}`);
    const pages = ["README.md", ...docs].filter((f) => f.endsWith(".md"));
    expect(pages.length).toBeGreaterThan(15);
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target] of readFileSync(join(ROOT, page), "utf8").matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!existsSync(resolve(ROOT, dirname(page), target!))) broken.push(`${page} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  describe("quick start", () => {
    const quick = section("Quick start");
    const [commands] = blocks(quick, "sh");
    const [code] = blocks(quick, "ts");
    let sandbox: ReturnType<typeof spawn> | undefined;
    useDefaultPorts(() => sandbox);

    it("prints examples/quick-start.ts word for word", () => {
      expect(code).toBe(readFileSync(join(ROOT, "examples", "quick-start.ts"), "utf8"));
    });

    it("runs as printed against `npm run sandbox`: pays with a test card, reads the payment back, refunds part of it", async () => {
      const lines = commands!.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
      expect(lines).toEqual(["npm run sandbox &", "npx tsx examples/quick-start.ts"]);
      // The first command in the background, as the shell would run it; wait until it prints both base URLs, as a
      // reader would.
      sandbox = spawn("npm", ["run", "sandbox"], { cwd: ROOT, env: QUIET_ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let said = "";
      await new Promise<void>((ready, failed) => {
        const timer = setTimeout(() => failed(new Error(`npm run sandbox did not print both base URLs within 60 s:\n${said}`)), 60_000);
        const listen = (d: Buffer) => {
          said += d;
          if (said.includes("[sandbox] paymentsplus: http://127.0.0.1:4020/rest/v1") && said.includes("[sandbox] quickstream: http://127.0.0.1:4021/rest/v1")) {
            clearTimeout(timer);
            ready();
          }
        };
        sandbox!.stdout!.on("data", listen);
        sandbox!.stderr!.on("data", listen);
        sandbox!.on("exit", (code) => failed(new Error(`npm run sandbox exited (${code}):\n${said}`)));
      });
      const [cmd, ...args] = lines[1]!.split(" ");
      // As printed: no URL or key in the environment, so the script's own defaults (the sandbox) apply.
      const env: NodeJS.ProcessEnv = { ...QUIET_ENV };
      for (const name of ["QUICKSTREAM_URL", "QUICKSTREAM_SECRET_KEY", "QUICKSTREAM_PUBLISHABLE_KEY"]) delete env[name];
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(cmd!, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const [paid, read, refund] = run.stdout.trim().split("\n");
      const receipt = /^payment (\d+): Approved \(summary code 0\)$/.exec(paid!)?.[1];
      expect(receipt, run.stdout).toBeDefined();
      expect(read).toBe(`read back ${receipt}: $25.00`);
      expect(refund).toMatch(/^refund \d+: Approved, \$10\.00$/);
      expect(refund).not.toContain(receipt!);
    }, 120_000);
  });
});
