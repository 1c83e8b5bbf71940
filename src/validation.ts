// Optional request validation (`validateRequests: true`): each JSON body is checked with the generated validator of
// its operation before anything is sent. The validators are loaded on first use, so clients that do not validate
// never pay for them.
import { RequestRefusedError } from "./errors.js";

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
type Compiled = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface ValidatorModule {
  validators: Readonly<Record<string, Compiled>>;
  discriminators: Readonly<Record<string, { propertyName: string; mapping: Readonly<Record<string, string>> } | undefined>>;
}

const loaders: Record<string, () => Promise<ValidatorModule>> = {
  quickstream: () => import("../generated/quickstream/validators.js") as unknown as Promise<ValidatorModule>,
  paymentsplus: () => import("../generated/paymentsplus/validators.js") as unknown as Promise<ValidatorModule>,
};
const loaded = new Map<string, Promise<ValidatorModule>>();

/** The field each error is about, as a dotted path (`cardNumber`, `payments.0.amount`). */
function fieldOf(e: AjvError): string {
  const extra = e.params.missingProperty ?? e.params.unevaluatedProperty ?? e.params.additionalProperty;
  const path = `${e.instancePath}${typeof extra === "string" ? `/${extra}` : ""}`;
  return path.replace(/^\//, "").split("/").join(".") || "(body)";
}

/** Refuse an invalid body, naming the fields in error; resolves when the body is valid or has no validator. */
export async function validateRequest(api: string, method: string, path: string, body: unknown): Promise<void> {
  if (body === undefined || body instanceof FormData) return;
  let mod = loaded.get(api);
  if (!mod) loaded.set(api, (mod = loaders[api]!()));
  const { validators, discriminators } = await mod;
  let target = `${method} ${path} request`;
  if (!validators[target]) return;
  // A discriminated union: check the variant the body names, for errors about that variant only.
  const d = discriminators[target];
  const chosen = d && body && typeof body === "object" ? d.mapping[String((body as Record<string, unknown>)[d.propertyName])] : undefined;
  if (chosen && validators[chosen]) target = chosen;
  const validate = validators[target]!;
  if (validate(body)) return;
  const errors = validate.errors ?? [];
  const fields = [...new Set(errors.map(fieldOf))];
  const details = errors.slice(0, 10).map((e) => `${fieldOf(e)}: ${e.message ?? e.keyword}`);
  throw new RequestRefusedError(
    `${method} ${path}: the request body is invalid, nothing was sent (${details.join("; ")})`,
    "validation",
    fields,
  );
}
