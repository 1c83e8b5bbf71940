// QuickStream through the client openapi-generator's `typescript` generated into ./generated with its default options
// (docs/codegen.md, "Generate your client"). The generated folder is a CommonJS package, so this program is CommonJS
// too (no top-level await). The keys are the configuration's `authMethods` (HTTP Basic, the key as the user name, an
// empty password). Every POST gets its own Idempotency-Key: given none, this client sends the text `undefined` as the
// key (upstream OpenAPITools/openapi-generator#18191), which the sandbox refuses (P134) and QuickStream would take as
// one key for every such POST. A one-value code list (`transactionType`, `accountType`) is a TypeScript enum. An
// error status rejects with an ApiException, whose `body` is the API's error body.
import { randomUUID } from "node:crypto";
import {
  ApiException,
  createConfiguration,
  CreditCardSingleUseTokenRequestAccountTypeEnum,
  CustomersApi,
  PaymentTransactionRequestTransactionTypeEnum,
  ServerConfiguration,
  SingleUseTokensApi,
  TransactionsApi,
  type ErrorResponse,
  type TransactionRequest,
} from "./generated/index";
import { check, env, fail, step } from "./flow-kit.js";

async function main() {
  const baseServer = new ServerConfiguration(env("QUICKSTREAM_URL"), {});
  const secret = createConfiguration({ baseServer, authMethods: { secretKey: { username: env("QUICKSTREAM_SECRET_KEY"), password: "" } } });
  const publishable = createConfiguration({ baseServer, authMethods: { publishableKey: { username: env("QUICKSTREAM_PUBLISHABLE_KEY"), password: "" } } });
  const supplierBusinessCode = env("SUPPLIER_BUSINESS_CODE");
  const transactions = new TransactionsApi(secret);

  const customerNumber = `CUST-${randomUUID().slice(0, 8)}`;
  const customer = await new CustomersApi(secret).createCustomer({ customerNumber, customerName: "Jane Smith" }, randomUUID());
  check(customer.customerId && customer.customerNumber === customerNumber, `customer: ${JSON.stringify(customer)}`);
  step("customer");

  const tokens = new SingleUseTokensApi(publishable);
  async function cardToken(cardNumber: string): Promise<string> {
    const token = await tokens.createSingleUseToken(
      {
        supplierBusinessCode,
        accountType: CreditCardSingleUseTokenRequestAccountTypeEnum.CreditCard,
        cardholderName: "Jane Smith",
        cardNumber,
        expiryDateMonth: "01",
        expiryDateYear: "2050",
        cvn: "123",
      },
      randomUUID(),
    );
    check(token.singleUseTokenId, `createSingleUseToken: ${JSON.stringify(token)}`);
    return token.singleUseTokenId;
  }
  const approvingToken = await cardToken("4242424242424242");
  step("token");

  const payment = (singleUseTokenId: string): TransactionRequest => ({
    transactionType: PaymentTransactionRequestTransactionTypeEnum.Payment,
    singleUseTokenId,
    supplierBusinessCode,
    principalAmount: 10,
    currency: "AUD",
    customerReferenceNumber: customerNumber,
  });
  const approved = await transactions.createTransaction(payment(approvingToken), randomUUID());
  const receiptNumber = approved.receiptNumber;
  check(approved.status === "Approved" && receiptNumber, `approved: ${JSON.stringify(approved.status)} ${receiptNumber}`);
  check(approved.principalAmount?.amount === 10, `approved amount: ${JSON.stringify(approved.principalAmount)}`);
  step("approved");

  const declined = await transactions.createTransaction(payment(await cardToken("4111111111444496")), randomUUID());
  check(declined.status === "Declined" && declined.responseCode === "51", `declined: ${JSON.stringify(declined.status)} ${declined.responseCode}`);
  step("declined");

  const readBack = await transactions.getTransaction(receiptNumber);
  check(
    readBack.receiptNumber === receiptNumber && readBack.status === "Approved" && readBack.principalAmount?.amount === 10,
    `read back: ${readBack.receiptNumber} ${JSON.stringify(readBack.status)} ${JSON.stringify(readBack.principalAmount)}`,
  );
  step("read");

  const idempotencyKey = randomUUID();
  const once = payment(await cardToken("4242424242424242"));
  // Given no key, this client sends the text `undefined` as one: the sandbox refuses it (400) instead of answering
  // every such POST with the first one's answer (P134), and nothing is paid.
  const keyless = await transactions.createTransaction(once).then(
    (answer) => fail(`a POST without a key was answered: ${JSON.stringify(answer)}`),
    (error: unknown) => error,
  );
  check(
    keyless instanceof ApiException && keyless.code === 400 && (keyless.body as ErrorResponse).developerMessage?.includes('Idempotency-Key is the text "undefined"'),
    `keyless: ${String(keyless)}`,
  );
  const first = await transactions.createTransaction(once, idempotencyKey);
  const again = await transactions.createTransaction(once, idempotencyKey);
  check(first.receiptNumber && first.receiptNumber === again.receiptNumber, `idempotent: ${first.receiptNumber} then ${again.receiptNumber}`);
  step("idempotent");

  const list = await transactions.listTransactions();
  const receipts = list.data?.map((t) => t.receiptNumber) ?? [];
  check(receipts.includes(receiptNumber), `list: ${JSON.stringify(list).slice(0, 500)}`);
  step("list");

  // A single-use token is used once: paying with the approved payment's token again is refused (422).
  const refused = await transactions.createTransaction(payment(approvingToken), randomUUID()).then(
    (answer) => fail(`reused token: ${JSON.stringify(answer)}`),
    (error: unknown) => error,
  );
  check(refused instanceof ApiException && refused.code === 422, `reused token: ${String(refused)}`);
  const body = refused.body as ErrorResponse;
  check(body.errors?.some((e) => e.fieldName === "singleUseTokenId"), `422 errors: ${JSON.stringify(body.errors)}`);
  step("error");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
