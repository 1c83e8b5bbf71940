// The test-control API: what a user's own tests need besides the APIs themselves, per facility (the key's facility
// code, per API). Over HTTP under /_sandbox/ (the facility's own API key authorises every call and it acts on that
// facility only), and as methods of `startSandbox()`'s result (`sandbox.facility(api, keyOrCode)`):
//   reset          forget the facility's state (resources, Idempotency-Key answers, ids), its fault rules, journal
//                  and clock offset
//   journal        the requests the facility made: method, path, status, time, Idempotency-Key (never a header)
//   clock          the facility's time, moved forward: sent files and immediate payments progress, recurring
//                  payments take their instalments, PayTo agreements nobody answered expire
//   faults         the facility's own fault rules (PUT replaces them, GET lists what is left)
//   webhooks       the facility's webhook deliveries
import type { HttpBindings } from "@hono/node-server";
import type { Context, Hono } from "hono";
import type { Advice } from "../validators/index.js";
import { FaultSyntaxError, type FaultRules } from "./faults.js";
import { authenticate, readKey, type Caller } from "./keys.js";
import { advanceFiles, type PaymentsPlusFacility } from "./paymentsplus.js";
import { expireAgreements, PAYER_ACTIONS, takeInstalments, type QuickStreamFacility } from "./quickstream/index.js";
import type { ApiName } from "./spec.js";
import type { FacilityBase, Store } from "./state.js";
import type { ApiModule } from "./types.js";
import type { Delivery, Webhooks } from "./webhooks.js";

export interface JournalEntry {
  /** When the sandbox answered, on the facility's clock (ISO 8601). */
  time: string;
  method: string;
  /** The operation's path as sent, without /rest/v1 and without the query. */
  path: string;
  status: number;
  idempotencyKey?: string;
  /** What `advise()` said of the request body (P126), when it said anything. */
  advice?: Advice[];
}

/** The last 1000 requests per facility, in memory only. */
export class Journal {
  static readonly LIMIT = 1000;
  private entries = new Map<string, JournalEntry[]>();

  record(api: ApiName, facility: string, entry: JournalEntry): void {
    const key = `${api}:${facility}`;
    const list = this.entries.get(key) ?? [];
    list.push(entry);
    if (list.length > Journal.LIMIT) list.splice(0, list.length - Journal.LIMIT);
    this.entries.set(key, list);
  }

  list(api: ApiName, facility: string): JournalEntry[] {
    return (this.entries.get(`${api}:${facility}`) ?? []).map((e) => ({ ...e }));
  }

  clear(api: ApiName, facility: string): void {
    this.entries.delete(`${api}:${facility}`);
  }
}

/** Each facility's time: the sandbox's clock plus the facility's own offset (0 until moved forward). */
export class Clock {
  private offsets = new Map<string, number>();

  constructor(private readonly base: () => Date) {}

  now(api: ApiName, facility?: string): Date {
    const offset = facility === undefined ? 0 : (this.offsets.get(`${api}:${facility}`) ?? 0);
    return new Date(this.base().getTime() + offset);
  }

  advance(api: ApiName, facility: string, ms: number): void {
    const key = `${api}:${facility}`;
    this.offsets.set(key, (this.offsets.get(key) ?? 0) + ms);
  }

  reset(api: ApiName, facility: string): void {
    this.offsets.delete(`${api}:${facility}`);
  }
}

export interface ControlDeps {
  store: Store;
  faults: FaultRules;
  journal: Journal;
  clock: Clock;
  webhooks: Webhooks;
  webhookUrl?: string;
  modules: Record<ApiName, ApiModule<any>>;
  baseUrl: (api: ApiName) => string;
  /** How long a sent file waits before each step when the clock moves (`fileStatusDelayMs`, default 1 minute). */
  fileStepMs: number;
}

/** What one facility's tests can do (the methods behind the HTTP control calls). */
export interface FacilityControl {
  api: ApiName;
  facility: string;
  /** Forget the facility's state, fault rules, journal and clock offset. */
  reset(): void;
  /** The requests the facility made, oldest first (at most the last 1000). */
  journal(): JournalEntry[];
  /** The facility's current time. */
  now(): Date;
  /** Move the facility's clock forward by `ms` and let what was waiting happen; returns what moved. */
  advanceClock(ms: number): string[];
  /** The facility's webhook deliveries (QuickStream PayTo notifications). */
  webhooks(): Delivery[];
}

export function facilityControl(deps: ControlDeps, api: ApiName, keyOrCode: string): FacilityControl {
  const facility = readKey(api, keyOrCode)?.facility ?? keyOrCode;
  if (!/^[A-Z0-9]+$/.test(facility)) throw new Error(`${api}: "${facility.slice(0, 40)}" is neither a facility code (upper-case letters and digits) nor a key of an accepted form`);
  const state = <F extends FacilityBase>() => deps.store.facility<F>(api, facility);
  return {
    api,
    facility,
    reset() {
      deps.store.reset(api, facility);
      deps.faults.clear(facility);
      deps.journal.clear(api, facility);
      deps.clock.reset(api, facility);
    },
    journal: () => deps.journal.list(api, facility),
    now: () => deps.clock.now(api, facility),
    advanceClock(ms) {
      if (!(Number.isSafeInteger(ms) && ms >= 0)) throw new RangeError("advanceClock: give a whole number of milliseconds, 0 or more");
      const before = deps.clock.now(api, facility).getTime();
      deps.clock.advance(api, facility, ms);
      const now = deps.clock.now(api, facility);
      const moved: string[] = [];
      if (api === "paymentsplus") {
        // Each full step of the file delay that passed moves the facility's sent files one step on.
        const f = state<PaymentsPlusFacility>();
        const steps = Math.min(20, Math.floor((now.getTime() - before) / deps.fileStepMs));
        // One write per step: each step reads the statuses the one before wrote (the tables' indexes).
        for (let i = 0; i < steps; i++) moved.push(...deps.store.write(api, facility, now, () => advanceFiles(f, now)));
      } else {
        const f = state<QuickStreamFacility>();
        const expired = deps.store.write(api, facility, now, () => {
          for (const receipt of takeInstalments(f, now, deps.baseUrl(api))) moved.push(`instalment ${receipt}`);
          return expireAgreements(f, now).map((a) => structuredClone(a));
        });
        for (const agreement of expired) {
          deps.webhooks.sendAgreementEvent(PAYER_ACTIONS.expire.eventType, agreement, now, facility);
          moved.push(`agreement ${agreement.agreementToken}: PENDING -> CANCELLED (expired)`);
        }
      }
      return moved;
    },
    webhooks: () => deps.webhooks.deliveries.filter((d) => d.facility === facility),
  };
}

