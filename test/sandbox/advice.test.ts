// The sandbox shows what advise() says of a request body (issue 24 item 4, P126): it never refuses for it, and
// integration tests see it in the X-Sandbox-Advice header and in the facility's journal. Checked with the
// description's own overseas payment example, whose IBAN and SWIFT codes the schemes' rules do not accept. What
// Westpac's pages state is refused with the API's error model instead (P128).
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { generatedPath } from "../../scripts/lib.ts";
import { call, PP_KEY, useSandbox } from "./support.ts";

const { pp, sandbox } = useSandbox();
afterEach(() => expect(sandbox().violations).toEqual([]));

const doc = JSON.parse(readFileSync(generatedPath("paymentsplus", "openapi.json"), "utf8"));
const examples = doc.paths["/files/{fileIdentifier}/payments/{paymentIdentifier}"].put.requestBody.content["application/json"].examples;

describe("advice on identifiers", () => {
  it("accepts the overseas payment example and names what advise() says of it, in a header and in the journal", async () => {
    expect((await call(pp(), "PUT", "/files/ADVICE-1", PP_KEY, { fileName: "advice-1.csv", paymentDate: "2030-01-02" })).status).toBe(201);
    const paid = await call(pp(), "PUT", "/files/ADVICE-1/payments/OTT-1", PP_KEY, examples.auOtt.value);
    expect(paid.status).toBe(201);
    const header = paid.headers.get("x-sandbox-advice") ?? "";
    expect(header.split(", ").sort()).toEqual([
      "bic.format at /recipientAccount/intermediarySwiftCode",
      "bic.format at /recipientAccount/swiftCode",
      "iban.format at /recipientAccount/iban",
    ]);
    const journal = sandbox().facility("paymentsplus", PP_KEY).journal();
    const entry = journal.find((e) => e.path === "/files/ADVICE-1/payments/OTT-1")!;
    expect(entry.advice?.map((a) => a.code).sort()).toEqual(["bic.format", "bic.format", "iban.format"]);
    expect(entry.advice?.every((a) => a.message.length > 0)).toBe(true);
  });

  it("refuses a BPAY code that PaymentsPlus's response codes reject, with the API's error model, and advises on a CRN's length", async () => {
    expect((await call(pp(), "PUT", "/files/ADVICE-3", PP_KEY, { fileName: "advice-3.csv", paymentDate: "2030-01-02" })).status).toBe(201);
    const bpay = structuredClone(examples.bpay.value);
    bpay.recipientAccount.billerNumber = "12-3456";
    const refused = await call(pp(), "PUT", "/files/ADVICE-3/payments/BPAY-1", PP_KEY, bpay);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ fieldName: "recipientAccount.billerNumber", fieldValue: "12-3456", messages: [expect.stringContaining("digits, not all zeros")] }),
    ]);
    expect((await call(pp(), "GET", "/files/ADVICE-3/payments", PP_KEY)).body.data).toEqual([]);
    Object.assign(bpay.recipientAccount, { billerNumber: "123456", crn: "1" });
    const paid = await call(pp(), "PUT", "/files/ADVICE-3/payments/BPAY-1", PP_KEY, bpay);
    expect(paid.status).toBe(201);
    expect(paid.headers.get("x-sandbox-advice")).toBe("bpay.crn at /recipientAccount/crn");
    expect((await call(pp(), "GET", "/files/ADVICE-3/payments", PP_KEY)).body.data).toHaveLength(1);
  });

  it("says nothing of a payment whose identifiers pass", async () => {
    expect((await call(pp(), "PUT", "/files/ADVICE-2", PP_KEY, { fileName: "advice-2.csv", paymentDate: "2030-01-02" })).status).toBe(201);
    const paid = await call(pp(), "PUT", "/files/ADVICE-2/payments/DE-1", PP_KEY, examples.directEntry.value);
    expect(paid.status).toBe(201);
    expect(paid.headers.get("x-sandbox-advice")).toBeNull();
    const entry = sandbox().facility("paymentsplus", PP_KEY).journal().find((e) => e.path === "/files/ADVICE-2/payments/DE-1")!;
    expect(entry.status).toBe(201);
    expect(entry.advice).toBeUndefined();
  });
});
