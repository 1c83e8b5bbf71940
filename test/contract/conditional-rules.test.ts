// Conditional rules ("if A then B") of both descriptions, checked against the mock and our validators.
// For every rule: take a named request example from the bundled description, break exactly that rule, and require
// that validate() rejects it naming the field (in its pointer or message) and that Prism answers 400/422 with
// violations (sl-violations header or body) that name the field too. Each unbroken example must be accepted by both,
// so that no check here can pass because the body was wrong for some other reason.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrism, type MockServer } from "../../scripts/prism.ts";
import { formatErrors, validate, type ApiName } from "../../src/validators/index.ts";

type Json = any;

const ROOT = join(import.meta.dirname, "..", "..");
const docs = new Map<ApiName, Json>();
function doc(api: ApiName): Json {
  if (!docs.has(api)) docs.set(api, JSON.parse(readFileSync(join(ROOT, "generated", api, "openapi.json"), "utf8")));
  return docs.get(api)!;
}

/** Follow a local `$ref` (one level at a time, until the object is not a reference). */
function deref(d: Json, node: Json): Json {
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    node = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .map((t: string) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((n: Json, t: string) => n?.[t], d);
  }
  return node;
}

interface Operation {
  api: ApiName;
  method: string;
  path: string;
}

/** A named request example of an operation, as a fresh copy. */
function example(op: Operation, name: string): Json {
  const d = doc(op.api);
  const media = deref(d, deref(d, d.paths[op.path][op.method].requestBody).content["application/json"]);
  const ex = media.examples?.[name];
  if (!ex) throw new Error(`${op.method.toUpperCase()} ${op.path} has no request example "${name}"`);
  return structuredClone(deref(d, ex).value);
}

/** The URL path with each path parameter replaced by its documented example. */
function urlPath(op: Operation): string {
  const d = doc(op.api);
  const item = d.paths[op.path];
  const params = [...(item.parameters ?? []), ...(item[op.method].parameters ?? [])].map((p: Json) => deref(d, p));
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = params.find((p: Json) => p.in === "path" && p.name === name);
    const value = param?.example ?? deref(d, param?.schema)?.example ?? deref(d, param?.schema)?.examples?.[0];
    if (value === undefined) throw new Error(`${op.path}: path parameter ${name} has no example`);
    return encodeURIComponent(String(value));
  });
}

/** The operation's first documented success status. */
function successStatus(op: Operation): number {
  return Number(Object.keys(doc(op.api).paths[op.path][op.method].responses).find((s) => /^2\d\d$/.test(s)));
}

const target = (op: Operation) => `${op.method.toUpperCase()} ${op.path} request`;

interface Rule {
  /** What the rule says and how it is broken. */
  name: string;
  op: Operation;
  example: string;
  /** Breaks exactly this rule in the (copied) example. */
  breakIt: (body: Json) => void;
  /** The field the violation must name. */
  field: string;
}

const QS = (method: string, path: string): Operation => ({ api: "quickstream", method, path });
const PP = (method: string, path: string): Operation => ({ api: "paymentsplus", method, path });

const createAgreement = QS("post", "/customers/{customerId}/payto-agreements");
const createAgreementOpen = QS("post", "/payto-agreements");
const updateAgreement = QS("patch", "/payto-agreements/{agreementToken}");
const createSchedule = QS("post", "/customers/{customerId}/recurring-payments");
const updateSchedule = QS("put", "/recurring-payments/{paymentScheduleId}");
const putPayment = PP("put", "/files/{fileIdentifier}/payments/{paymentIdentifier}");

const POINT_IN_TIME_MAX: Record<string, number> = { DAIL: 24, WEEK: 7, FRTN: 14, MNTH: 31, QURT: 3, MIAN: 6, YEAR: 12 };

const rules: Rule[] = [];

