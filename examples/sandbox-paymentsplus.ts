// Against the sandbox (`npm run sandbox`): open a PaymentsPlus file, add two payments, cancel one, send the file,
// move it on with the sandbox's control call, read it back; then a single immediate payment and its repeat (409).
import { ApiError, createPaymentsPlusClient, unwrap } from "westpac-payments-openapi";

const baseUrl = process.env.PAYMENTSPLUS_URL ?? "http://127.0.0.1:4020/rest/v1";
const apiKey = process.env.PAYMENTSPLUS_API_KEY ?? "MYFACILITY_SEC_sandbox"; // <FACILITY>_SEC_...: one state per facility
const pp = createPaymentsPlusClient({ apiKey, baseUrl });
const fileIdentifier = `FILE-${Date.now()}`;
const path = { fileIdentifier };

unwrap(await pp.PUT("/files/{fileIdentifier}", { params: { path }, body: { fileName: `${fileIdentifier}.csv`, paymentDate: "2030-01-02" } }));
for (const paymentIdentifier of [`${fileIdentifier}-1`, `${fileIdentifier}-2`]) {
  unwrap(
    await pp.PUT("/files/{fileIdentifier}/payments/{paymentIdentifier}", {
      params: { path: { fileIdentifier, paymentIdentifier } },
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
    }),
  );
}
const cancelled = unwrap(
  await pp.POST("/files/{fileIdentifier}/payments/{paymentIdentifier}/cancel", { params: { path: { fileIdentifier, paymentIdentifier: `${fileIdentifier}-2` } } }),
);
const sent = unwrap(await pp.POST("/files/{fileIdentifier}/send", { params: { path } }));
console.log(`cancelled: ${cancelled.statusCode}; sent: ${sent.statusCode}`);

// The sandbox's control call moves sent files on (the real API does this in its own time): twice to COMPLETE.
const advance = () => fetch(`${baseUrl}/_sandbox/advance`, { method: "POST", headers: { Authorization: `Basic ${btoa(`${apiKey}:`)}` } });
for (let i = 0; i < 2; i++) await advance();
const file = unwrap(await pp.GET("/files/{fileIdentifier}", { params: { path } }));
const payments = unwrap(await pp.GET("/files/{fileIdentifier}/payments", { params: { path } })).data ?? [];
console.log(`file: ${file.statusCode}; payments: ${payments.map((p) => p.statusCode).sort().join(", ")}`);

// A single immediate (Osko) payment; the same identifier again creates nothing and answers 409.
const immediate = {
  params: { path: { paymentIdentifier: `${fileIdentifier}-OSKO` } },
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
} as const;
console.log(`immediate: ${unwrap(await pp.POST("/payments/{paymentIdentifier}", immediate)).statusCode}`);
try {
  unwrap(await pp.POST("/payments/{paymentIdentifier}", immediate));
} catch (error) {
  if (!(error instanceof ApiError)) throw error;
  console.log(`again: ${error.status}`);
}
