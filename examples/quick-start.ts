import { createQuickStreamClient, unwrap } from "westpac-payments-openapi";

// The sandbox and its keys; for QuickStream's support environment leave baseUrl out and use your own keys.
const baseUrl = process.env.QUICKSTREAM_URL ?? "http://127.0.0.1:4021/rest/v1";
const secret = createQuickStreamClient({ secretKey: process.env.QUICKSTREAM_SECRET_KEY ?? "MYFACILITY_SEC_sandbox", baseUrl });
const publishable = createQuickStreamClient({ publishableKey: process.env.QUICKSTREAM_PUBLISHABLE_KEY ?? "MYFACILITY_PUB_sandbox", baseUrl });

// A single-use token for a test card. In production the payer's browser makes it (the Trusted Frame): card numbers
// never reach your server.
const card = { cardholderName: "Jane Smith", cardNumber: "4242424242424242", expiryDateMonth: "01", expiryDateYear: "2050", cvn: "123" };
const token = unwrap(await publishable.POST("/single-use-tokens", { body: { supplierBusinessCode: "MYBUSINESS", accountType: "CREDIT_CARD", ...card } }));

// Pay. The client sends an Idempotency-Key and resends only where that cannot pay twice.
const payment = unwrap(
  await secret.POST("/transactions", {
    body: {
      transactionType: "PAYMENT",
      singleUseTokenId: token.singleUseTokenId,
      supplierBusinessCode: "MYBUSINESS",
      principalAmount: "25.00",
      currency: "AUD",
      customerReferenceNumber: "CUSTOMER1",
      paymentReferenceNumber: "ORDER-1001",
      eci: "INTERNET",
      ipAddress: "203.0.113.10",
    },
  }),
);
// summaryCode "0" is approved: treat any other value, or one you do not know, as not paid.
console.log(`payment ${payment.receiptNumber}: ${payment.status} (summary code ${payment.summaryCode})`);

// Read it back, then refund part of it.
const path = { receiptNumber: payment.receiptNumber };
const read = unwrap(await secret.GET("/transactions/{receiptNumber}", { params: { path } }));
console.log(`read back ${read.receiptNumber}: ${read.totalAmount?.displayAmount}`);
const refund = unwrap(
  await secret.POST("/transactions", {
    body: { transactionType: "REFUND", supplierBusinessCode: "MYBUSINESS", originalReceiptNumber: payment.receiptNumber, principalAmount: "10.00", currency: "AUD" },
  }),
);
console.log(`refund ${refund.receiptNumber}: ${refund.status}, ${refund.totalAmount?.displayAmount}`);
