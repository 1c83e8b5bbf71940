// The generated validators of both APIs, addressed by API and target name.
import * as paymentsplus from "../../generated/paymentsplus/validators.ts";
import * as quickstream from "../../generated/quickstream/validators.ts";
import type { ApiName } from "../../scripts/lib.ts";
import { validate, type ValidationError } from "../../src/validators/index.ts";

const byApi = { paymentsplus, quickstream } as Record<ApiName, { check(name: string): unknown }>;

export function hasTarget(api: ApiName, target: string): boolean {
  return byApi[api].check(target) !== undefined;
}

/** Validate with a generated validator; returns the errors ([] when valid). */
export function check(api: ApiName, target: string, data: unknown): ValidationError[] {
  if (!hasTarget(api, target)) throw new Error(`${api}: no generated validator named "${target}"`);
  const result = validate(api, target as never, data);
  return result.valid ? [] : result.errors;
}

export function describeErrors(errors: ValidationError[]): string {
  return errors.map((e) => `${e.pointer || "/"} ${e.message} ${JSON.stringify(e.params)}`).join("; ");
}
