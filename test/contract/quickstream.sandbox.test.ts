import { operationKeys } from "../../generated/quickstream/client-meta.ts";
import { createQuickStreamClient } from "../../src/index.ts";
import { contractSuite } from "./harness.ts";
import { SANDBOX_KEYS } from "./sandbox-scenarios.ts";

// The QuickStream contract suite against the sandbox, with keys of the documented form (each operation called with
// a key it accepts); retries are off because the suite asks for 429 and 503 on purpose.
contractSuite(
  "quickstream",
  (baseUrl) => {
    const secret = createQuickStreamClient({ secretKey: SANDBOX_KEYS.secret, baseUrl, retry: false });
    const publishable = createQuickStreamClient({ publishableKey: SANDBOX_KEYS.publishable, baseUrl, retry: false });
    return {
      request: (method: string, path: string, init: unknown) => {
        const keys: readonly string[] = (operationKeys as Record<string, readonly string[]>)[`${method} ${path}`] ?? [];
        const client = keys.includes("secretKey") ? secret : publishable;
        return (client.request as (m: string, p: string, i: unknown) => ReturnType<typeof client.request>)(method, path, init);
      },
    };
  },
  "sandbox",
);
