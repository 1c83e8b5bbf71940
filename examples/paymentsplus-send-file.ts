// Create a PaymentsPlus file, add two payments to it and send it.
// Identifiers are chosen by the client, so creating the file and its payments (PUTs) is safe to resend; sending
// is resent only when the API says it did not process the request (429/503): after a lost answer, look first
// (decision P22).
import { pathToFileURL } from "node:url";
import { ApiConnectionError, createPaymentsPlusClient, unwrap } from "../src/index.ts";

export async function createAndSendFile(baseUrl: string, apiKey = "MYFACILITY_SEC_sandbox") {
  const pp = createPaymentsPlusClient({ apiKey, baseUrl, validateRequests: true });
  const fileIdentifier = "FILE-2024-0001";
  const file = unwrap(
    await pp.PUT("/files/{fileIdentifier}", {
      params: { path: { fileIdentifier } },
      body: { fileName: `${fileIdentifier}.csv`, paymentDate: "2024-11-04", referenceCode: fileIdentifier },
    }),
  );
  console.log(`file ${fileIdentifier} (${file.fileName}): ${file.statusCode}`);

  for (const [paymentIdentifier, amount, invoice] of [["PAY-0001", 1005.25, "INV-10023"], ["PAY-0002", 99.5, "INV-10024"]] as const) {
    const payment = unwrap(
      await pp.PUT("/files/{fileIdentifier}/payments/{paymentIdentifier}", {
        params: { path: { fileIdentifier, paymentIdentifier } },
        body: {
          paymentMethod: "DIRECT_ENTRY",
          paymentAmount: amount,
          paymentDate: "2024-11-04",
          fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
          recipientAccount: { type: "AU_DOMESTIC", accountName: "Example Supplies Pty Ltd", bsbNumber: "650-000", accountNumber: "123456789" },
          payeeName: "Example Supplies Pty Ltd",
          currency: "AUD",
          lodgementReference: invoice,
          paymentReference: "SUPPLIER-PAYRUN-44",
        },
      }),
    );
    console.log(`  payment ${payment.paymentIdentifier}: ${payment.statusCode}`);
  }

  try {
    const sent = unwrap(await pp.POST("/files/{fileIdentifier}/send", { params: { path: { fileIdentifier } } }));
    console.log(`file ${fileIdentifier}: ${sent.statusCode}`);
    return sent;
  } catch (error) {
    if (error instanceof ApiConnectionError) {
      // The send may have landed: check the file's status before sending again.
      const current = unwrap(await pp.GET("/files/{fileIdentifier}", { params: { path: { fileIdentifier } } }));
      console.log(`send unanswered; file ${fileIdentifier} is ${current.statusCode}`);
      return current;
    }
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await createAndSendFile(process.env.PAYMENTSPLUS_URL ?? "http://127.0.0.1:4010/rest/v1", process.env.PAYMENTSPLUS_API_KEY ?? "MYFACILITY_SEC_sandbox");
}
