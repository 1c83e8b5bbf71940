// The types of the clients' methods: openapi-fetch 0.17's own `Client` shapes, built from its exported pieces, minus
// one thing. openapi-fetch passes every response's `data` and `error` through `Readable` (openapi-typescript-helpers
// 0.1.0), which removes `$Write` markers and maps every other `T extends object` into a mapped object type. Our types
// carry no `$Read`/`$Write` markers (openapi-typescript's `readWriteMarkers` is off), so `Readable` changes nothing
// for them, except that it breaks a branded primitive: `string & {}` extends `object`, so a response code typed
// `"Approved" | "Declined" | (string & {})` (P47) came out as an object of string methods, not assignable to `string`.
// Upstream bug: openapi-ts/openapi-typescript issue #2765 (fix in PR #2766). When an openapi-fetch release carries
// the fix, this module can go and `ApiClient` can use openapi-fetch's `Client` again (P110).
// test/client/client-types.test.ts fails if these shapes and openapi-fetch's drift apart.
import type { MaybeOptionalInit, Middleware, ParseAsResponse } from "openapi-fetch";
import type {
  ErrorResponse,
  HttpMethod,
  MediaType,
  PathsWithMethod,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from "openapi-typescript-helpers";

/** What a client's call resolves to: openapi-fetch's `FetchResponse` without `Readable`. */
export type ClientResponse<Operation extends Record<string | number, any>, Init, Media extends MediaType> =
  | {
      data: ParseAsResponse<SuccessResponse<ResponseObjectMap<Operation>, Media>, Init>;
      error?: never;
      response: Response;
    }
  | {
      data?: never;
      error: ErrorResponse<ResponseObjectMap<Operation>, Media>;
      response: Response;
    };

/** The init argument, optional when nothing in it is required (openapi-fetch's `InitParam`, which it does not export). */
type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/** `GET`, `POST`, ...: openapi-fetch's `ClientMethod` with `ClientResponse`. */
export type ClientMethod<Paths extends Record<string, Record<HttpMethod, {}>>, Method extends HttpMethod, Media extends MediaType> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<ClientResponse<Paths[Path][Method], Init, Media>>;

/** `request(method, path, init)`: openapi-fetch's `ClientRequestMethod` with `ClientResponse`. */
export type ClientRequestMethod<Paths extends Record<string, Record<HttpMethod, {}>>, Media extends MediaType> = <
  Method extends HttpMethod,
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  method: Method,
  url: Path,
  ...init: InitParam<Init>
) => Promise<ClientResponse<Paths[Path][Method], Init, Media>>;

/** openapi-fetch's `Client` interface, member for member, with the methods above. */
export interface FetchClient<Paths extends {}, Media extends MediaType = MediaType> {
  request: ClientRequestMethod<Paths, Media>;
  GET: ClientMethod<Paths, "get", Media>;
  PUT: ClientMethod<Paths, "put", Media>;
  POST: ClientMethod<Paths, "post", Media>;
  DELETE: ClientMethod<Paths, "delete", Media>;
  OPTIONS: ClientMethod<Paths, "options", Media>;
  HEAD: ClientMethod<Paths, "head", Media>;
  PATCH: ClientMethod<Paths, "patch", Media>;
  TRACE: ClientMethod<Paths, "trace", Media>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}
