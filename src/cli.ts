// `westpac-openapi`: validate a JSON payload against either description from the command line, or list the targets.
//   westpac-openapi validate <api> <target> <file.json | -> [--json] [--advice]   exit 0 valid, 1 invalid, 2 cannot check
//     (--advice also prints the payment schemes' warnings, P126; they never change the exit status)
//   westpac-openapi list <api> [--json]
//   westpac-openapi sandbox [options]   the stateful sandbox of both APIs (src/sandbox/cli.ts)
//   westpac-openapi --version | --help, and `<command> --help`: what it prints on standard output, exit 0.
// Conventions: results on standard output; errors on standard error with exit 2 (1 means "invalid" only).
import { readFileSync } from "node:fs";
import {
  advise,
  APIS,
  formatErrors,
  isTarget,
  listTargets,
  suggestTargets,
  validate,
  type ApiName,
} from "./validators/index.js";
import { show } from "./validators/words.js";

/** The package's version, from its own package.json (one folder above src/ and dist/src/). */
function version(): string {
  for (const path of ["../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));
      if (pkg.name === "westpac-payments-openapi") return pkg.version;
    } catch {
      // not this one
    }
  }
  return "unknown";
}

const VALIDATE_USAGE = `Usage: westpac-openapi validate <api> <target> <file.json | -> [--json] [--advice]

Check a JSON payload against a schema or an operation's request or response.

  <api>     ${APIS.join(" or ")}
  <target>  a component schema ("Payment") or an operation part ("POST /transactions request",
            "GET /transactions/{receiptNumber} 200"); quote it. \`westpac-openapi list <api>\` lists them.
  -         read the payload from standard input
  --json    machine-readable output on standard output
  --advice  also print warnings from the payment schemes' rules (BSB, IBAN, SWIFT/BIC, BPAY, New Zealand
            account, PayID, direct-entry lodgement reference), after the errors, one a line as
            "warning <pointer>: <message> (<code>)"; in JSON, an "advice" array. They never change the exit status.

Exit status: 0 valid, 1 invalid, 2 the payload could not be checked (unreadable, not JSON, unknown API or target).`;

const LIST_USAGE = `Usage: westpac-openapi list <api> [--json]

List the targets \`westpac-openapi validate\` accepts for <api> (${APIS.join(" or ")}), one a line.

  --json    a JSON array on standard output`;

const USAGE = `Usage:
  westpac-openapi validate <api> <target> <file.json | -> [--json] [--advice]
  westpac-openapi list <api> [--json]
  westpac-openapi sandbox [--paymentsplus-port N] [--quickstream-port N] [--state FILE] [--webhook-url URL]
                                        (westpac-openapi sandbox --help lists every option)

  <api>     ${APIS.join(" or ")}
  <target>  a component schema ("Payment") or an operation part ("POST /transactions request",
            "GET /transactions/{receiptNumber} 200"); quote it. \`westpac-openapi list <api>\` lists them.
  -         read the payload from standard input
  --json    machine-readable output on standard output
  --advice  also print the payment schemes' warnings (validate only; never changes the exit status)

  westpac-openapi --version
  westpac-openapi <command> --help

Exit status: 0 valid, 1 invalid, 2 the payload could not be checked (unreadable, not JSON, unknown API or target).`;

