// Child process of validators-cold.bench.ts: import both APIs' validators from the built package (dist/) and validate
// one valid payload; with "invalid", then validate one invalid payload and print how long that first one took (ms).
const { validate } = await import("../dist/src/validators/index.js");
if (!validate("quickstream", "RequestAmount", "1.00").valid) process.exit(3);
if (process.argv[2] === "invalid") {
  const start = performance.now();
  const result = validate("quickstream", "POST /transactions request", { transactionType: "PAYMENT", principalAmount: "1.005", currency: "aud" });
  if (result.valid) process.exit(3);
  console.log(performance.now() - start);
}
