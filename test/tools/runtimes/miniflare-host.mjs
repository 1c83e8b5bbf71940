// `node miniflare-host.mjs <consumer dir> '<input JSON>'` (Node 22+, Miniflare's floor): bundle <dir>/worker.mjs for
// a Worker as wrangler does (esbuild, the workerd/worker/browser export conditions, no Node.js compatibility flag, so
// any `node:` import fails the bundle), run it in workerd through Miniflare, POST the input, print the answer.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, input] = process.argv.slice(2);
const tools = createRequire(new URL("../../../tools/runtimes/package.json", import.meta.url));
const { build } = await import(pathToFileURL(tools.resolve("esbuild")).href);
const { Miniflare } = await import(pathToFileURL(tools.resolve("miniflare")).href);

const script = join(dir, "worker.bundle.mjs");
try {
  await build({
    entryPoints: [join(dir, "worker.mjs")],
    outfile: script,
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    logLevel: "silent",
  });
} catch (error) {
  // esbuild's messages, one line each: which import a Worker cannot resolve, and where.
  const where = (m) => (m.location ? `${m.location.file}:${m.location.line}: ` : "");
  const messages = (error.errors ?? [error]).map((m) => `${where(m)}${m.text ?? m.message}`);
  console.log(JSON.stringify({ runtime: "workerd", error: `bundling for a Worker failed:\n${messages.join("\n")}` }));
  process.exit(0);
}
const mf = new Miniflare({ modules: true, scriptPath: script, compatibilityDate: "2026-07-01" });
try {
  const res = await mf.dispatchFetch("http://worker.test/", { method: "POST", body: input });
  process.stdout.write(await res.text());
} finally {
  await mf.dispose();
}
