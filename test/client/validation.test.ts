// validateRequests: an invalid body is refused before sending, naming the fields; a valid one goes out.
import { describe, expect, it } from "vitest";
import { createPaymentsPlusClient, createQuickStreamClient, RequestRefusedError } from "../../src/index.ts";
import { useFaultServer } from "./fault-server.ts";

const server = useFaultServer();

const valid = {
  transactionType: "PAYMENT",
  singleUseTokenId: "TOKEN-1a2b3c4d5e6f",
  supplierBusinessCode: "MYSUPPLIER",
  principalAmount: 10.0,
  currency: "AUD",
  eci: "INTERNET",
  ipAddress: "192.168.42.184",
} as const;

describe("validateRequests", () => {
  it("refuses an invalid body before sending, naming the fields", async () => {
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, validateRequests: true });
    const { supplierBusinessCode: _, ...missing } = valid;
    const error = await client.POST("/transactions", { body: { ...missing, principalAmount: "10.005" } as never }).catch((e) => e);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(error.reason).toBe("validation");
    expect(error.fields).toEqual(expect.arrayContaining(["supplierBusinessCode", "principalAmount"]));
    expect(error.message).toContain("supplierBusinessCode");
    expect(server.seen).toHaveLength(0);
  });

  it("sends a valid body", async () => {
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, validateRequests: true });
    const result = await client.POST("/transactions", { body: { ...valid, paymentReferenceNumber: "V1" } });
    expect(result.response.status).toBe(201);
    expect(server.seen).toHaveLength(1);
  });

  it("is off by default", async () => {
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url });
    await client.POST("/transactions", { body: { nonsense: true } as never });
    expect(server.seen).toHaveLength(1);
  });

  it("checks PaymentsPlus bodies too", async () => {
    const client = createPaymentsPlusClient({ apiKey: "k", baseUrl: server.url, validateRequests: true });
    const error = await client.PUT("/files/{fileIdentifier}", { params: { path: { fileIdentifier: "F1" } }, body: { fileName: 42 } as never }).catch((e) => e);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(error.fields).toEqual(["fileName"]);
    expect(server.seen).toHaveLength(0);
  });
});
