// PaymentsPlus through the client orval generated into ./generated with the fetch mutator ./westpac-fetch.ts
// (docs/codegen.md, "Generate your client"): the mutator adds the base URL and the API key.
import { randomUUID } from "node:crypto";
import { createFile, createFilePayment, createImmediatePayment, getFile, getFilePayment, listFilePayments, sendFile } from "./generated/api";
import { westpac } from "./westpac-fetch";
import { check, env, step } from "./flow-kit.js";

westpac.baseUrl = env("PAYMENTSPLUS_URL");
westpac.key = env("PAYMENTSPLUS_API_KEY");
const fileIdentifier = `FILE-${randomUUID().slice(0, 8)}`;
const paymentIdentifier = `${fileIdentifier}-1`;

const file = await createFile(fileIdentifier, { fileName: `${fileIdentifier}.csv`, paymentDate: "2030-01-02" });
check(file.status === 201, `createFile: ${file.status} ${JSON.stringify(file.data)}`);
check(file.data.statusCode === "OPEN" && file.data.fileName === `${fileIdentifier}.csv`, `file: ${JSON.stringify(file.data)}`);
step("file");

const payment = await createFilePayment(fileIdentifier, paymentIdentifier, {
  paymentMethod: "DIRECT_ENTRY",
  paymentAmount: "100.00",
  paymentDate: "2030-01-02",
  fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
  recipientAccount: { type: "AU_DOMESTIC", accountName: "Example Supplies", bsbNumber: "650-000", accountNumber: "123456789" },
  payeeName: "Example Supplies",
  currency: "AUD",
  lodgementReference: "INV-10023",
  paymentReference: paymentIdentifier,
});
check(payment.status === 201, `createFilePayment: ${payment.status} ${JSON.stringify(payment.data)}`);
check(
  payment.data.paymentIdentifier === paymentIdentifier && payment.data.statusCode === "OPEN" && payment.data.paymentAmount === 100,
  `payment: ${JSON.stringify(payment.data)}`,
);
step("payments");

const sent = await sendFile(fileIdentifier);
check(sent.status === 200, `sendFile: ${sent.status} ${JSON.stringify(sent.data)}`);
check(sent.data.statusCode && sent.data.statusCode !== "OPEN", `sent: ${sent.data.statusCode}`);
step("send");

const readFile = await getFile(fileIdentifier);
check(readFile.status === 200, `getFile: ${readFile.status} ${JSON.stringify(readFile.data)}`);
check(readFile.data.statusCode === "PROCESSING", `file status: ${readFile.data.statusCode}`);
step("file-status");

const readPayment = await getFilePayment(fileIdentifier, paymentIdentifier);
check(readPayment.status === 200, `getFilePayment: ${readPayment.status} ${JSON.stringify(readPayment.data)}`);
check(readPayment.data.paymentIdentifier === paymentIdentifier && readPayment.data.statusCode === "PENDING", `payment status: ${readPayment.data.statusCode}`);
step("payment-status");

const list = await listFilePayments(fileIdentifier);
check(list.status === 200, `listFilePayments: ${list.status} ${JSON.stringify(list.data)}`);
check(list.data.data?.some((p) => p.paymentIdentifier === paymentIdentifier && p.paymentAmount === 100), `list: ${JSON.stringify(list.data.data)}`);
step("list");

const osko = await createImmediatePayment(`${fileIdentifier}-OSKO`, {
  paymentMethod: "OSKO",
  paymentAmount: "1.00",
  fundingAccount: { bsbNumber: "032-000", accountNumber: "100001", accountName: "Account One" },
  recipientAccount: { accountName: "Jane Smith", identification: "032000000007", schemeName: "BBAN" },
  payeeName: "Jane Smith",
  currency: "AUD",
  lodgementReference: "REFUND-77",
  paymentReference: "REFUND-77",
  paymentDate: "2030-01-02",
});
check(osko.status === 200, `createImmediatePayment: ${osko.status} ${JSON.stringify(osko.data)}`);
check(
  osko.data.paymentIdentifier === `${fileIdentifier}-OSKO` && osko.data.statusCode === "OPEN" && osko.data.paymentAmount === 1,
  `osko: ${JSON.stringify(osko.data)}`,
);
step("osko");
