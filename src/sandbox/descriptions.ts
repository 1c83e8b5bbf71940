// Where the sandbox reads each API's description (the bundled OpenAPI 3.1 JSON). Installed, from the package
// `westpac-payments-openapi-descriptions`, an optional peer dependency like the sandbox's other packages (P129). Run from
// source in a checkout of the repository, from its committed generated/<api>/openapi.json, which is always the
// checkout's own (the descriptions package's copies are made by the build and may lag behind after a checkout).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The package that holds the descriptions (packages/descriptions in the repository). */
export const DESCRIPTIONS_PACKAGE = "westpac-payments-openapi-descriptions";

const require = createRequire(import.meta.url);

/** The path of `api`'s openapi.json; throws MODULE_NOT_FOUND when the descriptions package is not installed. */
export function descriptionPath(api: "paymentsplus" | "quickstream"): string {
  // src/sandbox/ -> generated/ in a checkout; bundled, dist/src/chunks/ -> dist/generated/, which holds no description.
  const checkout = fileURLToPath(new URL(`../../generated/${api}/openapi.json`, import.meta.url));
  return existsSync(checkout) ? checkout : require.resolve(`${DESCRIPTIONS_PACKAGE}/${api}/openapi.json`);
}
