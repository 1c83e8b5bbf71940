// `npm run check:breaking` (scripts/check-breaking.ts): oasdiff compares the published descriptions with the last
// release in CHANGELOG.md; a breaking change fails the command until CHANGELOG.md acknowledges it. The made-up changes
// are made in a temporary copy of generated/; the real oasdiff (tools/oasdiff, installed by `npm run setup`) runs.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib.ts";
import { OASDIFF, readChangelog, webhooksAsResponses } from "../../scripts/check-breaking.ts";

const work = mkdtempSync(join(tmpdir(), "breaking-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function checkBreaking(args: string[]) {
  const result = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "check-breaking.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A copy of generated/<api>/openapi.json for both APIs, changed by `edit`. */
function changedCopy(name: string, edit: (docs: Record<"paymentsplus" | "quickstream", any>) => void): string {
  const dir = join(work, name);
  const docs = {
    paymentsplus: JSON.parse(readFileSync(join(ROOT, "generated", "paymentsplus", "openapi.json"), "utf8")),
    quickstream: JSON.parse(readFileSync(join(ROOT, "generated", "quickstream", "openapi.json"), "utf8")),
  };
  edit(docs);
  for (const [api, doc] of Object.entries(docs)) {
    cpSync(join(ROOT, "generated", api), join(dir, api), { recursive: true, filter: (f) => !f.endsWith(".cjs") });
    writeFileSync(join(dir, api, "openapi.json"), JSON.stringify(doc, null, 2));
  }
  return dir;
}

/** The four made-up breaking changes: one per direction, a webhook, and a renamed component schema. */
function breakEverything(docs: Record<"paymentsplus" | "quickstream", any>) {
  const qs = docs.quickstream.components.schemas;
  // A request gets stricter: creating a customer now requires a field that was optional.
  const request = docs.quickstream.paths["/customers"].post.requestBody.content["application/json"].schema;
  const requestSchema = request.$ref ? qs[request.$ref.split("/").pop()] : request;
  const optional = Object.keys(requestSchema.properties).find((p) => !(requestSchema.required ?? []).includes(p))!;
  requestSchema.required = [...(requestSchema.required ?? []), optional];
  // A response loses a property clients read: BankingDay.nextBankingDay.
  delete docs.paymentsplus.components.schemas.BankingDay.properties.nextBankingDay;
  docs.paymentsplus.components.schemas.BankingDay.required = docs.paymentsplus.components.schemas.BankingDay.required?.filter(
    (p: string) => p !== "nextBankingDay",
  );
  // A webhook payload (what a receiver reads, like a response) changes a field's type. Not a removal: the Unreleased
  // section already acknowledges a (structural) required-property removal from this webhook (P105), and an
  // acknowledgement covers its rule and operation until the next release.
  qs.PayToPaymentNotification.properties.eventType = { type: "integer" };
  // A component schema is renamed.
  const text = JSON.stringify(docs.paymentsplus).replaceAll('"#/components/schemas/FundingAccount"', '"#/components/schemas/FundingAccountRenamed"');
  docs.paymentsplus = JSON.parse(text);
  docs.paymentsplus.components.schemas.FundingAccountRenamed = docs.paymentsplus.components.schemas.FundingAccount;
  delete docs.paymentsplus.components.schemas.FundingAccount;
  return optional;
}

describe("check:breaking", () => {
  it("has the pinned oasdiff installed", () => {
    expect(existsSync(OASDIFF), "run `npm run setup`").toBe(true);
  });

  it("reads releases and acknowledgements from CHANGELOG.md", () => {
    const text = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
    const { releases } = readChangelog(text);
    expect(releases[0]).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), commit: expect.stringMatching(/^[0-9a-f]{7,40}$/) });
    const sample = [
      "## Unreleased",
      "- `api-schema-removed` paymentsplus schema File: renamed.",
      "- `response-property-removed` quickstream GET /a, WEBHOOK b: gone.",
      "- not an acknowledgement: `x` quickstream GET /c",
      "## 1.1.0 (2026-12-01, commit aaaaaaa)",
      "- `request-parameter-removed` quickstream GET /d: counts while the base is older than 1.1.0.",
      "## 1.0.0 (2026-11-01, commit bbbbbbb)",
      "- `request-parameter-removed` quickstream GET /e: released before the base, never counts.",
      "## Performance history",
      "- `request-parameter-removed` quickstream GET /f: not a release section.",
    ].join("\n");
    const { acknowledgements } = readChangelog(sample, (c) => c === "bbbbbbb");
    expect(acknowledgements.map((a) => `${a.rule} ${a.api} ${a.operation}`)).toEqual([
      "api-schema-removed paymentsplus schema File",
      "response-property-removed quickstream GET /a",
      "response-property-removed quickstream WEBHOOK b",
      "request-parameter-removed quickstream GET /d",
    ]);
    expect(readChangelog(sample, (c) => c === "aaaaaaa").acknowledgements).toHaveLength(3);
  });

  it("compares webhooks as responses (what the receiver reads)", () => {
    const doc = { openapi: "3.1.0", paths: {}, webhooks: { w: { post: { requestBody: { content: { "application/json": { schema: { type: "object" } } } } } } } };
    expect(webhooksAsResponses(doc)).toEqual({
      openapi: "3.1.0",
      paths: { "/webhooks/w": { get: { operationId: "webhook-w", responses: { "200": { description: "The w payload", content: { "application/json": { schema: { type: "object" } } } } } } } },
    });
  });

  it("passes on the current tree against the last release", () => {
    const { status, output } = checkBreaking([]);
    expect(output).toContain("[check:breaking] paymentsplus:");
    expect(status, output).toBe(0);
  }, 120_000);

  it("fails on made-up breaking changes, names each with the line that acknowledges it, and passes once acknowledged", () => {
    let optional = "";
    const dir = changedCopy("broken", (docs) => (optional = breakEverything(docs)));
    const first = checkBreaking(["--generated", dir]);
    expect(first.status, first.output).toBe(1);
    const lines = [...first.output.matchAll(/acknowledge with: (- .*)$/gm)].map((m) => m[1]!);
    const expected = [
      /^- `request-property-became-required` quickstream POST \/customers: /,
      /^- `response-(required-|optional-)property-removed` paymentsplus GET \/banking-days\/\{date\}: /,
      /^- `response-property-type-changed` quickstream WEBHOOK payToPaymentNotification: /,
      /^- `api-schema-removed` paymentsplus schema FundingAccount: /,
    ];
    for (const pattern of expected) expect(lines.some((l) => pattern.test(l)), `${pattern} in\n${first.output}`).toBe(true);
    expect(first.output).toContain(optional);

    // Acknowledged in a copy of CHANGELOG.md's Unreleased section: passes.
    const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
    const acknowledged = join(work, "CHANGELOG.md");
    writeFileSync(acknowledged, changelog.replace("## Unreleased\n", `## Unreleased\n\n${lines.map((l) => l.replace("<what changed, what users do>", "made up.")).join("\n")}\n`));
    const second = checkBreaking(["--generated", dir, "--changelog", acknowledged]);
    expect(second.status, second.output).toBe(0);
    expect(second.output).not.toContain("NOT ACKNOWLEDGED");
  }, 240_000);

  it("does not call a looser request or a richer response breaking", () => {
    const dir = changedCopy("compatible", (docs) => {
      const day = docs.paymentsplus.components.schemas.BankingDay;
      day.properties.madeUpNote = { type: "string" }; // a response gains an optional property
      const request = docs.quickstream.paths["/customers"].post.requestBody.content["application/json"].schema;
      const schema = request.$ref ? docs.quickstream.components.schemas[request.$ref.split("/").pop()] : request;
      schema.required = (schema.required ?? []).slice(1); // a request needs one field fewer
    });
    const { status, output } = checkBreaking(["--generated", dir]);
    expect(status, output).toBe(0);
  }, 120_000);

  it("compares with a git ref given on the command line, and refuses an unknown one", () => {
    expect(checkBreaking(["HEAD"]).status).toBe(0);
    const unknown = checkBreaking(["no-such-ref-anywhere"]);
    expect(unknown.status).toBe(2);
    expect(unknown.output).toContain("no-such-ref-anywhere");
  }, 120_000);
});
