// PaymentsPlus through the client @hey-api/openapi-ts generated into ./generated (docs/codegen.md, "Generate your
// client"). The API key is the HTTP Basic user name with an empty password: the client's `auth` callback returns
// "<key>:" and the client sends it as `Authorization: Basic ...`.
import { randomUUID } from "node:crypto";
import { createClient, createConfig } from "./generated/client/index.js";
import { createFile, createFilePayment, createImmediatePayment, getFile, getFilePayment, listFilePayments, sendFile } from "./generated/sdk.gen.js";
import { check, env, step } from "./flow-kit.js";

const client = createClient(createConfig({ baseUrl: env("PAYMENTSPLUS_URL"), auth: () => `${env("PAYMENTSPLUS_API_KEY")}:` }));
const fileIdentifier = `FILE-${randomUUID().slice(0, 8)}`;
const paymentIdentifier = `${fileIdentifier}-1`;

const { data: file, error: fileError } = await createFile({ client, path: { fileIdentifier }, body: { fileName: `${fileIdentifier}.csv`, paymentDate: "2030-01-02" } });
check(file, `createFile: ${JSON.stringify(fileError)}`);
check(file.statusCode === "OPEN" && file.fileName === `${fileIdentifier}.csv`, `file: ${JSON.stringify(file)}`);
step("file");

const { data: payment, error: paymentError } = await createFilePayment({
  client,
  path: { fileIdentifier, paymentIdentifier },
  body: {
    paymentMethod: "DIRECT_ENTRY",
    paymentAmount: "100.00",
    paymentDate: "2030-01-02",
    fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
    recipientAccount: { type: "AU_DOMESTIC", accountName: "Example Supplies", bsbNumber: "650-000", accountNumber: "123456789" },
    payeeName: "Example Supplies",
    currency: "AUD",
    lodgementReference: "INV-10023",
    paymentReference: paymentIdentifier,
  },
});
check(payment, `createFilePayment: ${JSON.stringify(paymentError)}`);
check(payment.paymentIdentifier === paymentIdentifier && payment.statusCode === "OPEN" && payment.paymentAmount === 100, `payment: ${JSON.stringify(payment)}`);
step("payments");

const { data: sent, error: sendError } = await sendFile({ client, path: { fileIdentifier } });
check(sent, `sendFile: ${JSON.stringify(sendError)}`);
check(sent.statusCode && sent.statusCode !== "OPEN", `sent: ${sent.statusCode}`);
step("send");

const { data: readFile, error: readFileError } = await getFile({ client, path: { fileIdentifier } });
check(readFile, `getFile: ${JSON.stringify(readFileError)}`);
check(readFile.statusCode === "PROCESSING", `file status: ${readFile.statusCode}`);
step("file-status");

const { data: readPayment, error: readPaymentError } = await getFilePayment({ client, path: { fileIdentifier, paymentIdentifier } });
check(readPayment, `getFilePayment: ${JSON.stringify(readPaymentError)}`);
check(readPayment.paymentIdentifier === paymentIdentifier && readPayment.statusCode === "PENDING", `payment status: ${readPayment.statusCode}`);
step("payment-status");

const { data: list, error: listError } = await listFilePayments({ client, path: { fileIdentifier } });
check(list, `listFilePayments: ${JSON.stringify(listError)}`);
check(list.data?.some((p) => p.paymentIdentifier === paymentIdentifier && p.paymentAmount === 100), `list: ${JSON.stringify(list.data)}`);
step("list");

const { data: osko, error: oskoError } = await createImmediatePayment({
  client,
  path: { paymentIdentifier: `${fileIdentifier}-OSKO` },
  body: {
    paymentMethod: "OSKO",
    paymentAmount: "1.00",
    fundingAccount: { bsbNumber: "032-000", accountNumber: "100001", accountName: "Account One" },
    recipientAccount: { accountName: "Jane Smith", identification: "032000000007", schemeName: "BBAN" },
    payeeName: "Jane Smith",
    currency: "AUD",
    lodgementReference: "REFUND-77",
    paymentReference: "REFUND-77",
    paymentDate: "2030-01-02",
  },
});
check(osko, `createImmediatePayment: ${JSON.stringify(oskoError)}`);
check(osko.paymentIdentifier === `${fileIdentifier}-OSKO` && osko.statusCode === "OPEN" && osko.paymentAmount === 1, `osko: ${JSON.stringify(osko)}`);
step("osko");
