// `startSandbox()`: both APIs on loopback ports, in this process, for tests and for `westpac-openapi sandbox`.
//   const sandbox = await startSandbox({ paymentsplusPort: 0, quickstreamPort: 0, state: "state.json" });
//   sandbox.urls.quickstream  // http://127.0.0.1:PORT
//   await sandbox.stop();
import type { AddressInfo } from "node:net";
import { createAdaptorServer, type HttpBindings } from "@hono/node-server";
import type { Hono } from "hono";
import { FaultRules, FaultSyntaxError } from "./faults.js";
import { basicUser, readKey } from "./keys.js";
import { advanceFiles, paymentsplus, type PaymentsPlusFacility } from "./paymentsplus.js";
import { PAYER_ACTIONS, quickstream, type QuickStreamFacility } from "./quickstream/index.js";
import { createApp, type ApiModule } from "./server.js";
import { loadOperations, type ApiName } from "./spec.js";
import { Store } from "./state.js";
import { Webhooks, type Delivery } from "./webhooks.js";

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  paymentsplusPort?: number;
  quickstreamPort?: number;
  /** Loopback by default. */
  host?: string;
  /** Keep the state in this file across restarts: an append-only journal, one line per change (P114). */
  state?: string;
  /** Keep at most this many rows per table of a facility, and as many Idempotency-Key answers (oldest go first). */
  retain?: number;
  /** Where PayTo agreement notifications are POSTed. */
  webhookUrl?: string;
  /** Key of the HMAC-SHA256 signature in `X-Webhook-Signature` (the sandbox's own scheme). */
  webhookSecret?: string;
  /** Waits before each resend of an undelivered webhook (default 200, 1000, 5000, 25000 ms). */
  webhookRetryDelaysMs?: number[];
  /** A JSON fault file: `{ "faults": [{ "operation": "POST /transactions", "fault": "503", "times": 1 }] }`. */
  faults?: string;
  /** PaymentsPlus: move sent files on by themselves every this many ms (default: only the control call moves them). */
  fileStatusDelayMs?: number;
  /** Answer 500 when a response would not conform to the description (tests); default: log it and send it. */
  strictResponses?: boolean;
  /** The clock (tests). */
  now?: () => Date;
  /** How long a request body may take to arrive before the connection is closed (default 10 s). */
  bodyTimeoutMs?: number;
}

export interface Sandbox {
  urls: Record<ApiName, string>;
  /** Every response body that did not conform to the description (should stay empty). */
  violations: string[];
  /** Answers whose status the operation does not document (e.g. 422 for a malformed date where none is listed). */
  undocumented: string[];
  webhooks: Delivery[];
  faults: FaultRules;
  stop(): Promise<void>;
}

