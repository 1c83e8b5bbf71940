// `westpac-payments-openapi/sandbox`: a thin entry that loads the sandbox (./index.ts) only when it is started.
// The sandbox's packages (hono, @hono/node-server, ajv, ajv-formats, and the descriptions it serves) are optional
// peer dependencies: the clients, types and validators install without them, and starting the sandbox without them
// fails with one message naming what to install instead of a bare ERR_MODULE_NOT_FOUND.
import { descriptionPath, DESCRIPTIONS_PACKAGE } from "./descriptions.js";
import type { Sandbox, SandboxOptions } from "./index.js";

export type { Delivery, FacilityControl, FaultRules, JournalEntry, Sandbox, SandboxOptions } from "./index.js";

/** The packages only the sandbox uses (package.json `peerDependencies`, all optional). */
export const SANDBOX_PACKAGES = ["hono", "@hono/node-server", "ajv", "ajv-formats", DESCRIPTIONS_PACKAGE] as const;

/** The command that installs them. */
export const SANDBOX_INSTALL = `npm install ${SANDBOX_PACKAGES.join(" ")}`;

/** The sandbox package that `error` (from an import or a `require.resolve`) says is missing, if it is one of them. */
function missingSandboxPackage(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined;
  const specifier = /Cannot find (?:package|module) '([^']+)'/.exec(String((error as Error).message))?.[1] ?? "";
  return SANDBOX_PACKAGES.find((p) => specifier === p || specifier.startsWith(`${p}/`));
}

/**
 * Finds the descriptions and runs `load` (an import of a sandbox module); a missing sandbox package becomes an error
 * saying what to install.
 */
export async function loadSandboxModule<T>(load: () => Promise<T>): Promise<T> {
  try {
    descriptionPath("paymentsplus");
    descriptionPath("quickstream");
    return await load();
  } catch (error) {
    const missing = missingSandboxPackage(error);
    if (!missing) throw error;
    throw new Error(
      `the sandbox needs ${SANDBOX_PACKAGES.join(", ")} (optional peer dependencies of westpac-payments-openapi), ` +
        `and ${missing} is not installed: ${SANDBOX_INSTALL}`,
      { cause: error },
    );
  }
}

/** Both APIs on loopback ports, in this process (see ./index.ts). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await loadSandboxModule(() => import("./index.js"));
  return sandbox.startSandbox(options);
}
