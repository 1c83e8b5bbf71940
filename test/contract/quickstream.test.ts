import { operationKeys } from "../../generated/quickstream/client-meta.ts";
import { createQuickStreamClient } from "../../src/index.ts";
import { contractSuite } from "./harness.ts";

// Each operation is called with a key it accepts (the client refuses the others before sending); retries are off
// because the suite asks Prism for 429 and 503 on purpose.
contractSuite("quickstream", (baseUrl) => {
  const secret = createQuickStreamClient({ secretKey: "contract-test-key", baseUrl, retry: false });
  const publishable = createQuickStreamClient({ publishableKey: "contract-test-pub-key", baseUrl, retry: false });
  return {
    request: (method: string, path: string, init: unknown) => {
      const keys: readonly string[] = (operationKeys as Record<string, readonly string[]>)[`${method} ${path}`] ?? [];
      const client = keys.includes("secretKey") ? secret : publishable;
      return (client.request as (m: string, p: string, i: unknown) => ReturnType<typeof client.request>)(method, path, init);
    },
  };
});
