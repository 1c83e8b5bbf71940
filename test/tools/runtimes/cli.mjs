// Node, Bun and Deno entry: `<runtime> cli.mjs '<input JSON>'` prints { runtime, result } or { runtime, error } as JSON.
import { runtimeName, validatedRequests } from "./consumer.mjs";

const arg = globalThis.Deno ? globalThis.Deno.args[0] : globalThis.process.argv[2];
let out;
try {
  out = { runtime: runtimeName(), result: await validatedRequests(JSON.parse(arg)) };
} catch (error) {
  out = { runtime: runtimeName(), error: String(error?.stack ?? error) };
}
console.log(JSON.stringify(out));
