// The coverage matrix's rules, on a small description: every documented (operation, status) is a cell, a status with
// several media types needs each of them exercised, and anything not exercised is reported as uncovered.
// (The contract suites end with the enforcing test on the real descriptions; `npm run coverage:contract` prints it.)
import { describe, expect, it } from "vitest";
import { coverageCells, exerciseKey, matrixMarkdown } from "../scripts/coverage.ts";

const doc = {
  paths: {
    "/things/{id}": {
      get: {
        responses: {
          "200": { content: { "application/json": {}, "text/csv": {} } },
          "404": { $ref: "#/components/responses/NotFound" },
        },
      },
      delete: { responses: { "204": { description: "gone" } } },
    },
  },
  components: { responses: { NotFound: { content: { "application/json": {} } } } },
};

describe("coverage matrix", () => {
  it("has one cell per documented operation and status", () => {
    const cells = coverageCells(doc, []);
    expect(cells.map((c) => `${c.operation} ${c.status}`)).toEqual([
      "GET /things/{id} 200",
      "GET /things/{id} 404",
      "DELETE /things/{id} 204",
    ]);
    expect(cells.every((c) => !c.covered)).toBe(true);
  });

  it("covers a cell only when every media type of the status was exercised", () => {
    const some = coverageCells(doc, [exerciseKey("get", "/things/{id}", "200", "application/json")]);
    expect(some.find((c) => c.status === "200")!.covered).toBe(false);
    const all = coverageCells(doc, [
      exerciseKey("get", "/things/{id}", "200", "application/json"),
      exerciseKey("get", "/things/{id}", "200", "text/csv"),
      exerciseKey("get", "/things/{id}", "404", "application/json"),
      exerciseKey("delete", "/things/{id}", "204"),
    ]);
    expect(all.every((c) => c.covered)).toBe(true);
  });

  it("renders a row per operation and lists what was not exercised", () => {
    const md = matrixMarkdown("demo", "Demo API", coverageCells(doc, [exerciseKey("delete", "/things/{id}", "204")]));
    expect(md).toContain("| operation | 200 | 204 | 404 |");
    expect(md).toContain("| `GET /things/{id}` | ✗ |  | ✗ |");
    expect(md).toContain("| `DELETE /things/{id}` |  | ✓ |  |");
    expect(md).toContain("1 of 3 documented");
    expect(md).toContain("- `GET /things/{id}` 404");
  });
});
