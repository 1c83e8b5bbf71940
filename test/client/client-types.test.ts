// The clients' method types (src/client-types.ts, P110): openapi-fetch's `Client` shapes without `Readable`, so that
// a response code typed `"Approved" | ... | (string & {})` (P47) reaches the caller as that union. The type checks
// are compiled by `tsc` in `npm test`: they fail if openapi-fetch's shapes and ours drift apart, and they fail when
// openapi-fetch's own types stop breaking such a code (the upstream fix shipped: src/client-types.ts can go). The
// runtime test sends an unlisted status through a real client and reads it back as a string.
import type { Client, MaybeOptionalInit } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createQuickStreamClient, type QuickStream, type QuickStreamClient, type QuickStreamPaths } from "../../src/index.ts";
import type { FetchClient } from "../../src/client-types.ts";
import { useFaultServer } from "./fault-server.ts";

const server = useFaultServer();
const UNLISTED = "A_STATUS_ADDED_SINCE";

describe("a response code the description does not list", () => {
  it("reaches the caller as a string, through GET and through paginate", async () => {
    server.list = { items: 1, page: () => ({ links: [], data: [{ receiptNumber: "R1", status: UNLISTED }] }) };
    const qs = createQuickStreamClient({ secretKey: "sk_test_types", baseUrl: server.url, retry: false });
    const { data } = await qs.GET("/transactions", {});
    const listed: string | undefined = data?.data?.[0]?.status;
    expect(listed).toBe(UNLISTED);
    const paged: string[] = [];
    for await (const tx of qs.paginate("/transactions", {})) paged.push(tx.status);
    expect(paged).toEqual([UNLISTED]);
  });
});

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

// A paths type without code lists: there `Readable` is the identity, so our client and openapi-fetch's must agree
// exactly, on the same members, and method by method once path and init are chosen (generic signatures cannot be
// compared as they stand: TypeScript cannot see through `Readable` of a type parameter).
interface Sample {
  "/items/{id}": {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get: {
      parameters: { query?: { expand?: boolean }; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": { id: string; tags?: string[] | null } } };
        404: { headers: { [name: string]: unknown }; content: { "application/json": { message: string } } };
      };
    };
    put: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody: { content: { "application/json": { name: string } } };
      responses: { 204: { headers: { [name: string]: unknown }; content?: never } };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}

// Type-level checks: never called, only compiled. Each @ts-expect-error must be a real error, or tsc fails.
export async function typeChecks(
  qs: QuickStreamClient,
  theirs: Client<QuickStreamPaths, "application/json">,
  sample: FetchClient<Sample, "application/json">,
  theirSample: Client<Sample, "application/json">,
): Promise<void> {
  assertType<Equal<keyof FetchClient<Sample>, keyof Client<Sample>>>();
  assertType<Equal<FetchClient<Sample>["use"], Client<Sample>["use"]>>();
  assertType<Equal<FetchClient<Sample>["eject"], Client<Sample>["eject"]>>();
  type SampleGet = MaybeOptionalInit<Sample["/items/{id}"], "get">;
  type SamplePut = MaybeOptionalInit<Sample["/items/{id}"], "put">;
  assertType<Equal<typeof sample.GET<"/items/{id}", SampleGet>, typeof theirSample.GET<"/items/{id}", SampleGet>>>();
  assertType<Equal<typeof sample.PUT<"/items/{id}", SamplePut>, typeof theirSample.PUT<"/items/{id}", SamplePut>>>();
  assertType<Equal<typeof sample.request<"get", "/items/{id}", SampleGet>, typeof theirSample.request<"get", "/items/{id}", SampleGet>>>();
  assertType<Equal<typeof sample.request<"put", "/items/{id}", SamplePut>, typeof theirSample.request<"put", "/items/{id}", SamplePut>>>();

  // On the real paths: the same init parameters as openapi-fetch, for a call with path, query and body.
  type GetInit = MaybeOptionalInit<QuickStreamPaths["/transactions/{receiptNumber}"], "get">;
  assertType<Equal<Parameters<typeof qs.GET<"/transactions/{receiptNumber}", GetInit>>, Parameters<typeof theirs.GET<"/transactions/{receiptNumber}", GetInit>>>>();
  type PostInit = MaybeOptionalInit<QuickStreamPaths["/transactions"], "post">;
  assertType<Equal<Parameters<typeof qs.POST<"/transactions", PostInit>>, Parameters<typeof theirs.POST<"/transactions", PostInit>>>>();
  type ListInit = MaybeOptionalInit<QuickStreamPaths["/transactions"], "get">;
  assertType<Equal<Parameters<typeof qs.request<"get", "/transactions", ListInit>>, Parameters<typeof theirs.request<"get", "/transactions", ListInit>>>>();

  // A response code names its known values and accepts any other string (P47).
  const { data, error } = await qs.GET("/transactions/{receiptNumber}", { params: { path: { receiptNumber: "R1" } } });
  if (data) {
    assertType<Equal<typeof data, QuickStream.Transaction>>();
    assertType<Equal<typeof data.status, QuickStream.TransactionStatus | (string & {})>>();
    const status: string = data.status;
    const approved: boolean = data.status === "Approved";
    const unlisted: typeof data.status = "A_STATUS_ADDED_SINCE";
    void [status, approved, unlisted];
  }
  if (error) assertType<Equal<typeof error, QuickStream.ErrorResponse>>();
  // parseAs still chooses the data's type.
  const text = await qs.GET("/transactions/{receiptNumber}", { params: { path: { receiptNumber: "R1" } }, parseAs: "text" });
  if (text.data !== undefined) assertType<Equal<typeof text.data, string>>();
  // paginate's items are the list's items, the same type as in GET's data.
  for await (const tx of qs.paginate("/transactions", {})) {
    assertType<Equal<typeof tx, NonNullable<NonNullable<Awaited<ReturnType<typeof qs.GET<"/transactions", ListInit>>>["data"]>["data"]>[number]>>();
  }

  // openapi-fetch 0.17's own types turn that code into an object of string methods (openapi-ts/openapi-typescript
  // issue #2765). When this line stops being an error, the fix has shipped: remove src/client-types.ts (P110).
  const viaOpenapiFetch = await theirs.GET("/transactions/{receiptNumber}", { params: { path: { receiptNumber: "R1" } } });
  // @ts-expect-error openapi-fetch's Readable breaks `string & {}`
  const broken: string | undefined = viaOpenapiFetch.data?.status;
  void broken;
}
