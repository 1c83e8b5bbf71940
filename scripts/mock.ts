// `npm run mock`: serve both descriptions with Prism on 127.0.0.1 (PaymentsPlus 4010, QuickStream 4011).
// Ports: --paymentsplus-port N / --quickstream-port N, or PAYMENTSPLUS_PORT / QUICKSTREAM_PORT.
// Never fails silently: a taken port, a Prism that does not start, or a Prism that dies later stops every server and
// exits 1 with Prism's own output; SIGINT/SIGTERM stop them and exit 0.
import { parseArgs } from "node:util";
import { MOCK_PORTS, startPrism, type MockServer } from "./prism.ts";
import { APIS } from "./lib.ts";

const USAGE = `Usage: npm run mock -- [--paymentsplus-port N] [--quickstream-port N]

Serve both descriptions with Prism on 127.0.0.1, answered from their examples; nothing is remembered.

  --paymentsplus-port N   PaymentsPlus port (default ${MOCK_PORTS.paymentsplus}, or PAYMENTSPLUS_PORT)
  --quickstream-port N    QuickStream port (default ${MOCK_PORTS.quickstream}, or QUICKSTREAM_PORT)
  -h, --help              this text

Prints "[mock] <api>: <baseUrl>" for each API once both answer; Ctrl-C or SIGTERM stops both (exit 0).`;

let values: { "paymentsplus-port"?: string; "quickstream-port"?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { "paymentsplus-port": { type: "string" }, "quickstream-port": { type: "string" }, help: { type: "boolean", short: "h" } },
  }));
} catch (error) {
  console.error(`[mock] error: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = (value: string | undefined, name: string, fallback: number): number => {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`[mock] error: ${name} must be a port number from 1 to 65535, got "${value}"`);
    process.exit(2);
  }
  return n;
};
const ports = {
  paymentsplus: port(values["paymentsplus-port"] ?? process.env.PAYMENTSPLUS_PORT, "--paymentsplus-port", MOCK_PORTS.paymentsplus),
  quickstream: port(values["quickstream-port"] ?? process.env.QUICKSTREAM_PORT, "--quickstream-port", MOCK_PORTS.quickstream),
};

const servers: MockServer[] = [];
const stopAll = async (code: number) => {
  await Promise.all(servers.map((s) => s.stop()));
  process.exit(code);
};
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

for (const api of APIS) {
  try {
    servers.push(await startPrism(api, ports[api]));
  } catch (err) {
    console.error(`[mock] error: ${api}: ${(err as Error).message}`);
    await stopAll(1);
  }
}
for (const s of servers) console.log(`[mock] ${s.api}: ${s.url}`);
const died = await Promise.race(servers.map((s) => s.died));
console.error(`[mock] error: ${died}\n[mock] stopping the other server: a mock with a dead server would answer only half of the calls`);
await stopAll(1);
