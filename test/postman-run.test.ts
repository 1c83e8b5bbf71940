// newman (pinned in tools/newman, installed by `npm run setup`) runs both Postman collections against the sandbox and
// the Prism mock with the collection's own tests: every request answered, every assertion passing. And the tests can fail: against
// a server that answers an undocumented status or a body its schema refuses, they do.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIS, ROOT, type ApiName } from "../scripts/lib.ts";
import { buildPostman, collectionPath, environmentPath, POSTMAN_DIR } from "../scripts/postman.ts";
import { startPrism, type MockServer } from "../scripts/prism.ts";
import { startSandbox, type Sandbox } from "../src/sandbox/index.ts";
import { listOperations } from "../scripts/targets.ts";
import { loadDoc } from "./support/spec.ts";

const NEWMAN = join(ROOT, "tools", "newman", "node_modules", "newman");

interface Execution {
  item: { name: string };
  request: { method: string; url: { toString(): string } };
  response?: { code: number };
  requestError?: Error;
  assertions?: { assertion: string; error?: { message: string } }[];
}
interface Summary {
  run: { stats: Record<string, { total: number; failed: number }>; executions: Execution[]; failures: { error: { test?: string; message: string }; source?: { name?: string } }[] };
}

/** Run one collection with one of its local environments (its keys) against baseUrl; resolves with newman's summary. */
function runCollection(api: ApiName, environment: "mock" | "sandbox", baseUrl: string): Promise<Summary> {
  if (!existsSync(NEWMAN)) throw new Error("newman is not installed: run `npm run setup -- --tool newman`");
  const newman = createRequire(import.meta.url)(NEWMAN) as { run(options: object, cb: (err: Error | null, summary: Summary) => void): void };
  return new Promise((resolve, reject) =>
    newman.run(
      {
        collection: collectionPath(api),
        environment: environmentPath(api, environment),
        envVar: [{ key: "baseUrl", value: baseUrl }],
        workingDir: POSTMAN_DIR, // the upload requests' files are relative to it
        reporters: [],
        timeoutRequest: 30_000,
      },
      (err, summary) => (err ? reject(err) : resolve(summary)),
    ),
  );
}

const failures = (summary: Summary) =>
  summary.run.failures.map((f) => `${f.source?.name}: ${f.error.test ?? ""} ${f.error.message.slice(0, 400)}`);

beforeAll(async () => {
  await buildPostman();
}, 180_000);

describe("newman runs both Postman collections against the sandbox", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ strictResponses: true });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  for (const api of APIS) {
    it(`${api}: every request is answered, and every assertion passes`, async () => {
      const summary = await runCollection(api, "sandbox", sandbox.urls[api]);
      expect(failures(summary)).toEqual([]);
      const operations = listOperations(loadDoc(api)).length;
      expect(summary.run.stats.requests).toMatchObject({ total: operations, failed: 0 });
      expect(summary.run.executions.filter((e) => !e.response || e.requestError).map((e) => e.item.name)).toEqual([]);
      const assertions = summary.run.executions.reduce((n, e) => n + (e.assertions?.length ?? 0), 0);
      expect(summary.run.stats.assertions).toMatchObject({ total: assertions, failed: 0 });
      expect(assertions).toBeGreaterThanOrEqual(3 * operations);
      // The sandbox is stateful: requests for the examples' ids that no earlier request created answer 404, as the
      // API would. Its uploads must succeed or meet the file an earlier request created (409), never be refused.
      const uploads = summary.run.executions.filter((e) => /upload/i.test(e.item.name)).map((e) => e.response!.code);
      expect(uploads.length).toBeGreaterThan(0);
      for (const code of uploads) expect([200, 201, 409]).toContain(code);
      expect(sandbox.violations).toEqual([]);
    }, 300_000);
  }
});

describe("newman runs both Postman collections against the mock", () => {
  for (const api of APIS) {
    describe(api, () => {
      let server: MockServer;
      beforeAll(async () => {
        server = await startPrism(api);
      }, 60_000);
      afterAll(async () => {
        await server?.stop();
      });

      it("every request is answered with a success, and every assertion passes", async () => {
        const summary = await runCollection(api, "mock", server.url);
        expect(failures(summary)).toEqual([]);
        const operations = listOperations(loadDoc(api)).length;
        expect(summary.run.stats.requests).toMatchObject({ total: operations, failed: 0 });
        // Four checks for each request (operation named, documented status, media type, schema) unless the
        // answer has no JSON body (a 204 or a CSV report): then three.
        const expected = summary.run.executions.reduce((n, e) => n + (e.assertions?.length ?? 0), 0);
        expect(summary.run.stats.assertions).toMatchObject({ total: expected, failed: 0 });
        expect(expected).toBeGreaterThanOrEqual(3 * operations);
        const unanswered = summary.run.executions.filter((e) => !e.response || e.requestError).map((e) => e.item.name);
        expect(unanswered).toEqual([]);
        // Prism answers each request example with its documented success; anything else means a request the mock
        // refused (an upload without its file, a placeholder value).
        const refused = summary.run.executions.filter((e) => e.response!.code >= 300).map((e) => `${e.item.name}: ${e.response!.code}`);
        expect(refused).toEqual([]);
      }, 300_000);
    });
  }
});

describe("the collections' tests fail when the API breaks its description", () => {
  let wrong: Server;
  let url: string;
  beforeAll(async () => {
    // Every answer is wrong: 418 (no operation documents it) for GETs, and a 200 whose body is an array for the rest.
    wrong = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.method === "GET") res.writeHead(418, { "content-type": "application/json" }).end("{}");
        else res.writeHead(200, { "content-type": "application/json" }).end("[1, 2, 3]");
      });
    });
    await new Promise<void>((resolve) => wrong.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => wrong.close(() => resolve())));

  it("reports the undocumented status of every GET and the invalid body of a documented 200", async () => {
    const summary = await runCollection("paymentsplus", "mock", url);
    const failed = failures(summary);
    const gets = summary.run.executions.filter((e) => e.request.method === "GET");
    expect(failed.filter((f) => / status 418 is documented/.test(f))).toHaveLength(gets.length);
    // POST /payments/{id} documents 200 with a JSON payment: an array is not one.
    expect(failed.some((f) => /body validates against the 200 response schema/.test(f))).toBe(true);
  }, 300_000);
});
