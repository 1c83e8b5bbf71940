// Take a card payment with a single-use token, refund part of it, then page through recent transactions.
// The browser side (publishable key) makes the token; the server side (secret key) takes the payment.
import { pathToFileURL } from "node:url";
import { createQuickStreamClient, unwrap } from "../src/index.ts";

export async function takePaymentAndRefund(baseUrl: string, keys = { secretKey: "MYFACILITY_SEC_sandbox", publishableKey: "MYFACILITY_PUB_sandbox" }) {
  // Normally done in the browser by QuickStream's Trusted Frame; the publishable key can do nothing else.
  const browser = createQuickStreamClient({ publishableKey: keys.publishableKey, baseUrl });
  const token = unwrap(
    await browser.POST("/single-use-tokens", {
      body: {
        supplierBusinessCode: "QUICKSTREAMDEMO",
        accountType: "CREDIT_CARD",
        cardholderName: "Jane Smith",
        cardNumber: "4242424242424242",
        expiryDateMonth: "01",
        expiryDateYear: "2050",
        cvn: "123",
      },
    }),
  );

  // Server side. Every POST carries an Idempotency-Key; after a network error or 429 the client resends it with
  // the same key, after a 503 with a new one, and never after a 500 (spec decision D9).
  const qs = createQuickStreamClient({ secretKey: keys.secretKey, baseUrl, validateRequests: true });
  const orderId = "ORDER-1001";
  const payment = unwrap(
    await qs.POST("/transactions", {
      body: {
        transactionType: "PAYMENT",
        singleUseTokenId: token.singleUseTokenId,
        supplierBusinessCode: "QUICKSTREAMDEMO",
        principalAmount: 10.0,
        currency: "AUD",
        customerReferenceNumber: "CUSTOMER1",
        paymentReferenceNumber: orderId,
        eci: "INTERNET",
        ipAddress: "192.168.42.184",
      },
      // Optional: your own key (e.g. derived from the order) makes a resend after a crash safe too.
      headers: { "Idempotency-Key": `${orderId}-payment` },
    }),
  );
  console.log(`payment ${payment.receiptNumber}: ${payment.status}`);

  const refund = unwrap(
    await qs.POST("/transactions", {
      body: {
        transactionType: "REFUND",
        originalReceiptNumber: payment.receiptNumber,
        principalAmount: 5.0,
        currency: "AUD",
        customerReferenceNumber: "CUSTOMER1",
        paymentReferenceNumber: orderId,
      },
      headers: { "Idempotency-Key": `${orderId}-refund-1` },
    }),
  );
  console.log(`refund ${refund.receiptNumber}: ${refund.status}`);

  let count = 0;
  for await (const tx of qs.paginate("/transactions", {})) {
    if (count++ < 3) console.log(`  ${tx.receiptNumber} ${tx.transactionType ?? ""} ${tx.status ?? ""}`);
  }
  console.log(`${count} recent transactions`);
  return { token, payment, refund, transactions: count };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await takePaymentAndRefund(process.env.QUICKSTREAM_URL ?? "http://127.0.0.1:4011/rest/v1", {
    secretKey: process.env.QUICKSTREAM_SECRET_KEY ?? "MYFACILITY_SEC_sandbox",
    publishableKey: process.env.QUICKSTREAM_PUBLISHABLE_KEY ?? "MYFACILITY_PUB_sandbox",
  });
}
