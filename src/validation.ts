// Optional request validation (`validateRequests: true`): each JSON body is checked with the generated validator of
// its operation (through issue 7's `validate()` in src/validators/, which picks the variant a discriminator names
// and words the errors) before anything is sent. Loaded on first use, so clients that do not validate never pay
// for the validators.
import { RequestRefusedError } from "./errors.js";

type ValidatorsModule = typeof import("./validators/index.js");
let loading: Promise<ValidatorsModule> | undefined;

/** Refuse an invalid body, naming the fields in error; resolves when the body is valid or has no validator. */
export async function validateRequest(api: "quickstream" | "paymentsplus", method: string, path: string, body: unknown): Promise<void> {
  if (body === undefined || body instanceof FormData) return;
  const { validate, isTarget } = await (loading ??= import("./validators/index.js"));
  const target = `${method} ${path} request`;
  if (!isTarget(api, target)) return;
  const result = validate(api, target, body);
  if (result.valid) return;
  const field = (pointer: string) => pointer.replace(/^\//, "").split("/").join(".") || "(body)";
  const fields = [...new Set(result.errors.map((e) => field(e.pointer)))];
  const details = result.errors.slice(0, 10).map((e) => `${field(e.pointer)}: ${e.message}`);
  throw new RequestRefusedError(`${method} ${path}: the request body is invalid, nothing was sent (${details.join("; ")})`, "validation", fields);
}
