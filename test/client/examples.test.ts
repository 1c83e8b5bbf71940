// The runnable examples in examples/ work against the mock (Prism on the bundled descriptions).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startPrism, type MockServer } from "../../scripts/prism.ts";
import { createAndSendFile } from "../../examples/paymentsplus-send-file.ts";
import { takePaymentAndRefund } from "../../examples/quickstream-take-payment.ts";

describe("examples against Prism", () => {
  let qs: MockServer | undefined;
  let pp: MockServer | undefined;
  beforeAll(async () => {
    [qs, pp] = await Promise.all([startPrism("quickstream"), startPrism("paymentsplus")]);
    vi.spyOn(console, "log").mockImplementation(() => {});
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await Promise.all([qs?.stop(), pp?.stop()]);
  });

  it("QuickStream: single-use token, payment, refund, transactions", async () => {
    const result = await takePaymentAndRefund(qs!.url);
    expect(result.token.singleUseTokenId).toBeTruthy();
    expect(result.payment.receiptNumber).toBeTruthy();
    expect(result.refund.receiptNumber).toBeTruthy();
    expect(result.transactions).toBeGreaterThan(0);
  });

  it("PaymentsPlus: create a file, add payments, send it", async () => {
    const sent = await createAndSendFile(pp!.url);
    expect(sent.statusCode).toBeTruthy();
  });
});
