// Tests that run `npm run sandbox` as a reader would listen on its default ports (4020, 4021), so two such test files
// must not run at once. This lock (a directory made atomically, holding the owner's pid) makes them take turns
// across vitest's workers; a lock whose owner has died is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LOCK = join(tmpdir(), "westpac-payments-openapi-default-ports.lock");

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Wait until this process holds the default ports' lock; returns the release function. */
export async function holdDefaultPorts(timeoutMs = 120_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, "pid"), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      let owner = 0;
      try {
        owner = Number(readFileSync(join(LOCK, "pid"), "utf8")) || 0;
      } catch {
        // made a moment ago, its pid not yet written (or just released)
      }
      if (owner && !alive(owner)) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the default ports' lock ${LOCK} is held by pid ${owner}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
