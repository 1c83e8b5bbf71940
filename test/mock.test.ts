// `npm run mock` never fails silently (scripts/mock.ts, scripts/prism.ts, scripts/mock-front.ts): it refuses a port
// that is taken, exits 1 with Prism's own error when a Prism dies, and keeps Prism alive through multipart bodies that
// crash its parser (upstream stoplightio/prism#2672).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib.ts";
import { freePort, startPrism, type MockServer } from "../scripts/prism.ts";
import { validate } from "../src/validators/index.ts";

const auth = { authorization: `Basic ${Buffer.from("test-key:").toString("base64")}` };

/** `npm run mock` as a user runs it (one Node process, so that its Prism children are its own), with its output. */
function runMock(ports: [number, number]) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/mock.ts", "--paymentsplus-port", String(ports[0]), "--quickstream-port", String(ports[1])], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const until = async (text: string, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!stdout.includes(text) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    return stdout.includes(text);
  };
  return { child, exit, until, out: () => ({ stdout, stderr }) };
}

/** The Prism processes a mock process started, from Linux's /proc: pid and the private port Prism listens on. */
function prismChildren(child: ChildProcess): { pid: number; api: string; port: number }[] {
  const pids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  return pids.flatMap((pid) => {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const p = argv.indexOf("-p");
    const doc = argv.find((a) => a.endsWith("openapi.json")) ?? "";
    const api = /prism-(paymentsplus|quickstream)-/.exec(doc)?.[1];
    return p > 0 && api ? [{ pid, api, port: Number(argv[p + 1]) }] : [];
  });
}

/** A multipart body with one part, written byte for byte (fetch's FormData would normalise it). */
const rawPart = (part: string) => ({
  body: `--XX\r\n${part}\r\n--XX--\r\n`,
  headers: { ...auth, "content-type": "multipart/form-data; boundary=XX" },
});
const CRASHERS = {
  "an empty file name and no Content-Type (what Postman sends when no file is chosen)": 'Content-Disposition: form-data; name="file"; filename=""\r\n\r\na,b',
  "= in the file name": 'Content-Disposition: form-data; name="file"; filename="a=b.csv"\r\nContent-Type: text/csv\r\n\r\na,b',
};

describe("npm run mock", () => {
  const stops: (() => void)[] = [];
  afterAll(() => stops.forEach((stop) => stop()));
  const track = (m: ReturnType<typeof runMock>) => {
    stops.push(() => m.child.exitCode === null && m.child.kill("SIGTERM"));
    return m;
  };

  it("refuses ports that are taken, by another mock or by anything else, and leaves the first mock serving", async () => {
    const ports: [number, number] = [await freePort(), await freePort()];
    const first = track(runMock(ports));
    expect(await first.until("[mock] quickstream:"), first.out().stderr).toBe(true);

    const second = track(runMock(ports));
    expect(await second.exit).toBe(1);
    expect(second.out().stdout).not.toContain("[mock] paymentsplus:");
    expect(second.out().stderr).toContain(`port ${ports[0]} on 127.0.0.1 is already in use`);
    const answer = await fetch(`http://127.0.0.1:${ports[0]}/banking-days/2018-06-01`, { headers: auth });
    expect(answer.status).toBe(200);

    // A port held by some other program: QuickStream's this time, after PaymentsPlus started (which must be stopped).
    const other: Server = createServer();
    const busy = await freePort();
    await new Promise<void>((r) => other.listen(busy, "127.0.0.1", r));
    try {
      const third = track(runMock([await freePort(), busy]));
      expect(await third.exit).toBe(1);
      expect(third.out().stderr).toContain(`port ${busy} on 127.0.0.1 is already in use`);
      expect(third.out().stdout).not.toContain("[mock] quickstream:");
    } finally {
      other.close();
    }
    first.child.kill("SIGTERM");
    expect(await first.exit).toBe(0);
  }, 180_000);

  it("exits 1 with Prism's own error when a Prism dies, and stops the other", async () => {
    const ports: [number, number] = [await freePort(), await freePort()];
    const mock = track(runMock(ports));
    expect(await mock.until("[mock] quickstream:"), mock.out().stderr).toBe(true);
    const prisms = prismChildren(mock.child);
    expect(prisms.map((p) => p.api).sort()).toEqual(["paymentsplus", "quickstream"]);
    // Kill PaymentsPlus's Prism the way prism#2672 does, by sending the crashing body to Prism itself (behind the front).
    const target = prisms.find((p) => p.api === "paymentsplus")!;
    const { body, headers } = rawPart(Object.values(CRASHERS)[0]!);
    await fetch(`http://127.0.0.1:${target.port}/files/F1/upload`, { method: "PUT", body, headers }).catch(() => undefined);
    expect(await mock.exit).toBe(1);
    expect(mock.out().stderr).toContain("Prism for paymentsplus exited");
    expect(mock.out().stderr).toMatch(/TypeError: Cannot read properties of undefined/);
    await expect(fetch(`http://127.0.0.1:${ports[1]}/`, { headers: auth })).rejects.toThrow();
  }, 180_000);
});

