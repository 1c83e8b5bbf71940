// Against the sandbox (`npm run sandbox`): create a customer, register a card, take a payment with a declining test
// card, take one that approves, resend it with the same Idempotency-Key, read it back.
import { createQuickStreamClient, unwrap } from "westpac-payments-openapi";

const baseUrl = process.env.QUICKSTREAM_URL ?? "http://127.0.0.1:4021/rest/v1";
// Keys of the documented form: <FACILITY>_SEC_... (secret) and <FACILITY>_PUB_... (publishable), one facility's state.
const secretKey = process.env.QUICKSTREAM_SECRET_KEY ?? "MYFACILITY_SEC_sandbox";
const publishableKey = process.env.QUICKSTREAM_PUBLISHABLE_KEY ?? "MYFACILITY_PUB_sandbox";
const secret = createQuickStreamClient({ secretKey, baseUrl });
const publishable = createQuickStreamClient({ publishableKey, baseUrl });

const cardToken = async (cardNumber: string) =>
  unwrap(
    await publishable.POST("/single-use-tokens", {
      body: {
        supplierBusinessCode: "MYBUSINESS",
        accountType: "CREDIT_CARD",
        cardholderName: "Jane Smith",
        cardNumber,
        expiryDateMonth: "01",
        expiryDateYear: "2050",
        cvn: "123",
      },
    }),
  ).singleUseTokenId!;

const customer = unwrap(
  await secret.POST("/customers", { body: { customerNumber: `CUSTOMER-${Date.now()}`, customerName: "Jane Smith" } }),
);
const account = unwrap(
  await secret.POST("/customers/{customerId}/accounts", {
    params: { path: { customerId: customer.customerId! } },
    body: { singleUseTokenId: await cardToken("4242424242424242") },
  }),
);
console.log(`customer ${customer.customerId} with card ${account.accountToken}`);

// Last two digits 96: declined with 51 (Not sufficient funds), as the official Visa test table says.
const declined = unwrap(
  await secret.POST("/transactions", {
    body: {
      transactionType: "PAYMENT",
      singleUseTokenId: await cardToken("4111111111444496"),
      supplierBusinessCode: "MYBUSINESS",
      principalAmount: "25.00",
      currency: "AUD",
    },
  }),
);
console.log(`declined: ${declined.status} ${declined.responseCode} ${declined.responseDescription}`);

// The registered card (last two digits 42): approved with 08. Resent with the same key: the same transaction.
const payment = {
  body: {
    transactionType: "PAYMENT",
    accountToken: account.accountToken!,
    supplierBusinessCode: "MYBUSINESS",
    principalAmount: "25.00",
    currency: "AUD",
    paymentReferenceNumber: "ORDER-1001",
  },
  headers: { "Idempotency-Key": `order-1001-${customer.customerId}` },
} as const;
const approved = unwrap(await secret.POST("/transactions", payment));
const resent = unwrap(await secret.POST("/transactions", payment));
console.log(`approved: ${approved.status} ${approved.responseCode}; resent: same receipt ${resent.receiptNumber === approved.receiptNumber}`);

const readBack = unwrap(
  await secret.GET("/transactions/{receiptNumber}", { params: { path: { receiptNumber: approved.receiptNumber } } }),
);
console.log(`read back: ${readBack.status} ${readBack.totalAmount?.displayAmount} ${readBack.paymentReferenceNumber}`);