class UsageError extends Error {
  constructor(
    message: string,
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin: () => Uint8Array;
}

export function main(argv: string[], io: Io): number {
  const json = argv.includes("--json");
  const advice = argv.includes("--advice");
  const args = argv.filter((a) => a !== "--json" && a !== "--advice");
  const help = (text: string) => (io.out(text), 0);
  try {
    if (args.length === 0) {
      io.err(USAGE);
      return 2;
    }
    if (args[0] === "--version" || args[0] === "-v" || args[0] === "version") return (io.out(version()), 0);
    if (args[0] === "--help" || args[0] === "-h" || args[0] === "help") return help(USAGE);
    if (args.includes("--help") || args.includes("-h")) {
      if (args[0] === "validate") return help(VALIDATE_USAGE);
      if (args[0] === "list") return help(LIST_USAGE);
      return help(USAGE);
    }
    const unknownOption = args.find((a) => a.startsWith("--"));
    if (unknownOption) throw new UsageError(`unknown option ${unknownOption}`);
    const [command, ...rest] = args;
    if (advice && command !== "validate") throw new UsageError("--advice is an option of validate only");
    if (command === "list") return list(rest, json, io);
    if (command === "validate") return check(rest, json, advice, io);
    throw new UsageError(`unknown command "${command}": use validate or list`);
  } catch (error) {
    // 1 means "invalid" only: anything else that goes wrong, ours included, is 2.
    const message = error instanceof UsageError ? error.message : `failed: ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`;
    io.err(`westpac-openapi: ${message}`);
    if (json) io.out(JSON.stringify({ valid: null, error: message, suggestions: error instanceof UsageError ? error.suggestions : [] }));
    return 2;
  }
}

function apiOf(name: string | undefined): ApiName {
  if (name === undefined) throw new UsageError(`name the API: ${APIS.join(" or ")}`);
  const api = APIS.find((a) => a === name.toLowerCase());
  if (!api) throw new UsageError(`unknown API ${show(name)}: use ${APIS.join(" or ")}`, [...APIS]);
  return api;
}

function list(args: string[], json: boolean, io: Io): number {
  if (args.length !== 1) throw new UsageError("usage: westpac-openapi list <api>");
  const targets = listTargets(apiOf(args[0]));
  io.out(json ? JSON.stringify(targets) : targets.join("\n"));
  return 0;
}

function check(args: string[], json: boolean, advice: boolean, io: Io): number {
  if (args.length !== 3) throw new UsageError("usage: westpac-openapi validate <api> <target> <file.json | ->");
  const [apiName, target, source] = args;
  const api = apiOf(apiName);
  if (!isTarget(api, target)) {
    const suggestions = suggestTargets(api, target, 5);
    const hint = suggestions.length
      ? ` Closest: ${suggestions.map((s) => `"${s}"`).join(", ")}.`
      : ` \`westpac-openapi list ${api}\` lists the targets.`;
    throw new UsageError(`${api} has no target ${show(target)}.${hint}`, suggestions);
  }
  const data = readJson(source, io);
  const result = validate(api, target, data);
  // Warnings only when asked for; they never change the exit status (P126).
  const warnings = advice ? advise(api, target, data) : undefined;
  // At most validate()'s default number of errors (100), then "… and N more errors" (omittedErrors in JSON).
  if (json) {
    const answer = result.valid ? { valid: true } : { valid: false, errors: result.errors, omittedErrors: result.omittedErrors };
    io.out(JSON.stringify(warnings ? { ...answer, advice: warnings } : answer));
  } else {
    const lines = [result.valid ? "valid" : formatErrors(result.errors, result.omittedErrors)];
    for (const w of warnings ?? []) lines.push(`warning ${w.pointer || "(root)"}: ${w.message} (${w.code})`);
    io.out(lines.join("\n"));
  }
  return result.valid ? 0 : 1;
}

function readJson(source: string, io: Io): unknown {
  const name = source === "-" ? "standard input" : source;
  let bytes: Uint8Array;
  try {
    bytes = source === "-" ? io.stdin() : readFileSync(source);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === "ENOENT" ? "no such file" : e.code === "EISDIR" ? "it is a directory" : e.message;
    throw new UsageError(`cannot read ${name}: ${why}`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new UsageError(`${name} is not UTF-8 text, so not JSON`);
  }
  if (text.trim() === "") throw new UsageError(`${name} is empty, not JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${name} is not JSON: ${(error as Error).message}`);
  }
}

if (process.argv[2] === "sandbox") {
  // Through the light entry: without the sandbox's optional packages, one message says what to install.
  const { loadSandboxModule } = await import("./sandbox/entry.js");
  const { runSandboxCommand } = await loadSandboxModule(() => import("./sandbox/cli.js"));
  await runSandboxCommand(process.argv.slice(3));
} else process.exitCode = main(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  stdin: () => readFileSync(0),
});
