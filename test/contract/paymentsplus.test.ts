import { createPaymentsPlusClient } from "../../src/index.ts";
import { contractSuite } from "./harness.ts";

contractSuite("paymentsplus", (baseUrl) => createPaymentsPlusClient({ apiKey: "contract-test-key", baseUrl }));
