// `westpac-openapi sandbox` and `npm run sandbox`: start both APIs' sandbox, print their base URLs, stop cleanly on
// SIGINT / SIGTERM. Exit status: 0 after a clean stop, 1 when a server cannot start (a port taken), 2 for bad usage.
import { parseArgs } from "node:util";
import { startSandbox } from "./index.js";

export const SANDBOX_USAGE = `Usage: westpac-openapi sandbox [options]

  --paymentsplus-port N   PaymentsPlus port (default 4020, or PAYMENTSPLUS_PORT; 0 picks a free one)
  --quickstream-port N    QuickStream port (default 4021, or QUICKSTREAM_PORT; 0 picks a free one)
  --state FILE            keep the state in FILE across restarts (a journal: every change is written before it
                          is answered; its folder must exist)
  --retain N              keep at most N of each kind of record per facility, and N Idempotency-Key answers
                          (the oldest go first; default: all, answers for 22 hours)
  --webhook-url URL       POST PayTo agreement and payment notifications there
  --webhook-secret TEXT   key of the X-Webhook-Signature HMAC (the sandbox's own scheme)
  --faults FILE           fault rules (JSON), see docs/mock-and-sandbox.md
  --file-delay MS         PaymentsPlus: sent files move on by themselves after MS (default: only POST /_sandbox/advance,
                          or a facility's clock moved with POST /_sandbox/clock, one step a minute)
  --strict                answer 500 when a response would not conform to the description (a sandbox bug)`;

export async function runSandboxCommand(argv: string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        "paymentsplus-port": { type: "string" },
        "quickstream-port": { type: "string" },
        state: { type: "string" },
        retain: { type: "string" },
        "webhook-url": { type: "string" },
        "webhook-secret": { type: "string" },
        faults: { type: "string" },
        "file-delay": { type: "string" },
        strict: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`westpac-openapi sandbox: ${(error as Error).message}\n\n${SANDBOX_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(`${SANDBOX_USAGE}\n`);
    return;
  }
  const number = (value: string | boolean | undefined, name: string, fallback: number, max = 65535): number | undefined => {
    const n = Number(value ?? fallback);
    if (Number.isInteger(n) && n >= 0 && n <= max) return n;
    process.stderr.write(`westpac-openapi sandbox: ${name} must be a whole number from 0 to ${max}, got "${value}"\n`);
    process.exitCode = 2;
    return undefined;
  };
  const paymentsplusPort = number(values["paymentsplus-port"] ?? process.env.PAYMENTSPLUS_PORT, "--paymentsplus-port", 4020);
  const quickstreamPort = number(values["quickstream-port"] ?? process.env.QUICKSTREAM_PORT, "--quickstream-port", 4021);
  const fileDelay = number(values["file-delay"], "--file-delay", 0, 86_400_000);
  const retain = values.retain === undefined ? 0 : number(values.retain, "--retain", 0, 1_000_000_000);
  if (paymentsplusPort === undefined || quickstreamPort === undefined || fileDelay === undefined || retain === undefined) return;
  if (values.retain !== undefined && retain < 1) {
    process.stderr.write("westpac-openapi sandbox: --retain must be at least 1\n");
    process.exitCode = 2;
    return;
  }
  if (values["webhook-url"] !== undefined && !/^https?:\/\//.test(String(values["webhook-url"]))) {
    process.stderr.write("westpac-openapi sandbox: --webhook-url must be an http:// or https:// URL\n");
    process.exitCode = 2;
    return;
  }

  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({
      paymentsplusPort,
      quickstreamPort,
      state: values.state as string | undefined,
      retain: retain || undefined,
      webhookUrl: values["webhook-url"] as string | undefined,
      webhookSecret: values["webhook-secret"] as string | undefined,
      faults: values.faults as string | undefined,
      fileStatusDelayMs: fileDelay || undefined,
      strictResponses: values.strict === true,
    });
  } catch (error) {
    process.stderr.write(`[sandbox] cannot start: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`[sandbox] paymentsplus: ${sandbox.urls.paymentsplus}\n[sandbox] quickstream: ${sandbox.urls.quickstream}\n`);
  // Every change is in the state file before it is answered; stopping compacts the file. Exit 0 after a clean stop.
  const stop = async (signal: string) => {
    process.stdout.write(`[sandbox] ${signal}: stopping\n`);
    try {
      await sandbox.stop();
    } catch (error) {
      process.stderr.write(`[sandbox] stopping: ${(error as Error).message}\n`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}
