// The generated validators of both APIs, addressed by API and target name.
import type { ErrorObject } from "ajv";
import * as paymentsplus from "../../generated/paymentsplus/validators.ts";
import * as quickstream from "../../generated/quickstream/validators.ts";
import type { ApiName } from "../../scripts/lib.ts";

const byApi = { paymentsplus: paymentsplus.validators, quickstream: quickstream.validators } as Record<
  ApiName,
  Record<string, ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }>
>;

export function hasTarget(api: ApiName, target: string): boolean {
  return Object.hasOwn(byApi[api], target);
}

/** Validate with a generated validator; returns ajv's errors ([] when valid). */
export function check(api: ApiName, target: string, data: unknown): ErrorObject[] {
  const validate = byApi[api][target];
  if (!validate) throw new Error(`${api}: no generated validator named "${target}"`);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

export function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`).join("; ");
}
