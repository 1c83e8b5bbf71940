// The contract harness's sandbox mode. The sandbox keeps state, so a request built from the description's examples
// names ids that do not exist there (customer 1234567, file FILE-2024-0001...). Before each call this module creates
// what the request needs through the sandbox's own API (a customer with a card account, a payment, a
// pre-authorisation, an active PayTo agreement, an open file with a payment...) and puts the new ids into the path
// parameters and the body fields that carry ids. Error statuses cannot all be provoked for real (a 503, a 403
// "facility not live"), so they are asked for with the sandbox's fault injection (`X-Sandbox-Fault: <status>`); the
// sandbox's own tests (test/sandbox/) provoke 400, 401, 403, 404, 409, 422 and 429 for real.
import { randomUUID } from "node:crypto";
import type { ApiName } from "../../scripts/lib.ts";
import type { BuiltRequest } from "./harness.ts";

export const SANDBOX_KEYS = { secret: "CONTRACT_SEC_c0ntr4ct", publishable: "CONTRACT_PUB", paymentsplus: "CONTRACT_SEC_pp" };

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

async function raw(base: string, key: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: basic(key), Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`scenario set-up ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const unique = () => randomUUID().slice(0, 8).toUpperCase();

/** Creates, in the sandbox, what a request needs, and rewrites the request to name it. */
export function sandboxScenarios(api: ApiName, base: () => string) {
  const qs = (method: string, path: string, body?: unknown, key = SANDBOX_KEYS.secret) => raw(base(), key, method, path, body);
  const pp = (method: string, path: string, body?: unknown) => raw(base(), SANDBOX_KEYS.paymentsplus, method, path, body);

  const cardToken = async () =>
    (await qs("POST", "/single-use-tokens", {
      supplierBusinessCode: "CONTRACT",
      accountType: "CREDIT_CARD",
      cardholderName: "Jane Smith",
      cardNumber: "4242424242424242",
      expiryDateMonth: "01",
      expiryDateYear: "2050",
      cvn: "123",
    }, SANDBOX_KEYS.publishable)).singleUseTokenId as string;

  async function quickstreamWorld() {
    const customer = await qs("POST", "/customers", { customerNumber: `C-${unique()}`, customerName: "Jane Smith" });
    const account = await qs("POST", `/customers/${customer.customerId}/accounts`, { singleUseTokenId: await cardToken() });
    const pay = (transactionType: string) =>
      qs("POST", "/transactions", { transactionType, accountToken: account.accountToken, supplierBusinessCode: "CONTRACT", principalAmount: 100, currency: "AUD" });
    const payment = await pay("PAYMENT");
    const preauth = await pay("PREAUTH");
    const schedule = await qs("POST", `/customers/${customer.customerId}/recurring-payments`, {
      supplierBusinessCode: "CONTRACT",
      accountToken: account.accountToken,
      scheduleType: "CONTINUE_UNTIL_FURTHER_NOTICE",
      frequency: "MONTHLY",
      nextPaymentDate: "2030-01-01",
      instalmentAmount: 10,
      currency: "AUD",
    });
    const agreement = await qs("POST", `/customers/${customer.customerId}/payto-agreements`, {
      supplierBusinessCode: "CONTRACT",
      paymentDetails: { purpose: "UTIL", description: "Contract test", startDate: "2030-01-01", automaticRenewal: true },
      paymentTerms: { frequency: "MNTH", agreementType: "FIXE", paymentAmount: "10.00", currency: "AUD" },
      payerDetails: { payerType: "PERS", payerId: "P1", payerName: "JANE SMITH", payIdType: "EMAL", payId: "JANE@EXAMPLE.COM" },
    });
    await qs("POST", `/_sandbox/payto-agreements/${agreement.agreementToken}/confirm`);
    return { customer, account, payment, preauth, schedule, agreement };
  }

  async function openFile(withPayment: boolean) {
    const fileIdentifier = `F-${unique()}`;
    await pp("PUT", `/files/${fileIdentifier}`, { fileName: `${fileIdentifier}.csv`, paymentDate: "2030-01-02" });
    const paymentIdentifier = `P-${unique()}`;
    if (withPayment) {
      await pp("PUT", `/files/${fileIdentifier}/payments/${paymentIdentifier}`, {
        paymentMethod: "DIRECT_ENTRY",
        paymentAmount: 10,
        paymentDate: "2030-01-02",
        fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
        recipientAccount: { type: "AU_DOMESTIC", accountName: "Example", bsbNumber: "650-000", accountNumber: "123456789" },
        payeeName: "Example",
        currency: "AUD",
        lodgementReference: "CONTRACT",
        paymentReference: "CONTRACT",
      });
    }
    return { fileIdentifier, paymentIdentifier };
  }

  async function quickstream(label: string, status: string, req: BuiltRequest): Promise<BuiltRequest> {
    const w = await quickstreamWorld();
    const path = req.params.path;
    if ("customerId" in path) path.customerId = w.customer.customerId;
    if ("accountToken" in path) path.accountToken = w.account.accountToken;
    if ("receiptNumber" in path) path.receiptNumber = w.payment.receiptNumber;
    if ("paymentScheduleId" in path) path.paymentScheduleId = w.schedule.paymentScheduleId;
    if ("singleUseTokenId" in path) path.singleUseTokenId = await cardToken(); // 3-D Secure: a real, unused card token
    if ("agreementToken" in path) path.agreementToken = label.startsWith("PATCH") ? await agreementFor(w.customer.customerId, req.body) : w.agreement.agreementToken;
    const body = req.body && typeof req.body === "object" && !(req.body instanceof FormData) ? structuredClone(req.body as any) : req.body;
    if (body && typeof body === "object" && !(body instanceof FormData)) {
      if ("singleUseTokenId" in body) body.singleUseTokenId = await cardToken();
      if ("accountToken" in body) body.accountToken = w.account.accountToken;
      if ("customerId" in body) body.customerId = w.customer.customerId;
      if ("customerNumber" in body && label.includes(" /customers")) body.customerNumber = `C-${unique()}`;
      if (body.payToData) body.payToData = { ...body.payToData, agreementToken: w.agreement.agreementToken };
      if ("originalReceiptNumber" in body) {
        body.originalReceiptNumber = body.transactionType === "REFUND" ? w.payment.receiptNumber : w.preauth.receiptNumber;
        if (body.principalAmount !== undefined && body.principalAmount !== null) body.principalAmount = 1;
      }
    }
    void status;
    return { ...req, params: { ...req.params, path }, body };
  }

  /** PATCH examples recall or amend an agreement: a new PENDING one, which the payer confirms (ACTIVE) for a status
   *  amendment, and which is then suspended when the amendment resumes it (the statuses each change needs). */
  async function agreementFor(customerId: string, body: any): Promise<string> {
    const token = await pendingAgreement(customerId);
    if (body?.updateType !== "STATUS_AMENDMENT") return token;
    await qs("POST", `/_sandbox/payto-agreements/${token}/confirm`);
    if (body.statusAmendment?.statusCode === "ACTIVE") {
      await qs("PATCH", `/payto-agreements/${token}`, { updateType: "STATUS_AMENDMENT", statusAmendment: { statusCode: "SUSPENDED", reasonCode: "MD17" } });
    }
    return token;
  }

  async function pendingAgreement(customerId: string): Promise<string> {
    const agreement = await qs("POST", `/customers/${customerId}/payto-agreements`, {
      supplierBusinessCode: "CONTRACT",
      paymentDetails: { purpose: "UTIL", description: "Contract test", startDate: "2030-01-01", automaticRenewal: true },
      paymentTerms: { frequency: "MNTH", agreementType: "FIXE", paymentAmount: "10.00", currency: "AUD" },
      payerDetails: { payerType: "PERS", payerId: "P1", payerName: "JANE SMITH", payIdType: "EMAL", payId: "JANE@EXAMPLE.COM" },
    });
    return agreement.agreementToken;
  }

  async function paymentsplus(label: string, status: string, req: BuiltRequest): Promise<BuiltRequest> {
    const path = req.params.path;
    if (label === "POST /payments/{paymentIdentifier}") path.paymentIdentifier = `IP-${unique()}`;
    else if (label === "GET /payments/{paymentIdentifier}") {
      const { fileIdentifier, paymentIdentifier } = await openFile(true);
      void fileIdentifier;
      path.paymentIdentifier = paymentIdentifier;
    } else if ("fileIdentifier" in path) {
      const creates = label === "PUT /files/{fileIdentifier}" || label.endsWith("/upload");
      const replaces = status === "200" && (label === "PUT /files/{fileIdentifier}" || label === "PUT /files/{fileIdentifier}/payments/{paymentIdentifier}");
      if (creates && !replaces) path.fileIdentifier = `F-${unique()}`;
      else {
        const file = await openFile(label !== "PUT /files/{fileIdentifier}/payments/{paymentIdentifier}" || replaces);
        path.fileIdentifier = file.fileIdentifier;
        if ("paymentIdentifier" in path) path.paymentIdentifier = file.paymentIdentifier;
      }
    }
    return { ...req, params: { ...req.params, path } };
  }

  return {
    /** The request, rewritten to name what was just created for it. */
    prepare: (label: string, status: string, req: BuiltRequest) => (api === "quickstream" ? quickstream(label, status, req) : paymentsplus(label, status, req)),
  };
}
