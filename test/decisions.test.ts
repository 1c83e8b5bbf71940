// The repository stands on its own: every decision code it cites (D0-D13, P1...) is a heading of
// openapi/DECISIONS.md, and no tracked file points at material outside the repository that users do not have.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../scripts/lib.ts";

const DECISIONS = "openapi/DECISIONS.md";
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && !/(^|\/)package-lock\.json$|\.(png|jpg|ico)$/.test(f));
const read = (f: string) => {
  try {
    return readFileSync(join(ROOT, f), "utf8");
  } catch {
    return ""; // deleted in the work tree but not yet in the index
  }
};

/** Decision codes as the repo cites them: D or P, a number, an optional letter; not inside a quoted value ("P1"). */
const CODE = /(?<!["'\w-])([DP]\d{1,3}[a-z]?)\b(?!["'])/g;

export const headings = (text: string) => new Set([...text.matchAll(/^### ([DP]\d{1,3}[a-z]?)\. \S/gm)].map((m) => m[1]!));

describe("decisions", () => {
  const defined = headings(read(DECISIONS));

  it("are headings, D0 to D13 among them", () => {
    for (let n = 0; n <= 13; n++) expect(defined, `D${n}`).toContain(`D${n}`);
  });

  it("every code cited anywhere in the repository resolves to a heading", () => {
    const unresolved: string[] = [];
    for (const file of tracked) {
      for (const [i, line] of read(file).split("\n").entries()) {
        for (const m of line.matchAll(CODE)) if (!defined.has(m[1]!)) unresolved.push(`${file}:${i + 1}: ${m[1]}`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  it("no tracked file points at the steering folder beside the repository, which users do not have", () => {
    // Built from parts so that this file does not match itself.
    const outside = new RegExp(["\\.\\.", "shared\\b|\\bshared", "(guides|reference|seeds)\\b"].join("/"));
    const offenders = tracked.filter((f) => outside.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it("the citation pattern finds codes and skips quoted values", () => {
    const found = (s: string) => [...s.matchAll(CODE)].map((m) => m[1]);
    expect(found("resend with a new key (D9, P22); P2b too")).toEqual(["D9", "P22", "P2b"]);
    expect(found('{ paymentIdentifier: "P1" } D-1 XP9')).toEqual([]);
  });
});