describe("the mock's front keeps Prism alive through multipart bodies Prism cannot parse", () => {
  let pp: MockServer;
  let qs: MockServer;
  beforeAll(async () => {
    [pp, qs] = await Promise.all([startPrism("paymentsplus"), startPrism("quickstream")]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([pp?.stop(), qs?.stop()]);
  });
  it("answers under /rest/v1 and at the root, to the public Java SDK's key without ':' and to hard-coded full URLs", async () => {
    expect(qs.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/v1$/);
    expect(pp.url).toMatch(/\/rest\/v1$/);
    const host = qs.url.replace(/\/rest\/v1$/, "");
    const javaSdk = { authorization: `Basic ${Buffer.from("MYFACILITY_PUB_sandbox").toString("base64")}` };
    for (const url of [`${qs.url}/credit-cards/card-schemes/424242`, `${host}/credit-cards/card-schemes/424242`]) {
      const answer = await fetch(url, { headers: javaSdk });
      expect(answer.status, url).toBe(200);
      expect(((await answer.json()) as { cardScheme: string }).cardScheme).toBe("VISA");
    }
    const secret = { authorization: `Basic ${Buffer.from("MYFACILITY_SEC_sandbox").toString("base64")}` };
    const list = await fetch(`${host}/rest/v1/transactions?settlementDate=2024-01-02`, { headers: { ...secret, accept: "application/json" } });
    expect(list.status).toBe(200);
    expect((await fetch(`${host}/rest/v1/customers`)).status).toBe(401);
  });

  const alive = async (server: MockServer) => {
    const answer = await fetch(`${server.url}/`, { headers: auth });
    expect(answer.status).toBeLessThan(500);
  };

  for (const [name, part] of Object.entries(CRASHERS)) {
    it(`answers 422 in the API's error model for a part with ${name}`, async () => {
      const { body, headers } = rawPart(part);
      const answer = await fetch(`${pp.url}/files/F1/upload`, { method: "PUT", body, headers });
      expect(answer.status).toBe(422);
      const error = await answer.json();
      expect(validate("paymentsplus", "PUT /files/{fileIdentifier}/upload 422", error).valid).toBe(true);
      expect(error).toMatchObject({ requestMethod: "PUT", requestUrl: `${pp.url}/files/F1/upload`, errors: [{ fieldName: "file" }] });
      await alive(pp);
    });
  }

  it("answers 400 for a body that is not multipart/form-data at all", async () => {
    const { headers } = rawPart("");
    const answer = await fetch(`${qs.url}/payment-files`, { method: "POST", body: "--XX\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XX--\r\n", headers: { ...headers, "prevent-csrf": "true" } });
    expect(answer.status).toBe(400);
    expect(validate("quickstream", "POST /payment-files 400", await answer.json()).valid).toBe(true);
    await alive(qs);
  });

  it("passes a real upload on to Prism, also one whose part has no Content-Type", async () => {
    const form = new FormData();
    form.append("file", new Blob(["PAYMENT1,MYSUPPLIER,MYCOMPANY-123456789,,100.41\n"]), "payments.csv");
    form.append("format", "CSV_TOKENS");
    const upload = await fetch(`${qs.url}/payment-files`, { method: "POST", body: form, headers: { ...auth, "prevent-csrf": "true", "idempotency-key": "k1" } });
    expect(upload.status).toBe(201);
    expect(validate("quickstream", "POST /payment-files 201", await upload.json()).valid).toBe(true);
    const { body, headers } = rawPart('Content-Disposition: form-data; name="file"; filename="payments.csv"\r\n\r\na,b');
    const bare = await fetch(`${pp.url}/files/F1/upload`, { method: "PUT", body, headers });
    expect([200, 201]).toContain(bare.status);
    expect(validate("paymentsplus", "PUT /files/{fileIdentifier}/upload 200", await bare.json()).valid).toBe(true);
  });

  it("survives any part name, file name, content type and content (property test)", async () => {
    const text = fc.string({ unit: "binary", maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(text, fc.option(text, { nil: undefined }), fc.option(text, { nil: undefined }), text, async (name, filename, type, content) => {
        const headerSafe = (s: string) => s.replace(/[\r\n]/g, " ");
        const disposition = `Content-Disposition: form-data; name="${headerSafe(name)}"${filename === undefined ? "" : `; filename="${headerSafe(filename)}"`}`;
        const part = `${disposition}${type === undefined ? "" : `\r\nContent-Type: ${headerSafe(type)}`}\r\n\r\n${content}`;
        const { body, headers } = rawPart(part);
        const answer = await fetch(`${pp.url}/files/F1/upload`, { method: "PUT", body, headers });
        await answer.arrayBuffer();
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 150, seed: 20261130 },
    );
    await alive(pp);
  }, 120_000);
});
