// Differential check: our precompiled validators and a second, independent JSON Schema 2020-12 implementation
// (@cfworker/json-schema, given the same bundled description) must agree on every payload. Payloads are the
// descriptions' own examples mutated by fast-check (seeded, so a failure replays), plus arbitrary JSON; no input may
// make validate() throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APIS, type ApiName } from "../../scripts/lib.ts";
import { listTargets, validate } from "../../src/validators/index.ts";
import { examples, fastAgreesWithFull, oracleValid, targetPointer, type Sample } from "./support.ts";

const SEED = 20_240_601;
const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 120);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Pointers (as key arrays) of every node of a JSON value. */
function paths(value: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** Values near the edges of what the descriptions accept: amounts, dates, codes, empties, wrong types. */
const nearValues = fc.constantFrom<Json>(
  "", " ", "100.05", "100.055", "1e3", "-1", -1, 0, 0.1 + 0.2, 1005.25, 1e21, 2 ** 31, 1.5, true, false, null, [], {},
  "2024-02-29", "2023-02-29", "2024-13-01", "2024-05-01T09:30:00+10:00", "2024-05-01T09:30:00+1000", "2024-05-01 09:30",
  "AUD", "aud", "PAYMENT", "REFUND", "AU_DOMESTIC", "BPAY", "CREDIT_CARD", "DIRECT_DEBIT", "STATUS_AMENDMENT",
  "https://example.com/x", "not a uri", "\u00e9\u00e8", "\u0000", "x".repeat(300), "12345678901234567890",
);

const edit = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom("delete", "replace", "near", "add", "dup"),
  value: fc.oneof(nearValues, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>),
  key: fc.oneof(fc.constantFrom("unexpectedProperty", "type", "transactionType", "principalAmount", "status"), fc.string({ maxLength: 8 })),
});

interface Edit {
  pick: number;
  op: string;
  value: Json;
  key: string;
}

function applyEdits(original: Json, edits: Edit[]): Json {
  let root = structuredClone(original);
  for (const e of edits) {
    const all = paths(root);
    const at = all[e.pick % all.length];
    if (at.length === 0) {
      if (e.op === "replace" || e.op === "near") root = e.value;
      continue;
    }
    const parent = at.slice(0, -1).reduce((v: any, k) => v[k], root) as any;
    const key = at[at.length - 1];
    const target = parent[key];
    switch (e.op) {
      case "delete":
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case "replace":
      case "near":
        parent[key] = e.value;
        break;
      case "add":
        if (target && typeof target === "object" && !Array.isArray(target)) target[e.key] = e.value;
        else if (Array.isArray(target)) target.push(e.value);
        else parent[key] = e.value;
        break;
      case "dup":
        if (Array.isArray(target) && target.length) target.push(structuredClone(target[0]));
        break;
    }
  }
  return root;
}

function agree(api: ApiName, target: string, data: unknown): void {
  let ours: boolean;
  try {
    ours = validate(api, target as never, data).valid;
  } catch (error) {
    throw new Error(`validate threw for ${JSON.stringify(data)}: ${(error as Error).stack}`);
  }
  // The generated code's two sets (valid/invalid first, errors when invalid) must judge alike too.
  fastAgreesWithFull(api, target, data);
  const theirs = oracleValid(api, targetPointer(api, target), data);
  if (ours !== theirs) {
    throw new Error(`ours ${ours ? "accepts" : "rejects"} but @cfworker/json-schema ${theirs ? "accepts" : "rejects"}: ${JSON.stringify(data)}`);
  }
}

/** The major schemas: every request body and every response body that has examples (one sample per target). */
function majorSamples(api: ApiName): Sample[] {
  const seen = new Set<string>();
  return examples(api).filter((s) => (s.target.endsWith(" request") || !seen.has(s.target)) && (seen.add(s.target), true));
}

for (const api of APIS) {
  describe(`${api}: precompiled validators agree with @cfworker/json-schema`, () => {
    const samples = majorSamples(api);

    it.each(samples.map((s) => [`${s.target} "${s.name}"`, s] as const))("%s, mutated", (_label, s) => {
      agree(api, s.target, s.value);
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => agree(api, s.target, applyEdits(s.value as Json, edits))),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it("every target: arbitrary JSON never throws and is judged alike", () => {
      const targets = listTargets(api);
      fc.assert(
        fc.property(fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 3 }), nearValues), (i, data) => agree(api, targets[i % targets.length], data)),
        { seed: SEED, numRuns: targets.length * 3 },
      );
    });
  });
}
