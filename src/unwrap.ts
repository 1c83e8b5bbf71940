// `unwrap(result)`: the data of a successful openapi-fetch result, or an ApiError (never the key) for any other.
import { AlreadyProcessedError, ApiError } from "./errors.js";
import { callInfo } from "./transport.js";

export interface ResultLike<D, E> {
  data?: D;
  error?: E;
  response: Response;
}

export function unwrap<D, E>(result: ResultLike<D, E>): D {
  const { response } = result;
  if (response.ok && result.error === undefined) return result.data as D;
  const info = callInfo(response);
  const init = {
    status: response.status,
    method: info?.method ?? "?",
    url: info?.url ?? response.url,
    attempts: info?.attempts ?? 1,
    body: result.error,
    idempotencyKey: info?.idempotencyKey,
    mayHaveBeenProcessed: info?.mayHaveBeenProcessed ?? false,
    traceCode: info?.traceCode,
  };
  throw info?.alreadyProcessed ? new AlreadyProcessedError(init) : new ApiError(init);
}
