// Child process of validators-cold.bench.ts: what a user's start-up costs before the first request (issue 25 item 5).
// Import the built package (dist/), build both clients (PaymentsPlus, QuickStream with a secret key), and validate one
// valid payload with the validators. No request is made: the clients point at a loopback port nobody listens on.
//   node bench/cold-start.mjs           that, and nothing printed
//   node bench/cold-start.mjs invalid   then validate one invalid payload; print how long that first one took (ms)
//   node bench/cold-start.mjs phases    print each step's CPU time (ms) as JSON: where the start-up goes
const phases = {};
let mark = process.cpuUsage();
const lap = (name) => {
  const used = process.cpuUsage(mark);
  phases[name] = (used.user + used.system) / 1000;
  mark = process.cpuUsage();
};
phases["node itself"] = (mark.user + mark.system) / 1000;
const { createPaymentsPlusClient, createQuickStreamClient } = await import("../dist/src/index.js");
lap("import the clients");
const { validate } = await import("../dist/src/validators/index.js");
lap("import the validators");
const baseUrl = "http://127.0.0.1:9/rest/v1";
const paymentsPlus = createPaymentsPlusClient({ apiKey: "COLD_START_SEC_key", baseUrl });
lap("build the PaymentsPlus client");
const quickStream = createQuickStreamClient({ secretKey: "COLD_START_SEC_key", baseUrl });
lap("build the QuickStream client");
if (typeof paymentsPlus.GET !== "function" || typeof quickStream.POST !== "function") process.exit(3);
if (!validate("quickstream", "RequestAmount", "1.00").valid) process.exit(3);
lap("validate one payload");
if (process.argv[2] === "phases") console.log(JSON.stringify(phases));
if (process.argv[2] === "invalid") {
  const start = performance.now();
  const result = validate("quickstream", "POST /transactions request", { transactionType: "PAYMENT", principalAmount: "1.005", currency: "aud" });
  if (result.valid) process.exit(3);
  console.log(performance.now() - start);
}
