// The Postman files people import to try the APIs by hand (`npm run build:postman`, build/postman/): one request per
// operation, in its tag's folder, with the description's example body and the right key; one environment per server
// and one per local server; the collection's tests (run by newman in test/postman-run.test.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { APIS, type ApiName } from "../scripts/lib.ts";
import { join } from "node:path";
import { buildPostman, collectionPath, environmentPath, LOCAL_SERVERS, mediaExamples, operationSchemes, POSTMAN_DIR } from "../scripts/postman.ts";
import { responseSpec } from "../scripts/postman-tests.ts";
import { deref } from "../scripts/pointer.ts";
import { listOperations } from "../scripts/targets.ts";
import { defaultExample } from "./contract/harness.ts";
import { loadDoc, type OperationRef } from "./support/spec.ts";

interface Found {
  folder: string[];
  item: any;
}

/** Every request of a collection with the folder names above it. */
function requests(items: any[], folder: string[] = []): Found[] {
  return items.flatMap((item) =>
    Array.isArray(item.item) ? requests(item.item, [...folder, item.name]) : item.request ? [{ folder, item }] : [],
  );
}

/**
 * The operation a Postman request calls, judged from its method and URL alone: description path parameters match
 * any segment text (Postman writes `:name`, or the example value when the parameter shares a segment), and the
 * operation with the most literal characters wins (`/files/for-status` over `/files/{fileIdentifier}`).
 */
function operationOf(doc: any, request: any): OperationRef | undefined {
  const url = `/${(request.url.path ?? []).join("/")}`;
  const candidates = listOperations(doc).filter((op) => {
    if (op.method.toUpperCase() !== request.method) return false;
    const pattern = op.path
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    return new RegExp(`^${pattern === "/" ? "/" : pattern}$`).test(url);
  });
  const literal = (path: string) => path.replace(/\{[^}]+\}/g, "").length;
  return candidates.sort((a, b) => literal(b.path) - literal(a.path))[0];
}

const basicUser = (auth: any) =>
  auth?.type === "basic" ? auth.basic?.find((p: any) => p.key === "username")?.value : undefined;