const problem = (status: number, error: string) => Response.json({ error }, { status });

/** The control routes of one API: every call needs one of the facility's API keys and acts on that facility. */
export function controlRoutes(deps: ControlDeps, api: ApiName): (app: Hono<{ Bindings: HttpBindings }>) => void {
  const callerOf = (c: Context): Caller | Response => {
    const auth = authenticate(api, c.req.header("authorization"));
    return "caller" in auth ? auth.caller : problem(401, auth.problem);
  };
  const route =
    (handler: (c: Context, control: FacilityControl, caller: Caller) => Response | Promise<Response>) =>
    async (c: Context) => {
      const caller = callerOf(c);
      if (caller instanceof Response) return caller;
      return handler(c, facilityControl(deps, api, caller.facility), caller);
    };
  const json = async (c: Context): Promise<unknown> => {
    try {
      return await c.req.json();
    } catch {
      throw new FaultSyntaxError("send a JSON body");
    }
  };

  return (app) => {
    app.get("/_sandbox/faults", route((_c, control) => Response.json({ faults: deps.faults.list(control.facility) })));
    app.put(
      "/_sandbox/faults",
      route(async (c, control) => {
        try {
          deps.faults.set(await json(c), control.facility);
          return Response.json({ faults: deps.faults.list(control.facility) });
        } catch (error) {
          if (!(error instanceof FaultSyntaxError)) throw error;
          return Response.json({ error: error.message, api }, { status: 400 });
        }
      }),
    );
    app.post("/_sandbox/reset", route((_c, control) => (control.reset(), Response.json({ reset: control.facility }))));
    app.get("/_sandbox/journal", route((_c, control) => Response.json({ entries: control.journal() })));
    app.get("/_sandbox/clock", route((_c, control) => Response.json({ now: control.now().toISOString() })));
    app.post(
      "/_sandbox/clock",
      route(async (c, control) => {
        let body: any;
        try {
          body = await json(c);
        } catch {
          return problem(400, 'send JSON: { "advanceSeconds": 3600 }');
        }
        const seconds = body?.advanceSeconds;
        if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > 10 * 366 * 86_400) {
          return problem(400, "advanceSeconds must be a number of seconds from 0 to 10 years");
        }
        const moved = control.advanceClock(Math.round(seconds * 1000));
        return Response.json({ now: control.now().toISOString(), moved });
      }),
    );
    app.get("/_sandbox/webhooks", route((_c, control) => Response.json({ deliveries: control.webhooks() })));

    if (api === "paymentsplus") {
      // Move this facility's sent files (and their payments) one step on, whatever the clock says.
      app.post(
        "/_sandbox/advance",
        route((_c, control) => {
          const at = control.now();
          const moved = deps.store.write(api, control.facility, at, () => advanceFiles(deps.store.facility<PaymentsPlusFacility>(api, control.facility), at));
          return Response.json({ moved });
        }),
      );
    } else {
      // The payer's answer to a PayTo agreement: confirm | decline | expire | recall; sends the webhook.
      app.post(
        "/_sandbox/payto-agreements/:agreementToken/:action",
        route((c, control) => {
          const name = c.req.param("action") ?? "";
          const action = Object.hasOwn(PAYER_ACTIONS, name) ? PAYER_ACTIONS[name as keyof typeof PAYER_ACTIONS] : undefined;
          if (!action) return problem(404, `unknown action: use ${Object.keys(PAYER_ACTIONS).join(", ")}`);
          const at = control.now();
          const [agreement, moved] = deps.store.write(api, control.facility, at, () => {
            const found = deps.store.facility<QuickStreamFacility>(api, control.facility).agreements.get(c.req.param("agreementToken") ?? "");
            const allowed = found !== undefined && (action.from as readonly string[]).includes(found.view.status);
            if (allowed) found.view.status = action.to;
            return [found, allowed] as const;
          });
          if (!agreement) return problem(404, "no such agreement in this facility");
          if (!moved) return problem(409, `the agreement is ${agreement.view.status}; this action needs ${action.from.join(" or ")}`);
          const delivery = deps.webhooks.sendAgreementEvent(action.eventType, structuredClone(agreement.view), control.now(), control.facility);
          return Response.json({ agreement: agreement.view, webhook: { id: delivery.id, eventType: delivery.eventType, url: deps.webhookUrl ?? null } });
        }),
      );
    }
    // Anything else under /_sandbox/: 404 that lists what there is.
    app.all("/_sandbox/*", () =>
      problem(404, `no such control call: faults, reset, journal, clock, webhooks${api === "paymentsplus" ? ", advance" : ", payto-agreements/{agreementToken}/{action}"}`),
    );
  };
}
