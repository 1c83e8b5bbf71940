// Public entry point: the two API clients, unwrap, the errors they throw, and the named types of each API.
/** PaymentsPlus types by name: `PaymentsPlus.Payment`, `PaymentsPlus.Endpoints["PUT /files/{fileIdentifier}"]`. */
export type * as PaymentsPlus from "../generated/paymentsplus/named-types.js";
/** QuickStream types by name: `QuickStream.TransactionRequest`, `QuickStream.Endpoints["POST /transactions"]`. */
export type * as QuickStream from "../generated/quickstream/named-types.js";
export {
  createPaymentsPlusClient,
  type PaymentsPlusClient,
  type PaymentsPlusClientOptions,
  type PaymentsPlusEnvironment,
  type PaymentsPlusPaths,
} from "./paymentsplus.js";
export {
  createQuickStreamClient,
  type QuickStreamClient,
  type QuickStreamClientOptions,
  type QuickStreamEnvironment,
  type QuickStreamKeyKind,
  type QuickStreamPaths,
  type QuickStreamPublishableOptions,
  type QuickStreamSecretOptions,
} from "./quickstream.js";
export { unwrap, type ResultLike } from "./unwrap.js";
export { callInfo, type CallInfo, type FetchLike } from "./transport.js";
export type { ApiClient, CallOptions, Paginate, TransportOptions } from "./client.js";
export type { AttemptInfo, Logger, LogLevel, ObserveOptions } from "./observe.js";
export type { RetryOptions } from "./retry.js";
export {
  AlreadyProcessedError,
  ApiConnectionError,
  ApiError,
  CallAbortedError,
  PaginationError,
  RequestRefusedError,
  ResponseBodyError,
  type CallFacts,
  type ErrorBody,
  type FieldError,
} from "./errors.js";
