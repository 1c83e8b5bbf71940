// QuickStream through the client openapi-generator's typescript-fetch generated into ./generated with its default
// options (docs/codegen.md, "Generate your client"). The key is the Configuration's `username` with an empty
// `password`: the client sends it as HTTP Basic. An error status rejects with a ResponseError; its `response` holds
// the API's error body.
import { randomUUID } from "node:crypto";
import {
  Configuration,
  CustomersApi,
  ResponseError,
  SingleUseTokensApi,
  TransactionsApi,
  type ErrorResponse,
  type TransactionRequest,
} from "./generated";
import { check, env, fail, step } from "./flow-kit.js";

const basePath = env("QUICKSTREAM_URL");
const secret = new Configuration({ basePath, username: env("QUICKSTREAM_SECRET_KEY"), password: "" });
const publishable = new Configuration({ basePath, username: env("QUICKSTREAM_PUBLISHABLE_KEY"), password: "" });
const supplierBusinessCode = env("SUPPLIER_BUSINESS_CODE");
const transactions = new TransactionsApi(secret);

const customerNumber = `CUST-${randomUUID().slice(0, 8)}`;
const customer = await new CustomersApi(secret).createCustomer({ customerRequest: { customerNumber, customerName: "Jane Smith" } });
check(customer.customerId && customer.customerNumber === customerNumber, `customer: ${JSON.stringify(customer)}`);
step("customer");

const tokens = new SingleUseTokensApi(publishable);
async function cardToken(cardNumber: string): Promise<string> {
  const token = await tokens.createSingleUseToken({
    singleUseTokenRequest: {
      supplierBusinessCode,
      accountType: "CREDIT_CARD",
      cardholderName: "Jane Smith",
      cardNumber,
      expiryDateMonth: "01",
      expiryDateYear: "2050",
      cvn: "123",
    },
  });
  check(token.singleUseTokenId, `createSingleUseToken: ${JSON.stringify(token)}`);
  return token.singleUseTokenId;
}
const approvingToken = await cardToken("4242424242424242");
step("token");

const payment = (singleUseTokenId: string): TransactionRequest => ({
  transactionType: "PAYMENT",
  singleUseTokenId,
  supplierBusinessCode,
  principalAmount: 10,
  currency: "AUD",
  customerReferenceNumber: customerNumber,
});
const approved = await transactions.createTransaction({ transactionRequest: payment(approvingToken) });
const receiptNumber = approved.receiptNumber;
check(approved.status === "Approved" && receiptNumber, `approved: ${approved.status} ${receiptNumber}`);
check(approved.principalAmount?.amount === 10, `approved amount: ${JSON.stringify(approved.principalAmount)}`);
step("approved");

const declined = await transactions.createTransaction({ transactionRequest: payment(await cardToken("4111111111444496")) });
check(declined.status === "Declined" && declined.responseCode === "51", `declined: ${declined.status} ${declined.responseCode}`);
step("declined");

const readBack = await transactions.getTransaction({ receiptNumber });
check(
  readBack.receiptNumber === receiptNumber && readBack.status === "Approved" && readBack.principalAmount?.amount === 10,
  `read back: ${readBack.receiptNumber} ${readBack.status} ${JSON.stringify(readBack.principalAmount)}`,
);
step("read");

const idempotencyKey = randomUUID();
const once = payment(await cardToken("4242424242424242"));
const first = await transactions.createTransaction({ transactionRequest: once, idempotencyKey });
const again = await transactions.createTransaction({ transactionRequest: once, idempotencyKey });
check(first.receiptNumber && first.receiptNumber === again.receiptNumber, `idempotent: ${first.receiptNumber} then ${again.receiptNumber}`);
step("idempotent");

const list = await transactions.listTransactions();
const receipts = list.data?.map((t) => t.receiptNumber) ?? [];
check(receipts.includes(receiptNumber), `list: ${JSON.stringify(list).slice(0, 500)}`);
step("list");

// A single-use token is used once: paying with the approved payment's token again is refused (422).
const refused = await transactions.createTransaction({ transactionRequest: payment(approvingToken) }).then(
  (answer) => fail(`reused token: ${JSON.stringify(answer)}`),
  (error: unknown) => error,
);
check(refused instanceof ResponseError && refused.response.status === 422, `reused token: ${String(refused)}`);
const body: ErrorResponse = await refused.response.json();
check(body.errors?.some((e) => e.fieldName === "singleUseTokenId"), `422 errors: ${JSON.stringify(body.errors)}`);
step("error");
