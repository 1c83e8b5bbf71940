// Tests that run `npm run sandbox` as a reader would listen on its default ports (4020, 4021), so two such test files
// must not run at once. This lock (a directory made atomically, holding the owner's pid) makes them take turns
// across vitest's workers; a lock whose owner has died is taken over.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

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

/**
 * For a describe block that starts `npm run sandbox` (detached, in its own process group) on the default ports: holds
 * the lock before its tests, and afterwards stops that group if it is still running and releases the lock.
 */
export function useDefaultPorts(running: () => ChildProcess | undefined): void {
  let release = () => {};
  beforeAll(async () => {
    release = await holdDefaultPorts();
  }, 150_000);
  afterAll(async () => {
    const child = running();
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGKILL");
      await exited;
    }
    release();
  });
}