export { FaultRules, type Delivery };

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? (() => new Date());
  const store = new Store({ file: options.state, retain: options.retain, now, schemas: { paymentsplus: paymentsplus.tables, quickstream: quickstream.tables } });
  const faults = new FaultRules();
  if (options.faults) faults.load(options.faults);
  const violations: string[] = [];
  const undocumented: string[] = [];
  const webhooks = new Webhooks({
    url: options.webhookUrl,
    secret: options.webhookSecret ?? "sandbox-webhook-secret",
    retryDelaysMs: options.webhookRetryDelaysMs ?? [200, 1000, 5000, 25_000],
  });
  const urls = {} as Record<ApiName, string>;
  const servers: ReturnType<typeof createAdaptorServer>[] = [];
  const timers: NodeJS.Timeout[] = [];

  const start = async (module: ApiModule<any>, port: number, control: (app: Hono<{ Bindings: HttpBindings }>) => void) => {
    const app = createApp({
      store,
      faults,
      operations: loadOperations(module.api),
      module,
      baseUrl: () => urls[module.api],
      now,
      strictResponses: options.strictResponses ?? false,
      bodyTimeoutMs: options.bodyTimeoutMs,
      emit: (eventType, data, at) => void webhooks.sendAgreementEvent(eventType, data, at),
      violations,
      undocumented,
      control: (app) => {
        controlCommon(app, module.api);
        control(app);
      },
    });
    const server = createAdaptorServer({ fetch: app.fetch });
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "EADDRINUSE" ? new Error(`${module.api}: port ${port} on ${host} is already in use`) : error),
      );
      server.listen(port, host, () => resolve());
    });
    servers.push(server);
    const address = server.address() as AddressInfo;
    urls[module.api] = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  };

  /** The facility whose key authorises a control call (the same keys as the API's), or a 401 answer. */
  const facilityOf = (api: ApiName, header: string | undefined): string | undefined => readKey(api, basicUser(header))?.facility;
  const unauthorised = () => Response.json({ error: "send one of the facility's API keys as the Basic user name" }, { status: 401 });

  const controlCommon = (app: Hono<{ Bindings: HttpBindings }>, api: ApiName) => {
    app.get("/_sandbox/faults", () => Response.json({ faults: faults.list() }));
    app.put("/_sandbox/faults", async (c) => {
      try {
        const body = await c.req.json();
        faults.set(Array.isArray(body) ? body : body?.faults);
        return Response.json({ faults: faults.list() });
      } catch (error) {
        const message = error instanceof FaultSyntaxError ? error.message : "send JSON: { \"faults\": [...] }";
        return Response.json({ error: message, api }, { status: 400 });
      }
    });
  };

  try {
    await start(paymentsplus, options.paymentsplusPort ?? 0, (app) => {
      // Move this facility's sent files (and their payments) one step on: PROCESSING -> COMPLETE, payments -> PAID.
      app.post("/_sandbox/advance", (c) => {
        const code = facilityOf("paymentsplus", c.req.header("authorization"));
        if (!code) return unauthorised();
        const at = now();
        const moved = store.write("paymentsplus", code, at, () => advanceFiles(store.facility<PaymentsPlusFacility>("paymentsplus", code), at));
        return Response.json({ moved });
      });
    });
    await start(quickstream, options.quickstreamPort ?? 0, (app) => {
      // The payer's answer to a PayTo agreement: confirm | decline | expire | recall; sends the webhook.
      app.post("/_sandbox/payto-agreements/:agreementToken/:action", (c) => {
        const code = facilityOf("quickstream", c.req.header("authorization"));
        if (!code) return unauthorised();
        const action = Object.hasOwn(PAYER_ACTIONS, c.req.param("action")) ? PAYER_ACTIONS[c.req.param("action") as keyof typeof PAYER_ACTIONS] : undefined;
        if (!action) return Response.json({ error: `unknown action: use ${Object.keys(PAYER_ACTIONS).join(", ")}` }, { status: 404 });
        const at = now();
        const [agreement, moved] = store.write("quickstream", code, at, () => {
          const found = store.facility<QuickStreamFacility>("quickstream", code).agreements.get(c.req.param("agreementToken"));
          const allowed = found !== undefined && (action.from as readonly string[]).includes(found.view.status);
          if (allowed) found.view.status = action.to;
          return [found, allowed] as const;
        });
        if (!agreement) return Response.json({ error: "no such agreement in this facility" }, { status: 404 });
        if (!moved) {
          return Response.json({ error: `the agreement is ${agreement.view.status}; this action needs ${action.from.join(" or ")}` }, { status: 409 });
        }
        const delivery = webhooks.sendAgreementEvent(action.eventType, agreement.view, now());
        return Response.json({ agreement: agreement.view, webhook: { id: delivery.id, eventType: delivery.eventType, url: options.webhookUrl ?? null } });
      });
      app.get("/_sandbox/webhooks", () => Response.json({ deliveries: webhooks.deliveries }));
    });
  } catch (error) {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    throw error;
  }

  if (options.fileStatusDelayMs) {
    const timer = setInterval(() => {
      const at = now();
      for (const [code, facility] of store.all<PaymentsPlusFacility>("paymentsplus")) {
        store.write("paymentsplus", code, at, () => advanceFiles(facility, at, options.fileStatusDelayMs));
      }
    }, Math.max(50, Math.floor(options.fileStatusDelayMs / 4)));
    timer.unref();
    timers.push(timer);
  }

  let stopping: Promise<void> | undefined;
  return {
    urls,
    violations,
    undocumented,
    webhooks: webhooks.deliveries,
    faults,
    stop: () =>
      (stopping ??= (async () => {
        timers.forEach(clearInterval);
        await webhooks.stop();
        await Promise.all(
          servers.map(
            (s) =>
              new Promise<void>((resolve) => {
                s.close(() => resolve());
                (s as import("node:http").Server).closeAllConnections?.();
              }),
          ),
        );
        store.close();
      })()),
  };
}
