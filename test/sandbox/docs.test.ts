// docs/mock-and-sandbox.md's scripted scenario runs exactly as printed: the page shows the example scripts word for
// word, and its commands (`npm run sandbox &` then the two scripts) print what the page says they print. Also: the
// command stops cleanly on SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useDefaultPorts } from "../support/default-ports.ts";
import { QUIET_ENV, ROOT } from "../../scripts/lib.ts";

const PAGE = readFileSync(join(ROOT, "docs", "mock-and-sandbox.md"), "utf8");
const start = PAGE.indexOf("### The scripted scenario");
const section = PAGE.slice(start, PAGE.indexOf("\n### ", start + 4));
const blocks = (lang: string) => [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

describe("docs/mock-and-sandbox.md scripted scenario", () => {
  const [commands] = blocks("sh");
  const scripts = blocks("ts");
  const outputs = blocks("text");
  let sandbox: ReturnType<typeof spawn> | undefined;
  useDefaultPorts(() => sandbox);

  it("prints the example scripts word for word", () => {
    expect(scripts).toEqual([
      readFileSync(join(ROOT, "examples", "sandbox-quickstream.ts"), "utf8"),
      readFileSync(join(ROOT, "examples", "sandbox-paymentsplus.ts"), "utf8"),
    ]);
  });

  it("runs as printed against `npm run sandbox`, and the sandbox stops cleanly on SIGTERM", async () => {
    const lines = commands!.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
    expect(lines).toEqual(["npm run sandbox &", "npx tsx examples/sandbox-quickstream.ts", "npx tsx examples/sandbox-paymentsplus.ts"]);
    const env: NodeJS.ProcessEnv = { ...QUIET_ENV };
    for (const name of ["QUICKSTREAM_URL", "PAYMENTSPLUS_URL", "PAYMENTSPLUS_PORT", "QUICKSTREAM_PORT", "QUICKSTREAM_SECRET_KEY", "QUICKSTREAM_PUBLISHABLE_KEY", "PAYMENTSPLUS_API_KEY"]) delete env[name];
    sandbox = spawn("npm", ["run", "sandbox"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    sandbox.stdout!.on("data", (d) => (out += d));
    sandbox.stderr!.on("data", (d) => (out += d));
    const deadline = Date.now() + 60_000;
    while (!out.includes("[sandbox] quickstream:")) {
      if (Date.now() > deadline || sandbox.exitCode !== null) throw new Error(`npm run sandbox did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toContain("[sandbox] paymentsplus: http://127.0.0.1:4020/rest/v1\n[sandbox] quickstream: http://127.0.0.1:4021/rest/v1\n");

    for (const [i, line] of lines.slice(1).entries()) {
      const [cmd, ...args] = line.split(" ");
      const run = spawnSync(cmd!, args, { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(outputs[i]);
    }

    // SIGTERM to the group, as a terminal or a CI runner sends it: npm ends at once; the sandbox's output closes
    // when the sandbox itself has stopped, and then its ports are free.
    const closed = new Promise<void>((resolve) => sandbox!.once("close", () => resolve()));
    process.kill(-sandbox.pid!, "SIGTERM");
    await closed;
    expect(out).toContain("[sandbox] SIGTERM: stopping");
    for (const port of [4020, 4021]) {
      const answered = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then(() => true, () => false);
      expect(answered, `port ${port} still answers`).toBe(false);
    }
  }, 120_000);
});
