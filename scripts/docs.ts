// Step 5: one self-contained HTML page per API (Redoc inlined, no CDN, no web fonts, telemetry off) and an index page.
// The pages are built from a copy of the bundle whose operation descriptions end with the evidence grade and the
// API key the operation needs, so that readers can tell a verified operation from a probable one.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APIS, BUILD_DIR, generatedPath, runTool, step, writeFileAtomic } from "./lib.ts";
import { listOperations } from "./targets.ts";

const EVIDENCE: Record<string, string> = {
  documented: "documented (the official page text was read)",
  summary: "summary (only the official one-line summary was read)",
  "public-client": "public-client (seen only in public client code; probable, unverified)",
  inferred: "inferred (implied by the docs; unverified)",
};

const KEY_NAMES: Record<string, string> = {
  apiKey: "the API key",
  secretKey: "the secret API key",
  publishableKey: "the publishable API key",
};

/** The sentence the docs append to an operation's description. */
export function docsNote(operation: any, doc: any): string {
  const evidence = EVIDENCE[operation["x-evidence"]] ?? String(operation["x-evidence"]);
  const security: Record<string, unknown>[] = operation.security ?? doc.security ?? [];
  const keys = security.flatMap((req) => Object.keys(req)).map((k) => KEY_NAMES[k] ?? k);
  return `\n\n**Evidence:** ${evidence}. **Key:** ${keys.length ? keys.join(" or ") : "none"}.`;
}

const tmp = mkdtempSync(join(tmpdir(), "docs-"));
try {
  for (const api of APIS) {
    const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
    for (const { operation } of listOperations(doc)) {
      operation.description = `${operation.description ?? ""}${docsNote(operation, doc)}`;
    }
    for (const item of Object.values<any>(doc.webhooks ?? {})) {
      for (const operation of Object.values<any>(item)) {
        if (operation && typeof operation === "object" && operation["x-evidence"]) {
          operation.description = `${operation.description ?? ""}\n\n**Evidence:** ${EVIDENCE[operation["x-evidence"]] ?? operation["x-evidence"]}.`;
        }
      }
    }
    const source = join(tmp, `${api}.json`);
    writeFileAtomic(source, JSON.stringify(doc));
    const out = join(BUILD_DIR, "docs", `${api}.html`);
    const partial = join(tmp, `${api}.html`);
    runTool(
      "redocly",
      ["build-docs", source, "--inlineBundle", "-o", partial, "--title", doc.info.title,
       "--templateOptions.disableGoogleFont=true", "--lint-config=off"],
      { quiet: true },
    );
    writeFileAtomic(out, readFileSync(partial, "utf8"));
    step("docs", `${api}: ${out}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const links = APIS.map((api) => {
  const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
  return `    <li><a href="${api}.html">${doc.info.title}</a> — ${doc.info.summary ?? ""}</li>`;
}).join("\n");
writeFileAtomic(
  join(BUILD_DIR, "docs", "index.html"),
  `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Westpac payment APIs: OpenAPI reference</title></head>
  <body>
    <h1>Westpac payment APIs: OpenAPI reference</h1>
    <p>Independent descriptions written from Westpac's public documentation. Each operation states its evidence grade.</p>
    <ul>
${links}
    </ul>
  </body>
</html>
`,
);
step("docs", `index: ${join(BUILD_DIR, "docs", "index.html")}`);
