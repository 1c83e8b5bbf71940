// `npm run mock`: serve both descriptions with Prism on 127.0.0.1 (PaymentsPlus 4010, QuickStream 4011).
// Ports: --paymentsplus-port N / --quickstream-port N, or PAYMENTSPLUS_PORT / QUICKSTREAM_PORT.
import { parseArgs } from "node:util";
import { startPrism, type MockServer } from "./prism.ts";

const { values } = parseArgs({
  options: { "paymentsplus-port": { type: "string" }, "quickstream-port": { type: "string" } },
});
const port = (value: string | undefined, name: string, fallback: number): number => {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`error: ${name} must be a port number from 1 to 65535, got "${value}"`);
    process.exit(2);
  }
  return n;
};
const servers: MockServer[] = [
  await startPrism("paymentsplus", port(values["paymentsplus-port"] ?? process.env.PAYMENTSPLUS_PORT, "--paymentsplus-port", 4010)),
  await startPrism("quickstream", port(values["quickstream-port"] ?? process.env.QUICKSTREAM_PORT, "--quickstream-port", 4011)),
];
for (const s of servers) console.log(`[mock] ${s.api}: ${s.url}`);
const stopAll = async () => {
  await Promise.all(servers.map((s) => s.stop()));
  process.exit(0);
};
process.on("SIGINT", stopAll);
process.on("SIGTERM", stopAll);
