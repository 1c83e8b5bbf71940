// QuickStream through the client orval generated into ./generated with the fetch mutator ./westpac-fetch.ts
// (docs/codegen.md, "Generate your client"): the mutator adds the base URL and the secret key; the token call passes
// the publishable key in its own RequestInit.
import { randomUUID } from "node:crypto";
import { createCustomer, createSingleUseToken, createTransaction, getTransaction, listTransactions, type TransactionRequest } from "./generated/api";
import { basicAuth, westpac } from "./westpac-fetch";
import { check, env, step } from "./flow-kit.js";

westpac.baseUrl = env("QUICKSTREAM_URL");
westpac.key = env("QUICKSTREAM_SECRET_KEY");
const supplierBusinessCode = env("SUPPLIER_BUSINESS_CODE");

const customerNumber = `CUST-${randomUUID().slice(0, 8)}`;
const customer = await createCustomer({ customerNumber, customerName: "Jane Smith" });
check(customer.status === 201, `createCustomer: ${customer.status} ${JSON.stringify(customer.data)}`);
check(customer.data.customerId && customer.data.customerNumber === customerNumber, `customer: ${JSON.stringify(customer.data)}`);
step("customer");

async function cardToken(cardNumber: string): Promise<string> {
  const token = await createSingleUseToken(
    { supplierBusinessCode, accountType: "CREDIT_CARD", cardholderName: "Jane Smith", cardNumber, expiryDateMonth: "01", expiryDateYear: "2050", cvn: "123" },
    { headers: basicAuth(env("QUICKSTREAM_PUBLISHABLE_KEY")) },
  );
  check(token.status === 201 && token.data.singleUseTokenId, `createSingleUseToken: ${token.status} ${JSON.stringify(token.data)}`);
  return token.data.singleUseTokenId;
}
const approvingToken = await cardToken("4242424242424242");
step("token");

const payment = (singleUseTokenId: string): TransactionRequest => ({
  transactionType: "PAYMENT",
  singleUseTokenId,
  supplierBusinessCode,
  principalAmount: "10.00",
  currency: "AUD",
  customerReferenceNumber: customerNumber,
});
const approved = await createTransaction(payment(approvingToken));
check(approved.status === 201, `createTransaction: ${approved.status} ${JSON.stringify(approved.data)}`);
const receiptNumber = approved.data.receiptNumber;
check(approved.data.status === "Approved" && receiptNumber, `approved: ${approved.data.status} ${receiptNumber}`);
check(approved.data.principalAmount?.amount === 10, `approved amount: ${JSON.stringify(approved.data.principalAmount)}`);
step("approved");

const declined = await createTransaction(payment(await cardToken("4111111111444496")));
check(declined.status === 201, `createTransaction: ${declined.status} ${JSON.stringify(declined.data)}`);
check(declined.data.status === "Declined" && declined.data.responseCode === "51", `declined: ${declined.data.status} ${declined.data.responseCode}`);
step("declined");

const readBack = await getTransaction(receiptNumber);
check(readBack.status === 200, `getTransaction: ${readBack.status} ${JSON.stringify(readBack.data)}`);
check(
  readBack.data.receiptNumber === receiptNumber && readBack.data.status === "Approved" && readBack.data.principalAmount?.amount === 10,
  `read back: ${readBack.data.receiptNumber} ${readBack.data.status} ${JSON.stringify(readBack.data.principalAmount)}`,
);
step("read");

const idempotency = { headers: { "Idempotency-Key": randomUUID() } };
const once = payment(await cardToken("4242424242424242"));
const first = await createTransaction(once, idempotency);
const again = await createTransaction(once, idempotency);
check(first.status === 201 && again.status === 201, `idempotent: ${first.status} ${again.status} ${JSON.stringify(again.data)}`);
check(first.data.receiptNumber && first.data.receiptNumber === again.data.receiptNumber, `idempotent: ${first.data.receiptNumber} then ${again.data.receiptNumber}`);
step("idempotent");

const list = await listTransactions();
// The operation also answers a CSV report (a string) when asked for text/csv; this client asks for nothing else.
check(list.status === 200 && typeof list.data !== "string", `listTransactions: ${list.status} ${JSON.stringify(list.data)}`);
const receipts = list.data.data?.map((t) => t.receiptNumber) ?? [];
check(receipts.includes(receiptNumber), `list: ${receipts.join(", ")}`);
step("list");

// A single-use token is used once: paying with the approved payment's token again is refused (422).
const refused = await createTransaction(payment(approvingToken));
check(refused.status === 422, `reused token: ${refused.status} ${JSON.stringify(refused.data)}`);
check(refused.data.errors?.some((e) => e.fieldName === "singleUseTokenId"), `422 errors: ${JSON.stringify(refused.data.errors)}`);
step("error");
