// PaymentsPlus, stateful: files (create, add and cancel payments, send, cancel, upload), their status moving on by
// the control call (or a configured delay), the searches, single immediate (Osko) payments with 409 on a repeated
// identifier, and banking days (Monday to Friday; P76). The facility's funding accounts and payment methods are the
// description's examples: the sandbox cannot know a real facility's set-up.
import { paymentOutcome } from "./paymentsplus-outcomes.js";
import { maskKey } from "./keys.js";
import { page } from "./pages.js";
import type { ApiModule, Handler, RequestContext } from "./types.js";
import { loadOperations, responseExample, type Operation } from "./spec.js";
import type { FacilityBase, Table } from "./state.js";

interface FileRecord {
  fileIdentifier: string;
  view: any; // File model
  createdOn: string;
  /** When the status last changed (ms), for the configured delay. */
  changedAt: number;
  uploaded: boolean;
}

interface PaymentRecord {
  fileIdentifier?: string;
  view: any; // PaymentResponse model
  createdOn: string;
  returnedOn?: string;
  /** Paid to a "declined" test BSB: returned at the next step. */
  declineDue?: boolean;
}

export interface PaymentsPlusFacility extends FacilityBase {
  files: Table<FileRecord>;
  payments: Table<PaymentRecord>;
}

