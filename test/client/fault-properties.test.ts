// Issue item 12: a property-based fault suite. fast-check draws, per run, a few concurrent logical payment calls
// (QuickStream POST /transactions with the client's key or the caller's, PaymentsPlus POST /payments/{id}), the
// server's behaviour on each of their attempts, and a caller abort at a random time; the loopback fault server then
// behaves that way, and every run must keep the money rules:
//   1. the server never processes a logical call twice (two keys, or a second payment);
//   2. a processed call ends with its result or with an error (or non-2xx result) carrying its key and saying it may
//      have been processed;
//   3. no call outlives its deadline (attempts x timeoutMs + waits, or the caller's abort) by more than a margin;
//   4. the server never sees more requests in flight than maxConcurrency.
// Seeded and bounded (about 10 s); a failure prints the seed and the shrunk counterexample to replay.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callInfo, createPaymentsPlusClient, createQuickStreamClient } from "../../src/index.ts";
import { type Fault, useFaultServer } from "./fault-server.ts";

const server = useFaultServer();

const TIMEOUT_MS = 120;
const MAX_RETRIES = 3;
const MAX_CONCURRENCY = 2;
/** Allowance for a loaded 2-core machine: timers, sockets and the event loop. */
const MARGIN_MS = 600;

const fault: fc.Arbitrary<Fault> = fc.constantFrom<Fault>(
  "ok",
  "drop-before",
  "drop-after", // processed, then dropped before the headers
  "drop-mid-body",
  "not-json",
  429,
  503,
  500,
  502,
  504,
  { stallBodyMs: 3 * TIMEOUT_MS }, // a body slower than the timeout
);

const logicalCall = fc.record({
  callerKey: fc.boolean(),
  faults: fc.array(fault, { minLength: 1, maxLength: MAX_RETRIES + 1 }),
  abortAfterMs: fc.option(fc.integer({ min: 0, max: 4 * TIMEOUT_MS }), { nil: undefined }),
});

type Outcome = { ok: true; status: number; key?: string; mayHaveBeenProcessed?: boolean } | { ok: false; error: any };

let run = 0;

describe("fault properties", () => {
  it("no fault sequence, timing or abort pays twice, loses a processed call's key, overruns a deadline or the cap", async () => {
    await fc.assert(
      // One API per run: maxConcurrency is per client.
      fc.asyncProperty(fc.constantFrom("quickstream", "paymentsplus"), fc.array(logicalCall, { minLength: 1, maxLength: 6 }), async (api, calls) => {
        server.reset();
        run++;
        const refs = calls.map((_, i) => `RUN${run}-${i}`);
        const attempts = new Map<string, number>();
        server.plan = (req) => {
          const ref = req.path.startsWith("/payments/") ? req.path.split("/")[2]! : (JSON.parse(req.body || "{}").paymentReferenceNumber as string);
          const i = refs.indexOf(ref);
          const n = attempts.get(ref) ?? 0;
          attempts.set(ref, n + 1);
          return calls[i]?.faults[n] ?? "ok";
        };
        const options = { baseUrl: server.url, timeoutMs: TIMEOUT_MS, maxConcurrency: MAX_CONCURRENCY, retry: { maxRetries: MAX_RETRIES, delayMs: 1 } };
        const qs = createQuickStreamClient({ secretKey: "sk_test_properties", ...options });
        const pp = createPaymentsPlusClient({ apiKey: "pp_test_properties", ...options });

        const results = await Promise.all(
          calls.map(async (c, i): Promise<{ outcome: Outcome; ms: number; callerKey?: string }> => {
            const controller = new AbortController();
            const timer = c.abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(new Error("caller abort")), c.abortAfterMs);
            const callerKey = c.callerKey && api === "quickstream" ? `order-${refs[i]}` : undefined;
            const started = performance.now();
            let outcome: Outcome;
            try {
              const result =
                api === "quickstream"
                  ? await qs.POST("/transactions", {
                      body: { transactionType: "PAYMENT", principalAmount: 10, paymentReferenceNumber: refs[i] } as never,
                      headers: callerKey ? { "Idempotency-Key": callerKey } : {},
                      signal: controller.signal,
                    })
                  : await pp.POST("/payments/{paymentIdentifier}", {
                      params: { path: { paymentIdentifier: refs[i]! } },
                      body: {} as never,
                      signal: controller.signal,
                    });
              const info = callInfo(result);
              outcome = { ok: true, status: result.response.status, key: info?.idempotencyKey, mayHaveBeenProcessed: info?.mayHaveBeenProcessed };
            } catch (error) {
              outcome = { ok: false, error };
            }
            clearTimeout(timer);
            return { outcome, ms: performance.now() - started, callerKey };
          }),
        );

        calls.forEach((c, i) => {
          const ref = refs[i]!;
          const { outcome, ms, callerKey } = results[i]!;
          const label = `${api} ${ref} ${JSON.stringify(c)} -> ${outcome.ok ? outcome.status : `${outcome.error?.name}: ${outcome.error?.message}`}`;
          // 1. processed at most once (QuickStream: one key; PaymentsPlus: the server's duplicate check holds).
          expect(server.created.get(ref) ?? 0, label).toBeLessThanOrEqual(1);
          if (callerKey) {
            // The caller's key is never replaced (an attempt may also never reach the server, under load).
            const keys = server.seen.filter((s) => s.body.includes(`"${ref}"`)).map((s) => s.idempotencyKey);
            expect(keys.filter((k) => k !== callerKey), label).toEqual([]);
          }
          // 2. a processed call: its result, or an error / answer carrying its key and saying it may have been processed.
          if (server.created.has(ref)) {
            const processedWith = server.createdWith.get(ref);
            if (outcome.ok && outcome.status >= 200 && outcome.status < 300) {
              expect(outcome.key, label).toBe(processedWith);
            } else {
              const facts = outcome.ok ? outcome : outcome.error;
              expect(facts?.mayHaveBeenProcessed, label).toBe(true);
              expect(facts?.idempotencyKey ?? (outcome.ok ? outcome.key : undefined), label).toBe(processedWith);
            }
          }
          // Every thrown error is one of the client's, with the call's facts.
          if (!outcome.ok) expect(typeof outcome.error?.attempts, label).toBe("number");
          // 3. the deadline: every attempt ends by timeoutMs, waits are 1 ms; an abort ends the call at once.
          const bound = c.abortAfterMs ?? (MAX_RETRIES + 1) * (TIMEOUT_MS + 1);
          expect(ms, label).toBeLessThanOrEqual(Math.min(bound, (MAX_RETRIES + 1) * (TIMEOUT_MS + 1)) + MARGIN_MS);
        });
        // 4. the concurrency cap, bodies included.
        expect(server.maxInFlight).toBeLessThanOrEqual(MAX_CONCURRENCY);
      }),
      { seed: 20261130, numRuns: 60, endOnFailure: true },
    );
  }, 120_000);
});
