// Named types (generated/<api>/named-types.ts, exported as the QuickStream and PaymentsPlus namespaces): every
// component schema by its name, and each operation's bodies in Endpoints["METHOD /path"]. The checks are type-level,
// compiled by `tsc` in `npm test`; the runtime test checks that every operation and schema of the descriptions has its
// name, so a new one cannot be missed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { APIS, generatedPath } from "../scripts/lib.ts";
import { createQuickStreamClient, type PaymentsPlus, type QuickStream } from "../src/index.ts";

describe("named types", () => {
  it.each(APIS)("%s: every component schema and every operation has a name", (api) => {
    const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
    const names = readFileSync(generatedPath(api, "named-types.ts"), "utf8");
    for (const schema of Object.keys(doc.components.schemas)) expect(names).toContain(`export type ${schema} = `);
    for (const [path, item] of Object.entries<any>(doc.paths))
      for (const method of Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch"].includes(k)))
        expect(names).toContain(`"${method.toUpperCase()} ${path}": Endpoint<`);
  });
});

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

// Type-level checks: never called, only compiled. Each @ts-expect-error must be a real error, or tsc fails.
export async function typeChecks(): Promise<void> {
  const qs = createQuickStreamClient({ secretKey: "k" });

  // The case from issue 14: a body declared on its own, then sent. Without the annotation TypeScript widens
  // "PAYMENT" to string and the call fails with a 100-line TS2322.
  const body: QuickStream.TransactionRequest = {
    transactionType: "PAYMENT",
    singleUseTokenId: "TOKEN-1a2b3c4d5e6f",
    supplierBusinessCode: "MYSUPPLIER",
    principalAmount: 10.0,
    currency: "AUD",
  };
  const created = await qs.POST("/transactions", { body });
  const transaction: QuickStream.Transaction | undefined = created.data;
  // A code in a client's response data names its known values and accepts any other string (P47, P110).
  const status: string | undefined = created.data?.status;
  assertType<Equal<NonNullable<typeof created.data>["status"], QuickStream.TransactionStatus | (string & {})>>();
  void [transaction, status];

  // The same by name: a response code list is open, a request's stays closed.
  type Frequency = QuickStream.RecurringPayment["frequency"];
  assertType<Equal<Frequency, QuickStream.RecurringPaymentFrequency | (string & {})>>();
  assertType<Equal<Equal<Frequency, string>, false>>(); // not collapsed to `string`: the known values stay named
  const weekly: Frequency = "WEEKLY";
  const later: Frequency = "A_FREQUENCY_ADDED_SINCE";
  const asString: string = weekly;
  void [later, asString];
  const schedule: QuickStream.CreateRecurringPaymentRequest = {
    supplierBusinessCode: "MYCOMPANY",
    scheduleType: "ONE_OFF",
    frequency: "WEEKLY",
    nextPaymentDate: "2017-01-01",
    instalmentAmount: "125.00",
    currency: "AUD",
  };
  // @ts-expect-error a request's code list is closed: an unlisted frequency is refused
  const unlistedRequest: QuickStream.CreateRecurringPaymentRequest = { ...schedule, frequency: "A_FREQUENCY_ADDED_SINCE" };
  // @ts-expect-error the same through the base model's field
  const unlistedField: QuickStream.CreateRecurringPaymentRequestBase["frequency"] = "A_FREQUENCY_ADDED_SINCE";
  void [schedule, unlistedRequest, unlistedField];

  // The same body through Endpoints.
  const again: QuickStream.Endpoints["POST /transactions"]["requestBody"] = body;
  void again;
  assertType<Equal<QuickStream.Endpoints["POST /transactions"]["requestBody"], QuickStream.TransactionRequest>>();
  assertType<Equal<QuickStream.Endpoints["POST /transactions"]["responses"][201], QuickStream.Transaction>>();
  assertType<Equal<QuickStream.Endpoints["GET /transactions/{receiptNumber}"]["requestBody"], undefined>>();
  assertType<Equal<QuickStream.Endpoints["GET /transactions/{receiptNumber}"]["responses"][404], QuickStream.ErrorResponse>>();
  // A webhook payload by name.
  assertType<Equal<QuickStream.Webhooks["payToAgreementNotification"], QuickStream.PayToAgreementNotification>>();
  // PaymentsPlus: a component and an operation's response.
  assertType<Equal<PaymentsPlus.Endpoints["GET /files/{fileIdentifier}"]["responses"][200], PaymentsPlus.PaymentFile>>();

  // @ts-expect-error a name the API does not have
  type Missing = QuickStream.NoSuchSchema;
  // @ts-expect-error an operation the API does not have
  type NoOperation = QuickStream.Endpoints["POST /no-such-path"];
  // @ts-expect-error a named body still checks its fields
  const wrong: QuickStream.TransactionRequest = { transactionType: "PAYMENT", principalAmount: "ten" };
  void wrong;
}
