// The README as a newcomer reads it: its figures match the descriptions, its links resolve, and its quick start runs
// exactly as printed (the same commands, the same code as examples/quick-start.ts) against the mock.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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
    const pages = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) => f.endsWith(".md"));
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
    let mock: ReturnType<typeof spawn> | undefined;
    afterAll(() => {
      if (mock?.pid) process.kill(-mock.pid, "SIGTERM");
    });

    it("prints examples/quick-start.ts word for word", () => {
      expect(code).toBe(readFileSync(join(ROOT, "examples", "quick-start.ts"), "utf8"));
    });

    it("runs as printed against `npm run mock`", async () => {
      const lines = commands!.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
      expect(lines).toEqual(["npm run mock &", "npx tsx examples/quick-start.ts"]);
      // The first command in the background, as the shell would run it; wait until it says both servers are up, as a
      // reader would (its ports answer earlier: each front listens before its Prism is ready, and answers 502 until then).
      mock = spawn("npm", ["run", "mock"], { cwd: ROOT, env: QUIET_ENV, detached: true, stdio: ["ignore", "pipe", "ignore"] });
      let said = "";
      await new Promise<void>((ready, failed) => {
        const timer = setTimeout(() => failed(new Error(`npm run mock did not say both servers are up within 60 s:\n${said}`)), 60_000);
        mock!.stdout!.on("data", (d: Buffer) => {
          said += d;
          if (said.includes("[mock] paymentsplus: http://127.0.0.1:4010") && said.includes("[mock] quickstream: http://127.0.0.1:4011")) {
            clearTimeout(timer);
            ready();
          }
        });
        mock!.on("exit", (code) => failed(new Error(`npm run mock exited (${code}):\n${said}`)));
      });
      const [cmd, ...args] = lines[1]!.split(" ");
      // As printed: no URL or key in the environment, so the script's own defaults (the mock) apply.
      const env: NodeJS.ProcessEnv = { ...QUIET_ENV };
      delete env.QUICKSTREAM_URL;
      delete env.QUICKSTREAM_SECRET_KEY;
      const run = spawnSync(cmd!, args, { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout.trim().split("\n")).toEqual([
        "payment 1234567890: Approved",
        "recent 1234567890: Approved",
        "invalid /supplierBusinessCode: is required",
        "invalid /principalAmount: is required",
      ]);
    }, 120_000);
  });
});
