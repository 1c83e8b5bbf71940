// Conformance by a tool nobody here wrote: schemathesis (scripts/schemathesis.ts) against the sandbox, for both
// descriptions, bounded and seeded: no 5xx (none is injected: it sends no X-Sandbox-Fault), every response documented
// and conforming to its schema, auth and required headers enforced, resources created can be read back.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIS } from "../../scripts/lib.ts";
import { runSchemathesis, SCHEMATHESIS_TOOL } from "../../scripts/schemathesis.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.ts";

/** The failures section of schemathesis's output (what to fix), or all of it when there is none. */
const failures = (output: string) => /={10,} FAILURES ={10,}([\s\S]*?)={10,} SUMMARY/.exec(output)?.[1]?.trim() ?? output;

describe("schemathesis finds no failure in the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it("for both descriptions", async () => {
    const runs = await Promise.all(
      APIS.map((api) => {
        const baseline = join(SCHEMATHESIS_TOOL, `baseline-${api}.json`);
        return runSchemathesis(api, sandbox.urls[api], { key: "SCHEMATHESIS_SEC_run", ...(existsSync(baseline) ? { baseline } : {}) });
      }),
    );
    for (const [i, run] of runs.entries()) expect(run.output, APIS[i]).toMatch(/Selected: (\d+)\/\1/);
    expect(runs.map((run, i) => (run.code === 0 ? `${APIS[i]}: passed` : `${APIS[i]} (exit ${run.code}):\n${failures(run.output)}`))).toEqual(
      APIS.map((api) => `${api}: passed`),
    );
    // Whatever schemathesis sent, the sandbox's own answers conformed to the description (it logs any that did not).
    expect(sandbox.violations).toEqual([]);
  }, 300_000);
});
