import { createQuickStreamClient } from "../../src/index.ts";
import { contractSuite } from "./harness.ts";

contractSuite("quickstream", (baseUrl) => createQuickStreamClient({ secretKey: "contract-test-key", baseUrl }));
