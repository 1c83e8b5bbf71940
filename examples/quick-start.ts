import { createQuickStreamClient, unwrap, type QuickStream } from "westpac-payments-openapi";
import { validate } from "westpac-payments-openapi/validators";

const qs = createQuickStreamClient({
  secretKey: process.env.QUICKSTREAM_SECRET_KEY ?? "mock-secret-key",
  baseUrl: process.env.QUICKSTREAM_URL ?? "http://127.0.0.1:4011", // the mock; leave out for QuickStream's support environment
});

// A card payment. Name the body's type (QuickStream.TransactionRequest) so "PAYMENT" stays a literal.
// The client adds an Idempotency-Key and resends only where that cannot pay twice.
const body: QuickStream.TransactionRequest = {
  transactionType: "PAYMENT",
  singleUseTokenId: "1a8a2b04-2b9e-4a1c-9b4d-0b4f1e1e6d8a",
  supplierBusinessCode: "QUICKSTREAMDEMO",
  principalAmount: "10.00",
  currency: "AUD",
  customerReferenceNumber: "CUSTOMER1",
  paymentReferenceNumber: "ORDER-1001",
  eci: "INTERNET",
  ipAddress: "203.0.113.10",
};
const payment: QuickStream.Transaction = unwrap(await qs.POST("/transactions", { body }));
console.log(`payment ${payment.receiptNumber}: ${payment.status}`);

for await (const tx of qs.paginate("/transactions", {})) console.log(`recent ${tx.receiptNumber}: ${tx.status}`);

const check = validate("quickstream", "POST /transactions request", { transactionType: "PAYMENT", currency: "AUD" });
if (!check.valid) for (const e of check.errors) console.log(`invalid ${e.pointer}: ${e.message}`);
