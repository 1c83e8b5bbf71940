// PaymentsPlus through the client openapi-generator's typescript-fetch generated into ./generated with its default
// options (docs/codegen.md, "Generate your client"): each model has functions that convert it to and from JSON, and a
// `format: date` field is a `Date`. The API key is the Configuration's `username` with an empty `password`: the
// client sends it as HTTP Basic.
import { randomUUID } from "node:crypto";
import { Configuration, FilesApi, PaymentsApi } from "./generated";
import { check, env, step } from "./flow-kit.js";

const configuration = new Configuration({ basePath: env("PAYMENTSPLUS_URL"), username: env("PAYMENTSPLUS_API_KEY"), password: "" });
const files = new FilesApi(configuration);
const payments = new PaymentsApi(configuration);
const fileIdentifier = `FILE-${randomUUID().slice(0, 8)}`;
const paymentIdentifier = `${fileIdentifier}-1`;
const paymentDate = new Date("2030-01-02"); // sent as 2030-01-02

const file = await files.createFile({ fileIdentifier, createFileRequest: { fileName: `${fileIdentifier}.csv`, paymentDate } });
check(file.statusCode === "OPEN" && file.fileName === `${fileIdentifier}.csv`, `file: ${JSON.stringify(file)}`);
step("file");

const payment = await files.createFilePayment({
  fileIdentifier,
  paymentIdentifier,
  createPaymentRequest: {
    paymentMethod: "DIRECT_ENTRY",
    paymentAmount: 100,
    paymentDate,
    fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
    recipientAccount: { type: "AU_DOMESTIC", accountName: "Example Supplies", bsbNumber: "650-000", accountNumber: "123456789" },
    payeeName: "Example Supplies",
    currency: "AUD",
    lodgementReference: "INV-10023",
    paymentReference: paymentIdentifier,
  },
});
check(payment.paymentIdentifier === paymentIdentifier && payment.statusCode === "OPEN" && payment.paymentAmount === 100, `payment: ${JSON.stringify(payment)}`);
step("payments");

const sent = await files.sendFile({ fileIdentifier });
check(sent.statusCode && sent.statusCode !== "OPEN", `sent: ${sent.statusCode}`);
step("send");

const readFile = await files.getFile({ fileIdentifier });
check(readFile.statusCode === "PROCESSING", `file status: ${readFile.statusCode}`);
step("file-status");

const readPayment = await files.getFilePayment({ fileIdentifier, paymentIdentifier });
check(readPayment.paymentIdentifier === paymentIdentifier && readPayment.statusCode === "PENDING", `payment status: ${readPayment.statusCode}`);
step("payment-status");

const list = await files.listFilePayments({ fileIdentifier });
check(list.data?.some((p) => p.paymentIdentifier === paymentIdentifier && p.paymentAmount === 100), `list: ${JSON.stringify(list.data)}`);
step("list");

const osko = await payments.createImmediatePayment({
  paymentIdentifier: `${fileIdentifier}-OSKO`,
  immediatePaymentRequest: {
    paymentMethod: "OSKO",
    paymentAmount: 1,
    fundingAccount: { bsbNumber: "032-000", accountNumber: "100001", accountName: "Account One" },
    recipientAccount: { accountName: "Jane Smith", identification: "032000000007", schemeName: "BBAN" },
    payeeName: "Jane Smith",
    currency: "AUD",
    lodgementReference: "REFUND-77",
    paymentReference: "REFUND-77",
    paymentDate,
  },
});
check(osko.paymentIdentifier === `${fileIdentifier}-OSKO` && osko.statusCode === "OPEN" && osko.paymentAmount === 1, `osko: ${JSON.stringify(osko)}`);
step("osko");