// PayTo payment terms, at creation (the closed and the open body) and in a bilateral amendment.
const termsAt: [Operation, string, (b: Json) => Json][] = [
  [createAgreement, "adHocBankAccount", (b) => b.paymentTerms],
  [createAgreementOpen, "adHocBankAccount", (b) => b.paymentTerms],
  [updateAgreement, "bilateralAmendment", (b) => b.bilateralAmendment.paymentTerms],
];
for (const [op, ex, terms] of termsAt) {
  rules.push(
    {
      name: "ADHO without numberOfPaymentsPermitted",
      op,
      example: ex,
      breakIt: (b) => {
        terms(b).frequency = "ADHO";
        delete terms(b).numberOfPaymentsPermitted;
      },
      field: "numberOfPaymentsPermitted",
    },
    {
      name: "ADHO with a pointInTime",
      op,
      example: ex,
      breakIt: (b) => {
        terms(b).frequency = "ADHO";
        terms(b).numberOfPaymentsPermitted = 4;
        terms(b).pointInTime = 1;
      },
      field: "pointInTime",
    },
    {
      name: "BALN without lastPaymentAmount",
      op,
      example: ex,
      breakIt: (b) => {
        terms(b).agreementType = "BALN";
        delete terms(b).lastPaymentAmount;
      },
      field: "lastPaymentAmount",
    },
    {
      name: "BALN with a null lastPaymentAmount",
      op,
      example: ex,
      breakIt: (b) => {
        terms(b).agreementType = "BALN";
        terms(b).lastPaymentAmount = null;
      },
      field: "lastPaymentAmount",
    },
  );
  for (const [frequency, max] of Object.entries(POINT_IN_TIME_MAX)) {
    rules.push({
      name: `${frequency} with pointInTime ${max + 1}`,
      op,
      example: ex,
      breakIt: (b) => {
        terms(b).frequency = frequency;
        terms(b).pointInTime = max + 1;
      },
      field: "pointInTime",
    });
  }
}

// endDate exactly when automaticRenewal is false: at creation and in a bilateral amendment.
const detailsAt: [Operation, string, (b: Json) => Json][] = [
  [createAgreement, "minimalPayId", (b) => b.paymentDetails],
  [createAgreementOpen, "minimalPayId", (b) => b.paymentDetails],
  [updateAgreement, "bilateralAmendment", (b) => b.bilateralAmendment.paymentDetails],
];
for (const [op, ex, details] of detailsAt) {
  rules.push(
    {
      name: "automaticRenewal false without endDate",
      op,
      example: ex,
      breakIt: (b) => {
        details(b).automaticRenewal = false;
        delete details(b).endDate;
      },
      field: "endDate",
    },
    {
      name: "automaticRenewal false with a null endDate",
      op,
      example: ex,
      breakIt: (b) => {
        details(b).automaticRenewal = false;
        details(b).endDate = null;
      },
      field: "endDate",
    },
    {
      name: "automaticRenewal true with an endDate",
      op,
      example: ex,
      breakIt: (b) => {
        details(b).automaticRenewal = true;
        details(b).endDate = "2024-12-01";
      },
      field: "endDate",
    },
  );
}

// Payer account fields in pairs.
for (const [ex, given, missing] of [
  ["adHocBankAccount", "bsb", "accountNumber"],
  ["adHocBankAccount", "accountNumber", "bsb"],
  ["minimalPayId", "payIdType", "payId"],
  ["minimalPayId", "payId", "payIdType"],
] as const) {
  rules.push({
    name: `${given} without ${missing}`,
    op: createAgreement,
    example: ex,
    breakIt: (b) => void delete b.payerDetails[missing],
    field: missing,
  });
}

// MIGRATED_DDR needs payeeReference and a six-digit APCA number.
for (const op of [createAgreement, createAgreementOpen]) {
  rules.push(
    {
      name: "MIGRATED_DDR without payeeReference",
      op,
      example: "migratedDdr",
      breakIt: (b) => void delete b.payeeReference,
      field: "payeeReference",
    },
    {
      name: "MIGRATED_DDR with an empty payeeReference",
      op,
      example: "migratedDdr",
      breakIt: (b) => void (b.payeeReference = ""),
      field: "payeeReference",
    },
    {
      name: "MIGRATED_DDR without additionalInformation",
      op,
      example: "migratedDdr",
      breakIt: (b) => void delete b.paymentDetails.additionalInformation,
      field: "additionalInformation",
    },
    {
      name: "MIGRATED_DDR with a five-digit additionalInformation",
      op,
      example: "migratedDdr",
      breakIt: (b) => void (b.paymentDetails.additionalInformation = "12345"),
      field: "additionalInformation",
    },
  );
}

// Status amendment reason codes per target status.
rules.push(
  {
    name: "SUSPENDED without reasonCode",
    op: updateAgreement,
    example: "suspend",
    breakIt: (b) => void delete b.statusAmendment.reasonCode,
    field: "reasonCode",
  },
  {
    name: "CANCELLED without reasonCode",
    op: updateAgreement,
    example: "statusAmendment",
    breakIt: (b) => void delete b.statusAmendment.reasonCode,
    field: "reasonCode",
  },
  {
    name: "ACTIVE with a reason code not usable for resuming",
    op: updateAgreement,
    example: "resume",
    breakIt: (b) => void (b.statusAmendment.reasonCode = "AC04"),
    field: "reasonCode",
  },
  {
    name: "CANCELLED with a suspension-only reason code",
    op: updateAgreement,
    example: "statusAmendment",
    breakIt: (b) => void (b.statusAmendment.reasonCode = "MCFC"),
    field: "reasonCode",
  },
);