let examples: { accounts: any[]; methods: any } | undefined;
/** Funding accounts and methods from the description's examples (loaded once). */
function facilitySetUp() {
  if (!examples) {
    const ops = new Map<string, Operation>(loadOperations("paymentsplus").map((op) => [op.label, op]));
    examples = {
      accounts: (responseExample(ops.get("GET /accounts")!, "200") as any).data,
      methods: responseExample(ops.get("GET /methods")!, "200"),
    };
  }
  return examples;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const link = (ctx: RequestContext, rel: string, path: string) => ({ rel, href: `${ctx.baseUrl}${path}`, requestMethod: "GET" });

function fail422(ctx: RequestContext, fieldName: string, message: string, fieldValue?: string): never {
  return ctx.fail([422, 400], "Invalid request.", message, [{ fieldName, messages: [message], ...(fieldValue ? { fieldValue } : {}) }]);
}

function findFile(ctx: RequestContext<PaymentsPlusFacility>, id: string, candidates = [404, 422]): FileRecord {
  return ctx.facility.files.get(id) ?? ctx.fail(candidates, "File not found.", `No file "${id}" in this facility.`);
}

/** The funding account a payment names: the facility's account from GET /accounts when it is one, else the
 *  account as the request names it (the sandbox knows no real facility's accounts, so it refuses none). */
function fundingAccount(request: any): any {
  if (!request) return undefined;
  const account = facilitySetUp().accounts.find(
    (a) => a.bsbNumber && a.bsbNumber.replace("-", "") === String(request.bsbNumber).replace("-", "") && a.accountNumber === request.accountNumber,
  );
  if (account) return structuredClone(account);
  return { type: "domestic", ...(request.accountName ? { accountName: request.accountName } : {}), bsbNumber: request.bsbNumber, accountNumber: request.accountNumber, currency: "AUD" };
}

function paymentView(ctx: RequestContext, paymentIdentifier: string, body: any, statusCode: string | null): any {
  const currency = body.currency ?? "AUD";
  const recipient = body.recipientAccount;
  const recipientAccount =
    body.paymentMethod === "OSKO"
      ? { type: "OSKO", currency, accountSchemeName: recipient.schemeName, accountIdentifier: recipient.identification }
      : { ...recipient, currency: recipient.currency ?? currency };
  const view: any = {
    links: [link(ctx, "self", `/payments/${encodeURIComponent(paymentIdentifier)}`)],
    paymentIdentifier,
    methodCode: body.paymentMethod,
    statusCode,
    paymentAmount: Math.round(Number(body.paymentAmount) * 100) / 100,
    paymentDate: body.paymentDate ?? day(ctx.now),
    payeeName: body.payeeName,
    currency,
    ...(body.lodgementReference ? { recipientReference: body.lodgementReference } : {}),
    ...(body.paymentReference ? { payerReference: body.paymentReference } : {}),
    recipientAccount,
    payeeRegisteredAddress: body.payeeRegisteredAddress ?? null,
    exchange: null,
  };
  const funding = fundingAccount(body.fundingAccount);
  if (funding) view.fundingAccount = funding;
  for (const key of ["oskoRemittanceInformation1", "oskoRemittanceInformation2"]) if (body[key]) view[key] = body[key];
  return view;
}

/** Move files (and their payments) one step on: FORMAT_CHECK -> PROCESSING; PROCESSING with payments PENDING ->
 *  payments PROCESSING; then -> COMPLETE with payments PAID. Immediate payments: OPEN -> PAID. With `delayMs`, only
 *  what has waited that long moves. Returns what moved. */
export function advanceFiles(facility: PaymentsPlusFacility, now: Date, delayMs = 0): string[] {
  const moved: string[] = [];
  const due = (at: number) => now.getTime() - at >= delayMs;
  // Only files on the move are read (an index by status), so a control call costs what moves, not what is stored;
  // only those that move now are journaled (the --file-delay timer calls this often).
  const moving = (status: string) => {
    const rows = facility.files.inOrder("status", status);
    return Array.from({ length: rows.length }, (_, i) => rows.at(i)!);
  };
  for (const file of [...moving("FORMAT_CHECK"), ...moving("PROCESSING")]) {
    if (!due(file.changedAt)) continue;
    facility.files.touch(file);
    const payments = facility.payments.by("file", file.fileIdentifier).filter((p) => p.view.statusCode !== "CANCELLED");
    const status = file.view.statusCode;
    if (status === "FORMAT_CHECK") file.view.statusCode = "PROCESSING";
    else if (status === "PROCESSING" && payments.some((p) => p.view.statusCode === "PENDING")) {
      // Day 1: a payment to the "rejected" test BSB stops here (FAILED, R) and is never sent on.
      for (const p of payments) {
        const outcome = paymentOutcome(p.view);
        if (outcome?.kind === "rejected") Object.assign(p.view, { statusCode: "FAILED", responseCode: outcome.responseCode, receiptDescription: outcome.receiptDescription });
        else p.view.statusCode = "PROCESSING";
      }
    } else if (status === "PROCESSING") {
      file.view.statusCode = "COMPLETE";
      for (const p of payments) {
        if (p.view.statusCode !== "PROCESSING") continue;
        p.view.statusCode = "PAID"; // a "declined" test BSB too: it is reported paid first, and returned later
        const outcome = paymentOutcome(p.view);
        if (outcome?.kind === "successful") Object.assign(p.view, { responseCode: outcome.responseCode, receiptDescription: outcome.receiptDescription });
        if (outcome?.kind === "declined") p.declineDue = true;
      }
    } else continue;
    file.changedAt = now.getTime();
    moved.push(`file ${file.fileIdentifier}: ${status} -> ${file.view.statusCode}`);
  }
  // The next step after a file is COMPLETE: payments to a "declined" test BSB come back (FAILED with the code),
  // listed by GET /payments/returns.
  for (const payment of [...facility.payments.by("declineDue", "due")]) {
    const outcome = paymentOutcome(payment.view)!;
    Object.assign(payment.view, { statusCode: "FAILED", responseCode: outcome.responseCode, receiptDescription: outcome.receiptDescription });
    payment.declineDue = false;
    payment.returnedOn = day(now);
    moved.push(`payment ${payment.view.paymentIdentifier}: PAID -> FAILED (returned, ${outcome.responseCode})`);
  }
  for (const payment of facility.payments.by("immediate", "OPEN")) {
    payment.view.statusCode = "PAID";
    moved.push(`payment ${payment.view.paymentIdentifier}: OPEN -> PAID`);
  }
  return moved;
}

const fileView = (ctx: RequestContext, id: string, body: { fileName: string; paymentDate: string; referenceCode?: string }, statusCode: string) => ({
  links: [link(ctx, "self", `/files/${encodeURIComponent(id)}`), link(ctx, "payments", `/files/${encodeURIComponent(id)}/payments`)],
  statusCode,
  fileName: body.fileName,
  paymentDate: body.paymentDate,
  referenceCode: body.referenceCode ?? id,
});

const upload: Handler = (ctx: RequestContext<PaymentsPlusFacility>) => {
  const id = ctx.params.fileIdentifier;
  if (ctx.facility.files.get(id)) ctx.fail([409], "File already exists.", `A file "${id}" already exists.`);
  const file = ctx.parts?.file as File;
  const record: FileRecord = {
    fileIdentifier: id,
    view: fileView(ctx, id, { fileName: file.name, paymentDate: day(ctx.now) }, "FORMAT_CHECK"),
    createdOn: day(ctx.now),
    changedAt: ctx.now.getTime(),
    uploaded: true,
  };
  ctx.facility.files.insert(record);
  return { status: 201, body: record.view, headers: { Location: `${ctx.baseUrl}/files/${encodeURIComponent(id)}` } };
};

/** A list, newest first: every row, or the rows of one index key (an index lookup, then only the page is read). */
const listPayments = (index?: string, key: (ctx: RequestContext) => string = () => ""): Handler =>
  (ctx: RequestContext<PaymentsPlusFacility>) => ({ status: 200, body: page(ctx, ctx.facility.payments.newest(index, key(ctx)), (p) => p.view) });

const listFiles = (index?: string, key: (ctx: RequestContext) => string = () => ""): Handler =>
  (ctx: RequestContext<PaymentsPlusFacility>) => ({ status: 200, body: page(ctx, ctx.facility.files.newest(index, key(ctx)), (f) => f.view) });

/** Monday to Friday; the docs define no holiday calendar (P76). */
const isBankingDay = (d: Date) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
/** The banking day before or after `d`; null past the years a `format: date` can write (0000-9999), which the
 *  description's nullable fields allow, rather than a six-digit year no client can read. */
function stepBankingDay(d: Date, by: 1 | -1): string | null {
  const next = new Date(d);
  do next.setUTCDate(next.getUTCDate() + by);
  while (!isBankingDay(next));
  return next.getUTCFullYear() >= 0 && next.getUTCFullYear() <= 9999 ? day(next) : null;
}

/** A file's payment: the payment with this identifier, if it is in this file. */
function paymentOfFile(ctx: RequestContext<PaymentsPlusFacility>): PaymentRecord | undefined {
  const payment = ctx.facility.payments.get(ctx.params.paymentIdentifier);
  return payment?.fileIdentifier === ctx.params.fileIdentifier ? payment : undefined;
}

const handlers: Record<string, Handler> = {
  "GET /": (ctx) => ({ status: 200, body: { links: [], buyerCode: ctx.caller.facility, buyerName: `${ctx.caller.facility} (sandbox)`, keyName: maskKey(ctx.caller.key) } }),
  "GET /banking-days/{date}": (ctx) => {
    const d = new Date(`${ctx.params.date}T00:00:00Z`);
    return { status: 200, body: { date: ctx.params.date, isBankingDay: isBankingDay(d), nextBankingDay: stepBankingDay(d, 1), previousBankingDay: stepBankingDay(d, -1) } };
  },
  "GET /accounts/{bsbNumber}-{accountNumber}": (ctx) => {
    const account = facilitySetUp().accounts.find((a) => a.bsbNumber?.replace("-", "") === ctx.params.bsbNumber && a.accountNumber === ctx.params.accountNumber);
    return account ? { status: 200, body: account } : ctx.fail([404], "Account not found.", "No funding account with this BSB and account number.");
  },
  "GET /accounts/nz/{bankCode}-{branchCode}-{accountNumber}-{accountSuffix}": (ctx) => {
    const p = ctx.params;
    const account = facilitySetUp().accounts.find((a) => a.bankCode === p.bankCode && a.branchCode === p.branchCode && a.accountNumber === p.accountNumber && a.accountSuffix === p.accountSuffix);
    return account ? { status: 200, body: account } : ctx.fail([404], "Account not found.", "No New Zealand funding account with these numbers.");
  },

  "GET /files": listFiles(),
  "GET /files/for-status": listFiles("status", (ctx) => String(ctx.query.status)),
  "GET /files/for-date": listFiles("createdOn", (ctx) => String(ctx.query.date)),
  "GET /files/for-filename": listFiles("fileName", (ctx) => String(ctx.query.filename)),
  "GET /files/{fileIdentifier}": (ctx) => ({ status: 200, body: findFile(ctx, ctx.params.fileIdentifier).view }),
  "PUT /files/{fileIdentifier}": (ctx: RequestContext<PaymentsPlusFacility>) => {
    const id = ctx.params.fileIdentifier;
    const existing = ctx.facility.files.get(id);
    if (existing && existing.view.statusCode !== "OPEN") ctx.fail([409], "File already sent.", `File "${id}" is ${existing.view.statusCode}; only an OPEN file can be replaced.`);
    const view = fileView(ctx, id, ctx.body, "OPEN");
    if (existing) {
      existing.view = view;
      return { status: 200, body: view };
    }
    ctx.facility.files.insert({ fileIdentifier: id, view, createdOn: day(ctx.now), changedAt: ctx.now.getTime(), uploaded: false });
    return { status: 201, body: view, headers: { Location: `${ctx.baseUrl}/files/${encodeURIComponent(id)}` } };
  },
  "PUT /files/{fileIdentifier}/upload": upload,
  "POST /files/{fileIdentifier}/upload": upload,
  "POST /files/{fileIdentifier}/cancel": (ctx: RequestContext<PaymentsPlusFacility>) => {
    const file = findFile(ctx, ctx.params.fileIdentifier);
    if (file.view.statusCode !== "OPEN") fail422(ctx, "fileIdentifier", `The file is ${file.view.statusCode}; only an OPEN file can be cancelled.`, file.fileIdentifier);
    file.view.statusCode = "CANCELLED";
    file.changedAt = ctx.now.getTime();
    ctx.facility.payments.by("file", file.fileIdentifier).forEach((p) => (p.view.statusCode = "CANCELLED"));
    return { status: 200, body: file.view };
  },
  "POST /files/{fileIdentifier}/send": (ctx: RequestContext<PaymentsPlusFacility>) => {
    const file = findFile(ctx, ctx.params.fileIdentifier);
    if (file.view.statusCode !== "OPEN") fail422(ctx, "fileIdentifier", `The file is ${file.view.statusCode}; only an OPEN file can be sent.`, file.fileIdentifier);
    const payments = ctx.facility.payments.by("file", file.fileIdentifier).filter((p) => p.view.statusCode === "OPEN");
    if (payments.length === 0) fail422(ctx, "fileIdentifier", "The file has no open payments to send.", file.fileIdentifier);
    file.view.statusCode = "PROCESSING";
    file.changedAt = ctx.now.getTime();
    payments.forEach((p) => (p.view.statusCode = "PENDING"));
    return { status: 200, body: file.view };
  },
  "GET /files/{fileIdentifier}/payments": (ctx: RequestContext<PaymentsPlusFacility>) => {
    findFile(ctx, ctx.params.fileIdentifier);
    return listPayments("file", (c) => c.params.fileIdentifier)(ctx);
  },
  "GET /files/{fileIdentifier}/payments/{paymentIdentifier}": (ctx: RequestContext<PaymentsPlusFacility>) => {
    findFile(ctx, ctx.params.fileIdentifier);
    const payment = paymentOfFile(ctx);
    return payment ? { status: 200, body: payment.view } : ctx.fail([404], "Payment not found.", "No payment with this identifier in this file.");
  },
  "PUT /files/{fileIdentifier}/payments/{paymentIdentifier}": (ctx: RequestContext<PaymentsPlusFacility>) => {
    const file = findFile(ctx, ctx.params.fileIdentifier);
    const id = ctx.params.paymentIdentifier;
    if (file.view.statusCode !== "OPEN") fail422(ctx, "fileIdentifier", `The file is ${file.view.statusCode}; payments can be added only to an OPEN file.`, file.fileIdentifier);
    const existing = ctx.facility.payments.get(id);
    if (existing && existing.fileIdentifier !== file.fileIdentifier) ctx.fail([409], "Duplicate payment.", `Payment identifier "${id}" is already used.`);
    if (existing && existing.view.statusCode !== "OPEN") ctx.fail([409], "Duplicate payment.", `Payment "${id}" is ${existing.view.statusCode}; only an OPEN payment can be replaced.`);
    const view = paymentView(ctx, id, ctx.body, "OPEN");
    view.links = [link(ctx, "self", `/files/${encodeURIComponent(file.fileIdentifier)}/payments/${encodeURIComponent(id)}`)];
    if (existing) {
      existing.view = view;
      return { status: 200, body: view };
    }
    ctx.facility.payments.insert({ fileIdentifier: file.fileIdentifier, view, createdOn: day(ctx.now) });
    return { status: 201, body: view, headers: { Location: `${ctx.baseUrl}/files/${encodeURIComponent(file.fileIdentifier)}/payments/${encodeURIComponent(id)}` } };
  },
  "POST /files/{fileIdentifier}/payments/{paymentIdentifier}/cancel": (ctx: RequestContext<PaymentsPlusFacility>) => {
    findFile(ctx, ctx.params.fileIdentifier);
    const payment =
      paymentOfFile(ctx) ??
      ctx.fail([404], "Payment not found.", "No payment with this identifier in this file.");
    if (payment.view.statusCode !== "OPEN") fail422(ctx, "paymentIdentifier", `The payment is ${payment.view.statusCode}; only an OPEN payment can be cancelled.`, payment.view.paymentIdentifier);
    payment.view.statusCode = "CANCELLED";
    return { status: 200, body: payment.view };
  },

  "GET /payments/pending": listPayments("status", () => "PENDING"),
  "GET /payments/returns": listPayments("returned", () => "returned"),
  "GET /payments/for-date": listPayments("createdOn", (ctx) => String(ctx.query.date)),
  "GET /payments/for-reference": listPayments("reference", (ctx) => String(ctx.query.reference)),
  "GET /payments/{paymentIdentifier}": (ctx: RequestContext<PaymentsPlusFacility>) => {
    const payment = ctx.facility.payments.get(ctx.params.paymentIdentifier);
    return payment ? { status: 200, body: payment.view } : ctx.fail([404], "Payment not found.", "No payment with this identifier.");
  },
  // The single immediate payment: sent at once; the same identifier again creates nothing and answers 409.
  "POST /payments/{paymentIdentifier}": (ctx: RequestContext<PaymentsPlusFacility>) => {
    const id = ctx.params.paymentIdentifier;
    if (ctx.facility.payments.get(id)) {
      ctx.fail([409], "Duplicate payment.", `A payment with identifier "${id}" was already made: nothing new was created.`);
    }
    const view = paymentView(ctx, id, ctx.body, "OPEN");
    view.responseCode = "ASIP";
    view.receiptDescription = "PS00";
    ctx.facility.payments.insert({ view, createdOn: day(ctx.now) });
    return { status: 200, body: view };
  },
};

export const paymentsplus: ApiModule<PaymentsPlusFacility> = {
  api: "paymentsplus",
  tables: {
    files: {
      id: (f: FileRecord) => f.fileIdentifier,
      indexes: { status: (f: FileRecord) => f.view.statusCode, createdOn: (f: FileRecord) => f.createdOn, fileName: (f: FileRecord) => f.view.fileName },
    },
    payments: {
      id: (p: PaymentRecord) => p.view.paymentIdentifier,
      indexes: {
        file: (p: PaymentRecord) => p.fileIdentifier,
        status: (p: PaymentRecord) => p.view.statusCode,
        immediate: (p: PaymentRecord) => (p.fileIdentifier === undefined ? p.view.statusCode : undefined),
        createdOn: (p: PaymentRecord) => p.createdOn,
        reference: (p: PaymentRecord) => [p.view.recipientReference, p.view.payerReference],
        returned: (p: PaymentRecord) => (p.returnedOn === undefined ? undefined : "returned"),
        declineDue: (p: PaymentRecord) => (p.declineDue ? "due" : undefined),
      },
    },
  },
  handlers,
};
