import { createPaymentsPlusClient } from "../../src/index.ts";
import { contractSuite } from "./harness.ts";
import { SANDBOX_KEYS } from "./sandbox-scenarios.ts";

// The PaymentsPlus contract suite against the sandbox; retries are off because the suite asks for 429 and 503.
contractSuite("paymentsplus", (baseUrl) => createPaymentsPlusClient({ apiKey: SANDBOX_KEYS.paymentsplus, baseUrl, retry: false }), "sandbox");
