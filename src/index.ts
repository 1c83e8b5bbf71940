// Public entry point: the two API clients.
export {
  createPaymentsPlusClient,
  type PaymentsPlusClient,
  type PaymentsPlusClientOptions,
  type PaymentsPlusEnvironment,
  type PaymentsPlusPaths,
} from "./paymentsplus.js";
export {
  createQuickStreamClient,
  type QuickStreamClient,
  type QuickStreamClientOptions,
  type QuickStreamEnvironment,
  type QuickStreamPaths,
} from "./quickstream.js";
