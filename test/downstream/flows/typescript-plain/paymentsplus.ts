// PaymentsPlus through the client openapi-generator's `typescript` generated into ./generated with its default
// options (docs/codegen.md, "Generate your client"). The generated folder is a CommonJS package, so this program is
// CommonJS too (no top-level await). The API key is the configuration's `authMethods.apiKey` (HTTP Basic, the key as
// the user name, an empty password). Code lists are TypeScript enums; dates are strings (`2030-01-02`).
import { randomUUID } from "node:crypto";
import {
  createConfiguration,
  FilesApi,
  ImmediatePaymentRequestCurrencyEnum,
  ImmediatePaymentRequestPaymentMethodEnum,
  OskoRecipientAccountRequestSchemeNameEnum,
  PaymentMethodCode,
  PaymentsApi,
  RecipientAccountRequestTypeEnum,
  ServerConfiguration,
} from "./generated/index";
import { check, env, step } from "./flow-kit.js";

async function main() {
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(env("PAYMENTSPLUS_URL"), {}),
    authMethods: { apiKey: { username: env("PAYMENTSPLUS_API_KEY"), password: "" } },
  });
  const files = new FilesApi(configuration);
  const payments = new PaymentsApi(configuration);
  const fileIdentifier = `FILE-${randomUUID().slice(0, 8)}`;
  const paymentIdentifier = `${fileIdentifier}-1`;
  const paymentDate = "2030-01-02";

  const file = await files.createFile(fileIdentifier, { fileName: `${fileIdentifier}.csv`, paymentDate });
  check(file.statusCode === "OPEN" && file.fileName === `${fileIdentifier}.csv`, `file: ${JSON.stringify(file)}`);
  step("file");

  const payment = await files.createFilePayment(fileIdentifier, paymentIdentifier, {
    paymentMethod: PaymentMethodCode.DIRECT_ENTRY,
    paymentAmount: 100,
    paymentDate,
    fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
    recipientAccount: {
      type: RecipientAccountRequestTypeEnum.AuDomestic,
      accountName: "Example Supplies",
      bsbNumber: "650-000",
      accountNumber: "123456789",
    },
    payeeName: "Example Supplies",
    currency: "AUD",
    lodgementReference: "INV-10023",
    paymentReference: paymentIdentifier,
  });
  check(
    payment.paymentIdentifier === paymentIdentifier && payment.statusCode === "OPEN" && payment.paymentAmount === 100,
    `payment: ${JSON.stringify(payment)}`,
  );
  step("payments");

  const sent = await files.sendFile(fileIdentifier);
  check(sent.statusCode && sent.statusCode !== "OPEN", `sent: ${JSON.stringify(sent.statusCode)}`);
  step("send");

  const readFile = await files.getFile(fileIdentifier);
  check(readFile.statusCode === "PROCESSING", `file status: ${JSON.stringify(readFile.statusCode)}`);
  step("file-status");

  const readPayment = await files.getFilePayment(fileIdentifier, paymentIdentifier);
  check(readPayment.paymentIdentifier === paymentIdentifier && readPayment.statusCode === "PENDING", `payment status: ${JSON.stringify(readPayment.statusCode)}`);
  step("payment-status");

  const list = await files.listFilePayments(fileIdentifier);
  check(list.data?.some((p) => p.paymentIdentifier === paymentIdentifier && p.paymentAmount === 100), `list: ${JSON.stringify(list.data)}`);
  step("list");

  const osko = await payments.createImmediatePayment(`${fileIdentifier}-OSKO`, {
    paymentMethod: ImmediatePaymentRequestPaymentMethodEnum.OSKO,
    paymentAmount: 1,
    fundingAccount: { bsbNumber: "032-000", accountNumber: "100001", accountName: "Account One" },
    recipientAccount: { accountName: "Jane Smith", identification: "032000000007", schemeName: OskoRecipientAccountRequestSchemeNameEnum.BBAN },
    payeeName: "Jane Smith",
    currency: ImmediatePaymentRequestCurrencyEnum.AUD,
    lodgementReference: "REFUND-77",
    paymentReference: "REFUND-77",
    paymentDate,
  });
  check(osko.paymentIdentifier === `${fileIdentifier}-OSKO` && osko.statusCode === "OPEN" && osko.paymentAmount === 1, `osko: ${JSON.stringify(osko)}`);
  step("osko");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
