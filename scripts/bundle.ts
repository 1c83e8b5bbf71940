// Step 2: the published spec files, per API: bundled YAML and JSON, and a fully dereferenced JSON.
import { readFileSync, rmSync } from "node:fs";
import { stringify } from "yaml";
import { APIS, generatedPath, runTool, step, writeFileAtomic } from "./lib.ts";

for (const api of APIS) {
  const json = generatedPath(api, "openapi.json");
  const deref = generatedPath(api, "openapi.deref.json");
  bundleTo(api, json, []);
  bundleTo(api, deref, ["--dereferenced"]);
  const doc = JSON.parse(readFileSync(json, "utf8"));
  writeFileAtomic(generatedPath(api, "openapi.yaml"), stringify(doc, { lineWidth: 0 }));
  step("bundle", `${api}: openapi.yaml, openapi.json, openapi.deref.json`);
}

function bundleTo(api: string, out: string, extra: string[]): void {
  // Bundle into a temporary name and normalise formatting, so the published file is never half-written.
  const tmp = `${out}.${process.pid}.tmp.json`;
  runTool("redocly", ["bundle", api, "-o", tmp, "--ext", "json", ...extra], { quiet: true });
  const doc = JSON.parse(readFileSync(tmp, "utf8"));
  writeFileAtomic(out, `${JSON.stringify(doc, null, 2)}\n`);
  rmSync(tmp, { force: true });
}
