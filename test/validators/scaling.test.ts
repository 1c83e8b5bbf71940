// The error path grows linearly with the errors, and what validate() returns is capped (maxErrors, default 100)
// with the rest counted (omittedErrors), so that no payload makes the answer, a message or the command line's
// output unbounded. Timing bounds here are generous (the machine is shared); bench/validators-scaling.bench.ts
// measures the figures.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explain, type RawIssue } from "../../src/validators/messages.ts";
import { assertValid, DEFAULT_MAX_ERRORS, formatErrors, PayloadValidationError, validate } from "../../src/validators/index.ts";
import { examples } from "./support.ts";

const TARGET = "GET /transactions 200";
const transaction = structuredClone(examples("quickstream").find((s) => s.target === "GET /transactions/{receiptNumber} 200")!.value) as object;
/** A page whose every item has a wrong status: n errors, plus one for a page of more than 20 items. */
const page = (n: number) => ({ links: [], data: Array.from({ length: n }, () => ({ ...transaction, status: 42 })) });
const errorsOf = (n: number) => n + (n > 20 ? 1 : 0);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const timed = (run: () => unknown) => {
  const start = cpuMs();
  run();
  return cpuMs() - start;
};

describe("the cap on errors", () => {
  it("returns at most 100 errors by default and counts the rest exactly", () => {
    const r = validate("quickstream", TARGET, page(500));
    expect(r.valid).toBe(false);
    expect(DEFAULT_MAX_ERRORS).toBe(100);
    expect(r.errors).toHaveLength(100);
    expect(r.omittedErrors).toBe(errorsOf(500) - 100);
    // The first errors in payload order: the page's size, then the first items.
    expect(r.errors![0]).toMatchObject({ pointer: "/data", keyword: "maxItems" });
    expect(r.errors![1].pointer).toBe("/data/0/status");
    expect(r.errors![99].pointer).toBe("/data/98/status");
  });

  it("maxErrors sets it: the listed and the counted errors always add up to every error", () => {
    const all = validate("quickstream", TARGET, page(300), { maxErrors: Infinity });
    expect(all.errors).toHaveLength(errorsOf(300));
    expect(all.omittedErrors).toBe(0);
    for (const max of [1, 7, 100, 301, 302, 1000]) {
      const r = validate("quickstream", TARGET, page(300), { maxErrors: max });
      expect(r.errors).toEqual(all.errors!.slice(0, max));
      expect(r.errors!.length + r.omittedErrors!).toBe(errorsOf(300));
    }
  });

  it("refuses a maxErrors that cannot work, naming it", () => {
    for (const bad of [0, -1, 1.5, NaN, "10", null]) {
      expect(() => validate("quickstream", TARGET, page(1), { maxErrors: bad as never }), String(bad)).toThrow(/maxErrors must be a positive integer or Infinity/);
    }
  });

  it("formatErrors and PayloadValidationError say how many more there are", () => {
    const r = validate("quickstream", TARGET, page(150));
    const text = formatErrors(r.errors!, r.omittedErrors);
    expect(text.split("\n")).toHaveLength(101);
    expect(text.split("\n").at(-1)).toBe(`… and ${errorsOf(150) - 100} more errors`);
    expect(formatErrors(r.errors!.slice(0, 1), 1).split("\n").at(-1)).toBe("… and 1 more error");
    expect(formatErrors(r.errors!.slice(0, 2))).not.toContain("more");
    let thrown: PayloadValidationError | undefined;
    try {
      assertValid("quickstream", TARGET, page(150), { maxErrors: 5 });
    } catch (e) {
      thrown = e as PayloadValidationError;
    }
    expect(thrown).toBeInstanceOf(PayloadValidationError);
    expect(thrown!.errors).toHaveLength(5);
    expect(thrown!.omittedErrors).toBe(errorsOf(150) - 5);
    expect(thrown!.message).toMatch(new RegExp(`^quickstream ${TARGET}: ${errorsOf(150)} errors\\n`));
    expect(thrown!.message).toContain(`… and ${errorsOf(150) - 5} more errors`);
  });

  it("a duplicate (same pointer and message) is reported once, however many errors there are", () => {
    // The same bad item at every index of a list: each pointer differs, so all are kept...
    const r = validate("quickstream", TARGET, page(50), { maxErrors: Infinity });
    expect(new Set(r.errors!.map((e) => `${e.pointer} ${e.message}`)).size).toBe(r.errors!.length);
  });
});

describe("explain", () => {
  it("keeps each pointer and message once, in order, the first max of them, and counts the rest (property)", () => {
    const constant = (message: string) => ({ kind: 0 as const, keyword: "type", message, params: {}, phrase: undefined, extra: undefined });
    const messages = ["a", "b", "c"].map(constant);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 2 })), { maxLength: 120 }),
        fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(Infinity)),
        (issues, max) => {
          const raw: RawIssue[] = issues.map(([p, m]) => ({ at: `/x/${p}`, c: messages[m]!, v: undefined, w: undefined, o: undefined }));
          const distinct: string[] = [];
          for (const r of raw) if (!distinct.includes(`${r.at} ${r.c.message}`)) distinct.push(`${r.at} ${r.c.message}`);
          const { errors, omitted } = explain(raw, max);
          expect(errors.map((e) => `${e.pointer} ${e.message}`)).toEqual(distinct.slice(0, max));
          expect(omitted).toBe(Math.max(0, distinct.length - max));
        },
      ),
      { seed: 22, numRuns: 300 },
    );
  });
});

describe("time grows linearly with the errors", () => {
  it("100,000 bad list items in well under a second, with the default cap and without", () => {
    const big = page(100_000);
    validate("quickstream", TARGET, page(1000)); // warm up
    let capped: ReturnType<typeof validate> | undefined;
    const ms = timed(() => (capped = validate("quickstream", TARGET, big)));
    expect(capped!.errors).toHaveLength(100);
    expect(capped!.omittedErrors).toBe(errorsOf(100_000) - 100);
    expect(ms).toBeLessThan(1000);
    let all: ReturnType<typeof validate> | undefined;
    expect(timed(() => (all = validate("quickstream", TARGET, big, { maxErrors: Infinity })))).toBeLessThan(1500);
    expect(all!.errors).toHaveLength(errorsOf(100_000));
  });

  it("ten times the errors cost well under a hundred times as much (what quadratic would cost)", () => {
    const small = page(4_000);
    const large = page(40_000);
    for (let i = 0; i < 3; i++) validate("quickstream", TARGET, small, { maxErrors: Infinity });
    // The best of several runs of each: the least disturbed by other processes and by garbage collection.
    const best = (payload: object) => Math.min(...Array.from({ length: 5 }, () => timed(() => validate("quickstream", TARGET, payload, { maxErrors: Infinity }))));
    const ratio = best(large) / Math.max(best(small), 0.5);
    // Measured 20-23 (not 10: 40,000 kept errors outlive the young generation, so the garbage collector copies
    // them); the quadratic code this replaced measured over 100.
    expect(ratio).toBeLessThan(45);
  });
});
