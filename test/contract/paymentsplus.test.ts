import { createPaymentsPlusClient } from "../../src/index.ts";
import { contractSuite } from "./harness.ts";

// Retries are off: the suite asks Prism for 429 and 503 on purpose.
contractSuite("paymentsplus", (baseUrl) => createPaymentsPlusClient({ apiKey: "contract-test-key", baseUrl, retry: false }));
