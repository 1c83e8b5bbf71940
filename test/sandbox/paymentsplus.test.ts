// The PaymentsPlus sandbox: files and their status, payments, searches, the immediate payment, banking days.
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/index.ts";
import { basic, call, PP_KEY, useSandbox } from "./support.ts";

const { pp, sandbox } = useSandbox();
afterEach(() => expect(sandbox().violations).toEqual([]));

const payment = (reference: string) => ({
  paymentMethod: "DIRECT_ENTRY",
  paymentAmount: 12.34,
  paymentDate: "2030-01-02",
  fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
  recipientAccount: { type: "AU_DOMESTIC", accountName: "Example", bsbNumber: "650-000", accountNumber: "123456789" },
  payeeName: "Example",
  currency: "AUD",
  lodgementReference: reference,
  paymentReference: `${reference}-P`,
});
const advance = () => fetch(`${pp()}/_sandbox/advance`, { method: "POST", headers: { Authorization: basic(PP_KEY) } }).then((r) => r.json());

describe("files", () => {
  it("open, add, cancel a payment, send, advance to COMPLETE with payments PAID; searches find them", async () => {
    expect((await call(pp(), "PUT", "/files/LIFE-1", PP_KEY, { fileName: "life-1.csv", paymentDate: "2030-01-02" })).status).toBe(201);
    expect((await call(pp(), "PUT", "/files/LIFE-1", PP_KEY, { fileName: "life-1b.csv", paymentDate: "2030-01-02" })).status).toBe(200);
    expect((await call(pp(), "PUT", "/files/LIFE-1/payments/LIFE-1-A", PP_KEY, payment("REF-A"))).status).toBe(201);
    expect((await call(pp(), "PUT", "/files/LIFE-1/payments/LIFE-1-B", PP_KEY, payment("REF-B"))).status).toBe(201);
    const cancelled = await call(pp(), "POST", "/files/LIFE-1/payments/LIFE-1-B/cancel", PP_KEY);
    expect(cancelled.body.statusCode).toBe("CANCELLED");
    expect((await call(pp(), "POST", "/files/LIFE-1/payments/LIFE-1-B/cancel", PP_KEY)).status).toBe(422);

    const open = await call(pp(), "GET", "/files/for-status?status=OPEN", PP_KEY);
    expect(open.body.data.map((f: any) => f.fileName)).toContain("life-1b.csv");
    const sent = await call(pp(), "POST", "/files/LIFE-1/send", PP_KEY);
    expect(sent.body.statusCode).toBe("PROCESSING");
    expect((await call(pp(), "GET", "/files/for-status?status=OPEN", PP_KEY)).body.data.map((f: any) => f.fileName)).not.toContain("life-1b.csv");
    expect((await call(pp(), "GET", "/payments/pending", PP_KEY)).body.data.map((p: any) => p.paymentIdentifier)).toEqual(["LIFE-1-A"]);
    // Sent: no more changes.
    expect((await call(pp(), "PUT", "/files/LIFE-1", PP_KEY, { fileName: "x.csv", paymentDate: "2030-01-02" })).status).toBe(409);
    expect((await call(pp(), "PUT", "/files/LIFE-1/payments/LIFE-1-C", PP_KEY, payment("REF-C"))).status).toBe(422);
    expect((await call(pp(), "POST", "/files/LIFE-1/cancel", PP_KEY)).status).toBe(422);

    await advance();
    expect((await call(pp(), "GET", "/files/LIFE-1/payments/LIFE-1-A", PP_KEY)).body.statusCode).toBe("PROCESSING");
    await advance();
    expect((await call(pp(), "GET", "/files/LIFE-1", PP_KEY)).body.statusCode).toBe("COMPLETE");
    const byReference = await call(pp(), "GET", "/payments/for-reference?reference=REF-A", PP_KEY);
    expect(byReference.body.data).toMatchObject([{ paymentIdentifier: "LIFE-1-A", statusCode: "PAID", paymentAmount: 12.34 }]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await call(pp(), "GET", `/payments/for-date?date=${today}`, PP_KEY)).body.data.length).toBeGreaterThanOrEqual(2);
    expect((await call(pp(), "GET", `/files/for-date?date=${today}`, PP_KEY)).body.data.length).toBeGreaterThanOrEqual(1);
    expect((await call(pp(), "GET", "/files/for-filename?filename=life-1b.csv", PP_KEY)).body.data).toHaveLength(1);
  });

  it("a file without open payments cannot be sent; an OPEN file can be cancelled with its payments", async () => {
    await call(pp(), "PUT", "/files/EMPTY-1", PP_KEY, { fileName: "empty.csv", paymentDate: "2030-01-02" });
    expect((await call(pp(), "POST", "/files/EMPTY-1/send", PP_KEY)).status).toBe(422);
    await call(pp(), "PUT", "/files/EMPTY-1/payments/EMPTY-1-A", PP_KEY, payment("REF-E"));
    expect((await call(pp(), "POST", "/files/EMPTY-1/cancel", PP_KEY)).body.statusCode).toBe("CANCELLED");
    expect((await call(pp(), "GET", "/files/EMPTY-1/payments/EMPTY-1-A", PP_KEY)).body.statusCode).toBe("CANCELLED");
    expect((await call(pp(), "GET", "/files/NOPE", PP_KEY)).status).toBe(404);
  });

  it("an upload with an empty file name is refused in the API's error model (it killed Prism)", async () => {
    // As newman and curl send it: a file part whose filename is empty.
    const multipart = '--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: text/plain\r\n\r\nH,1\r\n--b--\r\n';
    const empty = await fetch(`${pp()}/files/UP-1/upload`, {
      method: "PUT",
      headers: { Authorization: basic(PP_KEY), "Content-Type": "multipart/form-data; boundary=b" },
      body: multipart,
    });
    expect(empty.status).toBe(422);
    expect((await empty.json()).errors[0].fieldName).toBe("file");
    const good = new FormData();
    good.append("file", new Blob(["H,1\n"], { type: "text/plain" }), "payments.csv");
    const uploaded = await fetch(`${pp()}/files/UP-1/upload`, { method: "PUT", headers: { Authorization: basic(PP_KEY) }, body: good });
    expect(uploaded.status).toBe(201);
    expect(await uploaded.json()).toMatchObject({ statusCode: "FORMAT_CHECK", fileName: "payments.csv" });
  });
});