describe("Postman collections and environments", () => {
  beforeAll(async () => {
    await buildPostman();
  }, 180_000);

  for (const api of APIS) {
    describe(api, () => {
      const doc = loadDoc(api);
      const collection = () => JSON.parse(readFileSync(collectionPath(api), "utf8"));

      it("has exactly one request per operation, in its tag's folder", () => {
        const found = requests(collection().item);
        const byOperation = new Map<string, Found[]>();
        const unmatched: string[] = [];
        for (const entry of found) {
          const op = operationOf(doc, entry.item.request);
          if (!op) {
            unmatched.push(`${entry.item.request.method} /${entry.item.request.url.path.join("/")}`);
            continue;
          }
          const key = `${op.method.toUpperCase()} ${op.path}`;
          byOperation.set(key, [...(byOperation.get(key) ?? []), entry]);
        }
        expect(unmatched, "requests that call no operation").toEqual([]);
        const problems: string[] = [];
        for (const op of listOperations(doc)) {
          const key = `${op.method.toUpperCase()} ${op.path}`;
          const entries = byOperation.get(key) ?? [];
          if (entries.length !== 1) problems.push(`${key}: ${entries.length} requests`);
          else if (entries[0]!.folder.join("/") !== op.operation.tags[0]) {
            problems.push(`${key}: in folder "${entries[0]!.folder.join("/")}", tag is "${op.operation.tags[0]}"`);
          }
          if (entries[0] && entries[0].item.name !== op.operation.summary) problems.push(`${key}: named "${entries[0].item.name}"`);
        }
        expect(problems).toEqual([]);
        expect(found.length).toBe(listOperations(doc).length);
      });

      it("authenticates each request with the key variable of its operation's security scheme", () => {
        const c = collection();
        const problems: string[] = [];
        for (const { item } of requests(c.item)) {
          const op = operationOf(doc, item.request)!;
          const schemes = operationSchemes(op.operation, doc);
          const user = basicUser(item.request.auth ?? c.auth);
          const password = (item.request.auth ?? c.auth)?.basic?.find((p: any) => p.key === "password")?.value;
          if (!schemes.map((s) => `{{${s}}}`).includes(user)) problems.push(`${item.request.method} ${op.path}: user ${user}, schemes ${schemes}`);
          if (password !== "") problems.push(`${item.request.method} ${op.path}: the password must be empty`);
          if (!String(item.request.url.host?.join?.("") ?? item.request.url.host).includes("{{baseUrl}}")) {
            problems.push(`${item.request.method} ${op.path}: not on {{baseUrl}}`);
          }
        }
        expect(problems).toEqual([]);
        if (api === "paymentsplus") expect(basicUser(c.auth)).toBe("{{apiKey}}");
      });

      it("sends the description's first request example as the body, and a fresh Idempotency-Key", () => {
        const problems: string[] = [];
        for (const { item } of requests(collection().item)) {
          const op = operationOf(doc, item.request)!;
          const example = defaultExample(doc, op);
          if (example) {
            const raw = item.request.body?.mode === "raw" ? item.request.body.raw : undefined;
            let body: unknown;
            try {
              body = JSON.parse(raw);
            } catch {
              problems.push(`${op.method.toUpperCase()} ${op.path}: body is not JSON`);
              continue;
            }
            if (JSON.stringify(body) !== JSON.stringify(example.value)) problems.push(`${op.method.toUpperCase()} ${op.path}: body differs from "${example.name}"`);
          }
          const idempotency = (item.request.header ?? []).find((h: any) => String(h.key).toLowerCase() === "idempotency-key");
          if (idempotency && (idempotency.value !== "{{$guid}}" || idempotency.disabled)) {
            problems.push(`${op.method.toUpperCase()} ${op.path}: Idempotency-Key is ${JSON.stringify(idempotency)}`);
          }
        }
        expect(problems).toEqual([]);
        expect(JSON.stringify(collection())).not.toContain("<Error");
      });

      it("has one environment per server, whose baseUrl is the server's URL, and empty key variables", () => {
        const schemes = Object.keys(doc.components.securitySchemes);
        const expected = [...(doc.servers as any[]).map((server) => server["x-environment"] as string), ...Object.keys(LOCAL_SERVERS)];
        const files = readdirSync(POSTMAN_DIR).filter((f) => f.startsWith(`${api}.`) && f.endsWith(".postman_environment.json"));
        expect(files.sort()).toEqual(expected.map((e) => environmentPath(api as ApiName, e).split("/").pop()).sort());
        for (const server of doc.servers) {
          const path = environmentPath(api, server["x-environment"]);
          expect(existsSync(path), path).toBe(true);
          const environment = JSON.parse(readFileSync(path, "utf8"));
          const values = Object.fromEntries(environment.values.map((v: any) => [v.key, v.value]));
          expect(values).toEqual({ baseUrl: server.url, ...Object.fromEntries(schemes.map((s) => [s, ""])) });
          expect(environment._postman_variable_scope).toBe("environment");
        }
      });

      it("has a mock and a sandbox environment on the local servers' default ports, with keys of the documented form", () => {
        const schemes = Object.keys(doc.components.securitySchemes);
        for (const [name, ports] of Object.entries(LOCAL_SERVERS)) {
          const environment = JSON.parse(readFileSync(environmentPath(api, name), "utf8"));
          const values = Object.fromEntries(environment.values.map((v: any) => [v.key, v.value]));
          expect(values.baseUrl).toBe(`http://127.0.0.1:${ports[api]}`);
          for (const scheme of schemes) expect(values[scheme], scheme).toMatch(scheme === "publishableKey" ? /^[A-Z0-9]+_PUB_\w+$/ : /^[A-Z0-9]+_SEC_\w+$/);
        }
      });

      it("sends multipart bodies as forms whose file parts come from files beside the collection (no placeholders)", () => {
        const problems: string[] = [];
        let forms = 0;
        for (const { item } of requests(collection().item)) {
          const op = operationOf(doc, item.request)!;
          const multipart = op.operation.requestBody && deref(doc, op.operation.requestBody).content?.["multipart/form-data"];
          if (!multipart) continue;
          forms++;
          const key = `${op.method.toUpperCase()} ${op.path}`;
          const body = item.request.body;
          const example = mediaExamples(doc, multipart)[0]!.value as Record<string, unknown>;
          if (body?.mode !== "formdata") { problems.push(`${key}: body mode ${body?.mode}`); continue; }
          expect(body.formdata.map((p: any) => p.key).sort(), key).toEqual(Object.keys(example).sort());
          for (const part of body.formdata) {
            if (part.type === "file") {
              const file = join(POSTMAN_DIR, part.src ?? "");
              if (!part.src || !existsSync(file)) problems.push(`${key}: part ${part.key} has no file (${part.src})`);
              else if (readFileSync(file, "utf8") !== String(example[part.key])) problems.push(`${key}: ${part.src} is not the example's ${part.key}`);
            } else if (part.value !== String(example[part.key])) problems.push(`${key}: part ${part.key} is ${part.value}`);
          }
          if ((item.request.header ?? []).some((h: any) => String(h.key).toLowerCase() === "content-type")) {
            problems.push(`${key}: an explicit Content-Type would send no boundary`);
          }
        }
        expect(problems).toEqual([]);
        expect(forms).toBe(api === "paymentsplus" ? 2 : 1);
        expect(JSON.stringify(collection())).not.toContain("<string>");
      });

      it("names each request's operation for the collection's tests, which embed every response schema", () => {
        const c = collection();
        const problems: string[] = [];
        for (const { item } of requests(c.item)) {
          const op = operationOf(doc, item.request)!;
          const pre = (item.event ?? []).filter((e: any) => e.listen === "prerequest").flatMap((e: any) => e.script.exec).join("\n");
          if (pre !== `pm.variables.set("operationId", ${JSON.stringify(op.operation.operationId)});`) problems.push(`${op.operation.operationId}: ${pre}`);
        }
        expect(problems).toEqual([]);
        const tests = c.event.filter((e: any) => e.listen === "test");
        expect(tests).toHaveLength(1);
        const { operations, root } = responseSpec(doc);
        expect(tests[0].script.exec.join("\n")).toContain(JSON.stringify(root));
        for (const op of listOperations(doc)) {
          expect(Object.keys(operations[op.operation.operationId]!).sort()).toEqual(Object.keys(op.operation.responses).sort());
        }
      });
    });
  }
});
