// Each compiled check (scripts/validators.ts) has a deciding path (stops at the first failure) and a collecting path
// (every problem). Here: both paths agree on every example and on every example with each top-level property removed or set to null
// (mutations.test.ts and differential.test.ts check them on their payloads too), the faster `date` format that
// the compiled code uses accepts exactly what ajv-formats' `date` accepts, and the loops that replace common
// patterns (scripts/patterns.ts) accept exactly what the regular expressions accept.
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { formatFunctions } from "../../scripts/ajv.ts";
import { APIS } from "../../scripts/lib.ts";
import { PATTERN_HELPERS, patternCheck } from "../../scripts/patterns.ts";
import { loadDoc } from "../support/spec.ts";
import { listTargets, validate } from "../../src/validators/index.ts";
import { examples, fastAgreesWithFull, isPlainObject } from "./support.ts";

const reference = (fullFormats.date as { validate: (s: string) => boolean }).validate;
const ours = formatFunctions.date;

describe("format date", () => {
  it("agrees with ajv-formats on every day-month-year shape of years 0000-9999", () => {
    const days = [0, 1, 9, 10, 19, 20, 27, 28, 29, 30, 31, 32, 39, 40, 99];
    let checked = 0;
    for (let y = 0; y < 10000; y++) {
      const year = String(y).padStart(4, "0");
      for (let m = 0; m < 100; m++) {
        const month = String(m).padStart(2, "0");
        for (const d of days) {
          const s = `${year}-${month}-${String(d).padStart(2, "0")}`;
          if (ours(s) !== reference(s)) throw new Error(`${s}: ours ${ours(s)}, ajv-formats ${reference(s)}`);
          checked++;
        }
      }
    }
    expect(checked).toBe(10000 * 100 * days.length);
  });

  it("agrees with ajv-formats on malformed strings", () => {
    const base = "2024-02-29";
    const odd = ["", " ", "-", "/", ":", "T", "a", "Z", "\n", "\u0660", "\uff10", "\ud83d", "0", "9", "+"];
    const cases = ["2024-2-29", "24-02-29", "2024/02/29", "2024-02-29T00:00:00Z", " 2024-02-29", "2024-02-29\n", "20240229", "+002024-02-29", "２０２４-02-29"];
    for (let i = 0; i <= base.length; i++) {
      for (const c of odd) {
        cases.push(base.slice(0, i) + c + base.slice(i)); // inserted
        if (i < base.length) cases.push(base.slice(0, i) + c + base.slice(i + 1)); // replaced
      }
      cases.push(base.slice(0, i) + base.slice(i + 1)); // removed
    }
    for (const s of cases) expect(ours(s), JSON.stringify(s)).toBe(reference(s));
  });
});

describe("patterns checked with a loop", () => {
  const used = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "pattern" && typeof value === "string") used.add(value);
        else walk(value);
      }
    }
  };
  APIS.forEach((api) => walk(loadDoc(api)));
  const extra = ["^\\d+(\\.\\d{1,1})?$", "^\\d+(\\.\\d{1,3})?$", "^\\d{1}$", "^\\d{0,2}$", "^\\d{2,2}$", "^[A-Z]{1}$", "^[A-Z]{4}$"];
  const patterns = [...used, ...extra].filter((p) => patternCheck(p, "s"));
  // Every string of up to 5 characters over digits, letters, the characters next to them in ASCII, and look-alikes.
  const alphabet = ["0", "5", "9", "/", ":", ".", "A", "Z", "@", "[", "a", " ", "\n", "\u0660", "\ud83d"];
  const strings = [""];
  for (let n = 0, from = 0; n < 5; n++) {
    const to = strings.length;
    for (let i = from; i < to; i++) for (const c of alphabet) strings.push(strings[i] + c);
    from = to;
  }

  it("covers the amount, currency and digit patterns of the descriptions", () => {
    expect(patterns.filter((p) => used.has(p)).length).toBeGreaterThanOrEqual(5);
  });

  it.each(patterns)("%s", (pattern) => {
    const { helper, test } = patternCheck(pattern, "s")!;
    const loop = new Function("s", `${PATTERN_HELPERS[helper]}\nreturn ${test};`) as (s: string) => boolean;
    const re = new RegExp(pattern, "u");
    let accepted = 0;
    for (const s of [...strings, "123456", "1234567", "12345678", "123456789", "1234567890", "12.34", "1.234", "0.5", "AUD", "AUDD"]) {
      if (loop(s) !== re.test(s)) throw new Error(`${pattern} on ${JSON.stringify(s)}: loop ${loop(s)}, RegExp ${re.test(s)}`);
      if (re.test(s)) accepted++;
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

for (const api of APIS) {
  describe(`${api}: the deciding and collecting paths agree`, () => {
    const samples = examples(api);

    it.each(samples.map((s) => [`${s.target} "${s.name}"`, s] as const))("%s", (_label, s) => {
      fastAgreesWithFull(api, s.target, s.value);
      expect(validate(api, s.target as never, s.value).valid).toBe(true);
      if (!isPlainObject(s.value)) return;
      for (const key of Object.keys(s.value)) {
        const { [key]: _removed, ...without } = s.value;
        fastAgreesWithFull(api, s.target, without);
        fastAgreesWithFull(api, s.target, { ...s.value, [key]: null });
        fastAgreesWithFull(api, s.target, { ...s.value, [key]: "x".repeat(200) });
      }
    });

    it("every target: non-object and empty values", () => {
      // A string for a `format: binary` field (an annotation) once made the compiled code call `true` and throw.
      if (api === "paymentsplus") expect(() => validate(api, "FileUploadRequest", { file: "x" })).not.toThrow();
      for (const target of listTargets(api)) {
        for (const data of [null, true, 0, -1, 1.5, "", "1.00", "2024-02-29", [], [{}], {}]) fastAgreesWithFull(api, target, data);
      }
    });
  });
}
