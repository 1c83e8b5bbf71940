// QuickStream through the client @hey-api/openapi-ts generated into ./generated (docs/codegen.md, "Generate your
// client"). The key is the HTTP Basic user name with an empty password: the client's `auth` callback returns
// "<key>:" and the client sends it as `Authorization: Basic ...`.
import { randomUUID } from "node:crypto";
import { createClient, createConfig } from "./generated/client/index.js";
import { createCustomer, createSingleUseToken, createTransaction, getTransaction, listTransactions } from "./generated/sdk.gen.js";
import type { ErrorResponse, TransactionRequest } from "./generated/types.gen.js";
import { check, env, step } from "./flow-kit.js";

const baseUrl = env("QUICKSTREAM_URL");
const supplierBusinessCode = env("SUPPLIER_BUSINESS_CODE");
const secret = createClient(createConfig({ baseUrl, auth: () => `${env("QUICKSTREAM_SECRET_KEY")}:` }));
const publishable = createClient(createConfig({ baseUrl, auth: () => `${env("QUICKSTREAM_PUBLISHABLE_KEY")}:` }));

const customerNumber = `CUST-${randomUUID().slice(0, 8)}`;
const { data: customer, error: customerError } = await createCustomer({ client: secret, body: { customerNumber, customerName: "Jane Smith" } });
check(customer, `createCustomer: ${JSON.stringify(customerError)}`);
check(customer.customerId && customer.customerNumber === customerNumber, `customer: ${JSON.stringify(customer)}`);
step("customer");

async function cardToken(cardNumber: string): Promise<string> {
  const { data, error } = await createSingleUseToken({
    client: publishable,
    body: { supplierBusinessCode, accountType: "CREDIT_CARD", cardholderName: "Jane Smith", cardNumber, expiryDateMonth: "01", expiryDateYear: "2050", cvn: "123" },
  });
  check(data?.singleUseTokenId, `createSingleUseToken: ${JSON.stringify(error ?? data)}`);
  return data.singleUseTokenId;
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
const { data: approved, error: approvedError } = await createTransaction({ client: secret, body: payment(approvingToken) });
check(approved, `createTransaction: ${JSON.stringify(approvedError)}`);
check(approved.status === "Approved" && approved.receiptNumber, `approved: ${approved.status} ${approved.receiptNumber}`);
check(approved.principalAmount?.amount === 10, `approved amount: ${JSON.stringify(approved.principalAmount)}`);
step("approved");

const { data: declined, error: declinedError } = await createTransaction({ client: secret, body: payment(await cardToken("4111111111444496")) });
check(declined, `createTransaction: ${JSON.stringify(declinedError)}`);
check(declined.status === "Declined" && declined.responseCode === "51", `declined: ${declined.status} ${declined.responseCode}`);
step("declined");

const { data: readBack, error: readError } = await getTransaction({ client: secret, path: { receiptNumber: approved.receiptNumber } });
check(readBack, `getTransaction: ${JSON.stringify(readError)}`);
check(
  readBack.receiptNumber === approved.receiptNumber && readBack.status === "Approved" && readBack.principalAmount?.amount === 10,
  `read back: ${readBack.receiptNumber} ${readBack.status} ${JSON.stringify(readBack.principalAmount)}`,
);
step("read");

const idempotencyKey = randomUUID();
const once = payment(await cardToken("4242424242424242"));
const first = await createTransaction({ client: secret, body: once, headers: { "Idempotency-Key": idempotencyKey } });
const again = await createTransaction({ client: secret, body: once, headers: { "Idempotency-Key": idempotencyKey } });
check(first.data?.receiptNumber && again.data?.receiptNumber, `idempotent: ${JSON.stringify(first.error ?? again.error)}`);
check(first.data.receiptNumber === again.data.receiptNumber, `idempotent: ${first.data.receiptNumber} then ${again.data.receiptNumber}`);
step("idempotent");

const { data: list, error: listError } = await listTransactions({ client: secret });
check(list, `listTransactions: ${JSON.stringify(listError)}`);
check(list.data?.some((t) => t.receiptNumber === approved.receiptNumber), `list: ${list.data?.map((t) => t.receiptNumber).join(", ")}`);
step("list");

// A single-use token is used once: paying with the approved payment's token again is refused (422).
const { data: refused, error, response } = await createTransaction({ client: secret, body: payment(approvingToken) });
check(!refused && response.status === 422, `reused token: ${response.status} ${JSON.stringify(refused)}`);
const typed: ErrorResponse = error;
check(typed.errors?.some((e) => e.fieldName === "singleUseTokenId"), `422 errors: ${JSON.stringify(typed.errors)}`);
step("error");