// Recurring payments: each schedule type's own field is required in it and refused in the others.
for (const op of [createSchedule, updateSchedule]) {
  for (const [ex, field] of [
    ["stopAfterSetNumberOfPayments", "remainingInstalments"],
    ["stopAfterSetAmount", "totalPaymentAmount"],
    ["continueUntilDate", "scheduleEndDate"],
  ] as const) {
    rules.push({ name: `${ex} without ${field}`, op, example: ex, breakIt: (b) => void delete b[field], field });
  }
  for (const [ex, field, value] of [
    ["oneOff", "remainingInstalments", 3],
    ["continueUntilFurtherNotice", "scheduleEndDate", "2017-12-31"],
    ["continueUntilDate", "totalPaymentAmount", "500.00"],
  ] as const) {
    rules.push({ name: `${ex} with ${field}`, op, example: ex, breakIt: (b) => void (b[field] = value), field });
  }
}

// PaymentsPlus: overseas transfers need the payee's registered address.
for (const ex of ["auOtt", "nzOtt"]) {
  rules.push(
    {
      name: `${ex} without payeeRegisteredAddress`,
      op: putPayment,
      example: ex,
      breakIt: (b) => void delete b.payeeRegisteredAddress,
      field: "payeeRegisteredAddress",
    },
    {
      name: `${ex} with a null payeeRegisteredAddress`,
      op: putPayment,
      example: ex,
      breakIt: (b) => void (b.payeeRegisteredAddress = null),
      field: "payeeRegisteredAddress",
    },
  );
}

const servers = new Map<ApiName, MockServer>();

/** Send a body to Prism: the status, and Prism's violations (or the body, when it reports none). */
async function send(op: Operation, body: Json, prefer?: string): Promise<{ status: number; detail: string }> {
  const server = servers.get(op.api)!;
  const response = await fetch(`${server.url}${urlPath(op)}`, {
    method: op.method.toUpperCase(),
    headers: {
      Authorization: `Basic ${Buffer.from("conditional-rules-test-key:").toString("base64")}`,
      "Content-Type": "application/json",
      Accept: "application/json",
      ...(prefer ? { Prefer: prefer } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  // With a 4xx declared, Prism puts the violations in the sl-violations header (its body is a canned example, which
  // must not count); otherwise in its own problem+json body.
  const violations = response.headers.get("sl-violations");
  return { status: response.status, detail: violations ?? text };
}

describe("conditional rules (validate() and Prism)", () => {
  beforeAll(async () => {
    const started = await Promise.all((["paymentsplus", "quickstream"] as const).map((api) => startPrism(api)));
    for (const server of started) servers.set(server.api, server);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.stop()));
  });

  it("covers every operation whose body carries a conditional rule", () => {
    const covered = new Set(rules.map((r) => `${r.op.api} ${target(r.op)}`));
    for (const op of [createAgreement, createAgreementOpen, updateAgreement, createSchedule, updateSchedule, putPayment]) {
      expect(covered).toContain(`${op.api} ${target(op)}`);
    }
  });

  for (const rule of rules) {
    const label = `${rule.op.api} ${rule.op.method.toUpperCase()} ${rule.op.path}: ${rule.name}`;
    it(label, async () => {
      const valid = example(rule.op, rule.example);
      const broken = example(rule.op, rule.example);
      rule.breakIt(broken);
      expect(broken, "the breakage changes the example").not.toEqual(valid);

      // The unbroken example passes both.
      const ok = validate(rule.op.api, target(rule.op) as never, valid);
      expect(ok.valid, ok.valid ? "" : formatErrors(ok.errors)).toBe(true);
      const status = successStatus(rule.op);
      const accepted = await send(rule.op, valid, `code=${status}`);
      expect(accepted.status, accepted.detail).toBe(status);

      // The broken one is refused by both, naming the field.
      const result = validate(rule.op.api, target(rule.op) as never, broken);
      expect(result.valid, "our validator rejects it").toBe(false);
      const errors = result.valid ? [] : result.errors;
      expect(
        errors.some((e) => e.pointer.split("/").includes(rule.field) || e.message.includes(rule.field)),
        formatErrors(errors),
      ).toBe(true);
      // One problem, told once: every error is about the field, and a failed `if` adds no error of its own.
      for (const e of errors) {
        expect(e.keyword, formatErrors(errors)).not.toBe("if");
        expect(`${e.pointer} ${e.message}`, formatErrors(errors)).toContain(rule.field);
      }
      const refused = await send(rule.op, broken);
      expect([400, 422], refused.detail).toContain(refused.status);
      expect(refused.detail, "Prism names the field").toContain(rule.field);
    });
  }
});
