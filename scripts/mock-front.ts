// The front of each Prism mock (scripts/prism.ts): an HTTP server on the public port that passes every request to
// Prism on a private port, after two guards Prism lacks.
//   - The public port is bound here, exclusively: a port already in use is an error, never a silent share.
//   - Prism 5.14's multipart parser throws outside any handler, killing the process, on parts it cannot split
//     (a file part without Content-Type, a name or file name holding `;`, `=` or `"`, ...; upstream
//     stoplightio/prism#2672, open). Multipart bodies are read here with the Fetch standard's parser and passed on
//     re-encoded in the plain form Prism reads; a part this front refuses gets a 422 in the API's error model.
//   - As the real hosts do, the APIs answer under /rest/v1 (the descriptions' servers end in it); the front takes the
//     prefix off before Prism, so the root keeps working too. A Basic key sent without the trailing `:` (the official
//     text's "base-64 encoded representation of your API key", as the public Java SDK sends it) gets its `:` here.
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiName } from "./lib.ts";

/** Headers that belong to one connection, not to the message (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);
/** Characters Prism's multipart parser splits on or cannot unquote (it reads each parameter with JSON.parse). */
const UNREADABLE = /["\\;=\u0000-\u001f\u007f]/;

export interface FrontServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface FieldError {
  fieldName: string;
  fieldValue?: string;
  messages: string[];
}

/** Listen on 127.0.0.1:port (0 = any free port) and forward to Prism at target. Rejects when the port is taken. */
export function startFront(api: ApiName, port: number, target: { port: number }): Promise<FrontServer> {
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => answerError(res, req, 502, "Bad Gateway.", `The mock could not reach Prism: ${err.message}`));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = forwardable(req.headers);
    const auth = basicWithColon(req.headers.authorization);
    if (auth !== undefined) headers.authorization = auth;
    const multipart = /^multipart\/form-data\b/i.test(String(req.headers["content-type"] ?? ""));
    if (!multipart) return forward(req, res, headers, req);
    const raw = await readBody(req);
    let form: FormData;
    try {
      form = await new Request("http://front.invalid/", { method: "POST", headers: { "content-type": String(req.headers["content-type"]) }, body: new Uint8Array(raw) }).formData();
    } catch {
      return answerError(res, req, 400, "Bad Request.", "The body could not be read as multipart/form-data (RFC 7578): check the boundary and each part's Content-Disposition.");
    }
    const errors = unreadableParts(form);
    if (errors.length) {
      return answerError(res, req, 422, "Some of the details you entered are invalid.", "Refused by the mock before Prism: Prism cannot read these multipart parts (stoplightio/prism#2672).", errors);
    }
    const encoded = new Request("http://front.invalid/", { method: "POST", body: form });
    const body = Buffer.from(await encoded.arrayBuffer());
    headers["content-type"] = encoded.headers.get("content-type")!;
    headers["content-length"] = String(body.length);
    return forward(req, res, headers, body);
  }

  function forward(req: IncomingMessage, res: ServerResponse, headers: Record<string, string | string[]>, body: IncomingMessage | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: "127.0.0.1", port: target.port, method: req.method, path: withoutBasePath(req.url ?? "/"), headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardable(answer.headers));
        answer.pipe(res);
        answer.on("end", resolve);
        answer.on("error", reject);
      });
      upstream.on("error", reject);
      if (Buffer.isBuffer(body)) upstream.end(body);
      else body.pipe(upstream);
    });
  }

  /** An error answer in the API's own model (ErrorBase), about this request. */
  function answerError(res: ServerResponse, req: IncomingMessage, status: number, customerMessage: string, developerMessage: string, errors?: FieldError[]): void {
    if (res.headersSent) return void res.destroy();
    const address = server.address() as AddressInfo;
    const body = JSON.stringify({
      links: [],
      status: String(status),
      requestMethod: req.method,
      requestUrl: `http://127.0.0.1:${address.port}${req.url}`,
      customerMessage,
      developerMessage,
      ...(errors ? { errors } : {}),
    });
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  }

  // Clients keep connections open between calls; a server that closes an idle one just as a client reuses it
  // resets that call. Node closes idle connections after 5 s by default; a mock often waits longer between calls.
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      agent.destroy();
      reject(err.code === "EADDRINUSE" ? new Error(`port ${port} on 127.0.0.1 is already in use (is another mock or sandbox running?): choose another with --${api}-port`) : err);
    });
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}${BASE_PATH}`,
        port: bound,
        close: () =>
          new Promise((done) => {
            agent.destroy();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export const BASE_PATH = "/rest/v1";

/** A request target without the /rest/v1 the real hosts put before every operation. */
export function withoutBasePath(target: string): string {
  if (target === BASE_PATH || target.startsWith(`${BASE_PATH}/`) || target.startsWith(`${BASE_PATH}?`)) {
    const rest = target.slice(BASE_PATH.length);
    return rest.startsWith("/") ? rest : `/${rest}`;
  }
  return target;
}

/** `Basic base64(key)` without a `:` becomes `Basic base64(key + ":")`; anything else is left as it is (undefined). */
export function basicWithColon(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  return decoded.includes(":") ? undefined : `Basic ${Buffer.from(`${decoded}:`).toString("base64")}`;
}

function forwardable(headers: IncomingMessage["headers"]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The parts whose name or file name Prism cannot read, and file parts sent without a file (an empty file name). */
function unreadableParts(form: FormData): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, value] of form) {
    if (!name || UNREADABLE.test(name)) {
      errors.push({ fieldName: name, messages: ['The part name must not be empty or hold ", \\, ;, = or control characters.'] });
    } else if (typeof value !== "string") {
      if (!value.name) errors.push({ fieldName: name, fieldValue: "", messages: ["No file was sent: the part has an empty file name."] });
      else if (UNREADABLE.test(value.name)) {
        errors.push({ fieldName: name, fieldValue: value.name, messages: ['The file name must not hold ", \\, ;, = or control characters.'] });
      }
    }
  }
  return errors;
}