describe("configured delay", () => {
  it("sent files move on by themselves once they have waited the delay", async () => {
    const own = await startSandbox({ fileStatusDelayMs: 100, strictResponses: true });
    try {
      const base = own.urls.paymentsplus;
      await call(base, "PUT", "/files/AUTO-1", PP_KEY, { fileName: "auto.csv", paymentDate: "2030-01-02" });
      await call(base, "PUT", "/files/AUTO-1/payments/AUTO-1-A", PP_KEY, payment("REF-AUTO"));
      expect((await call(base, "POST", "/files/AUTO-1/send", PP_KEY)).body.statusCode).toBe("PROCESSING");
      let status = "PROCESSING";
      for (let i = 0; i < 100 && status !== "COMPLETE"; i++) {
        await new Promise((r) => setTimeout(r, 25));
        status = (await call(base, "GET", "/files/AUTO-1", PP_KEY)).body.statusCode;
      }
      expect(status).toBe("COMPLETE");
      expect((await call(base, "GET", "/files/AUTO-1/payments/AUTO-1-A", PP_KEY)).body.statusCode).toBe("PAID");
      expect(own.violations).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});

describe("immediate payment", () => {
  it("the same identifier again creates nothing and answers 409", async () => {
    const body = {
      paymentMethod: "OSKO",
      paymentAmount: "1.00",
      fundingAccount: { bsbNumber: "032-000", accountNumber: "100001", accountName: "Account One" },
      recipientAccount: { accountName: "Jane", identification: "032000000007", schemeName: "BBAN" },
      payeeName: "Jane",
      currency: "AUD",
      lodgementReference: "IMM-1",
      paymentReference: "IMM-1",
      paymentDate: "2030-01-02",
    };
    const first = await call(pp(), "POST", "/payments/IMM-1", PP_KEY, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ paymentIdentifier: "IMM-1", methodCode: "OSKO", statusCode: "OPEN" });
    const again = await call(pp(), "POST", "/payments/IMM-1", PP_KEY, { ...body, paymentAmount: "2.00" });
    expect(again.status).toBe(409);
    expect((await call(pp(), "GET", "/payments/IMM-1", PP_KEY)).body.paymentAmount).toBe(1);
  });
});

describe("keys and banking days", () => {
  it("takes _SEC_ keys only", async () => {
    expect((await call(pp(), "GET", "/", "BUYER_PUB")).status).toBe(401);
    expect((await call(pp(), "GET", "/", PP_KEY)).body).toMatchObject({ buyerCode: "BUYER" });
  });
  it("Monday to Friday are banking days", async () => {
    const saturday = await call(pp(), "GET", "/banking-days/2024-11-02", PP_KEY);
    expect(saturday.body).toEqual({ date: "2024-11-02", isBankingDay: false, nextBankingDay: "2024-11-04", previousBankingDay: "2024-11-01" });
    expect((await call(pp(), "GET", "/banking-days/2024-11-04", PP_KEY)).body.isBankingDay).toBe(true);
    // A malformed date: 422 naming the field, a status the description documents (P98).
    const malformed = await call(pp(), "GET", "/banking-days/2024-13-01", PP_KEY);
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors[0]).toMatchObject({ fieldName: "date", fieldValue: "2024-13-01" });
    expect(sandbox().undocumented.filter((u) => u.startsWith("GET /banking-days/"))).toEqual([]);
  });
});
