// `startSandbox()`: both APIs on loopback ports, in this process, for tests and for `westpac-openapi sandbox`.
//   const sandbox = await startSandbox({ paymentsplusPort: 0, quickstreamPort: 0, state: "state.json" });
//   sandbox.urls.quickstream  // http://127.0.0.1:PORT/rest/v1 (the APIs also answer at the root)
//   await sandbox.stop();
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { Clock, controlRoutes, facilityControl, Journal, type ControlDeps, type FacilityControl, type JournalEntry } from "./control.js";
import { FaultRules } from "./faults.js";
import { advanceFiles, paymentsplus, type PaymentsPlusFacility } from "./paymentsplus.js";
import { quickstream } from "./quickstream/index.js";
import { BASE_PATH, createApp, type ApiModule } from "./server.js";
import { loadOperations, type ApiName } from "./spec.js";
import { Store } from "./state.js";
import { Webhooks, type Delivery } from "./webhooks.js";

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  paymentsplusPort?: number;
  quickstreamPort?: number;
  /** Loopback by default. */
  host?: string;
  /** Keep the state in this file across restarts: an append-only journal, one line per change (P116). */
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
  /** The clock (tests); each facility's time is this plus what its tests moved it forward. */
  now?: () => Date;
  /** How long a request body may take to arrive before the connection is closed (default 10 s). */
  bodyTimeoutMs?: number;
}

export interface Sandbox {
  /** Each API's base URL: `http://HOST:PORT/rest/v1`, as the real hosts' base URLs end. */
  urls: Record<ApiName, string>;
  /** Every response body that did not conform to the description (should stay empty). */
  violations: string[];
  /** Answers whose status the operation does not document (e.g. 422 for a malformed date where none is listed). */
  undocumented: string[];
  /** Every webhook delivery of every facility, and its attempts. */
  webhooks: Delivery[];
  /** Fault rules for every facility (as `--faults` loads them); a facility's own come from `PUT /_sandbox/faults`. */
  faults: FaultRules;
  /**
   * The test-control API of one facility, named by its code (`MYFACILITY`) or one of its keys: `reset()`,
   * `journal()`, `now()`, `advanceClock(ms)`, `webhooks()` (the same as the `/_sandbox/...` calls).
   */
  facility(api: ApiName, keyOrCode: string): FacilityControl;
  stop(): Promise<void>;
}

export { FaultRules, type Delivery, type FacilityControl, type JournalEntry };

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const base = options.now ?? (() => new Date());
  const store = new Store({ file: options.state, retain: options.retain, now: base, schemas: { paymentsplus: paymentsplus.tables, quickstream: quickstream.tables } });
  const faults = new FaultRules();
  if (options.faults) faults.load(options.faults);
  const violations: string[] = [];
  const undocumented: string[] = [];
  const clock = new Clock(base);
  const journal = new Journal();
  const webhooks = new Webhooks({
    url: options.webhookUrl,
    secret: options.webhookSecret ?? "sandbox-webhook-secret",
    retryDelaysMs: options.webhookRetryDelaysMs ?? [200, 1000, 5000, 25_000],
  });
  const urls = {} as Record<ApiName, string>;
  const servers: ReturnType<typeof createAdaptorServer>[] = [];
  const timers: NodeJS.Timeout[] = [];
  const deps: ControlDeps = {
    store,
    faults,
    journal,
    clock,
    webhooks,
    webhookUrl: options.webhookUrl,
    modules: { paymentsplus, quickstream },
    baseUrl: (api) => urls[api],
    fileStepMs: options.fileStatusDelayMs ?? 60_000,
  };

  const start = async (module: ApiModule<any>, port: number) => {
    const api = module.api;
    const app = createApp({
      store,
      faults,
      operations: loadOperations(api),
      module,
      baseUrl: () => urls[api],
      now: (facility) => clock.now(api, facility),
      record: (facility, entry) => journal.record(api, facility, { time: clock.now(api, facility).toISOString(), ...entry }),
      strictResponses: options.strictResponses ?? false,
      bodyTimeoutMs: options.bodyTimeoutMs,
      emit: (eventType, data, at, facility) =>
        void (eventType.startsWith("payto.payment.") ? webhooks.sendPaymentEvent(eventType, data, at, facility) : webhooks.sendAgreementEvent(eventType, data, at, facility)),
      violations,
      undocumented,
      control: controlRoutes(deps, api),
    });
    const server = createAdaptorServer({ fetch: app.fetch });
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "EADDRINUSE" ? new Error(`${api}: port ${port} on ${host} is already in use`) : error),
      );
      server.listen(port, host, () => resolve());
    });
    servers.push(server);
    const address = server.address() as AddressInfo;
    urls[api] = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}${BASE_PATH}`;
  };

  try {
    await start(paymentsplus, options.paymentsplusPort ?? 0);
    await start(quickstream, options.quickstreamPort ?? 0);
  } catch (error) {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    throw error;
  }

  if (options.fileStatusDelayMs) {
    const timer = setInterval(() => {
      for (const [code, facility] of store.all<PaymentsPlusFacility>("paymentsplus")) {
        const at = clock.now("paymentsplus", code);
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
    facility: (api, keyOrCode) => facilityControl(deps, api, keyOrCode),
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
