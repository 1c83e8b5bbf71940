// Step 5 (`npm run docs`, also part of `npm run build`): one self-contained HTML page per API and an index page, in
// build/docs/. Offline: Redoc is inlined (no CDN script), Google fonts are off, Redocly telemetry is off, and the one
// image Redoc loads from its CDN (the "API docs by Redocly" logo) is replaced by an inline one; test/docs.test.ts opens
// the pages in Chromium and fails on any request that leaves the machine.
// The pages are built from a copy of the bundle whose operation descriptions end with the evidence grade and the
// API key the operation needs, so that readers can tell a verified operation from a probable one.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { APIS, BUILD_DIR, fail, generatedPath, runTool, step, writeFileAtomic, type ApiName } from "./lib.ts";
import { operationResends, resendsSentence } from "./resends.ts";
import { addCodeSamples } from "./code-samples.ts";
import { liftNestedChoices } from "./docs-view.ts";
import { listOperations } from "./targets.ts";

export const DOCS_DIR = join(BUILD_DIR, "docs");
export const docsPage = (api: ApiName) => join(DOCS_DIR, `${api}.html`);
export const DOCS_INDEX = join(DOCS_DIR, "index.html");

export const EVIDENCE: Record<string, string> = {
  documented: "documented (the official page text was read)",
  summary: "summary (only the official one-line summary was read)",
  "public-client": "public-client (seen only in public client code; probable, unverified)",
  inferred: "inferred (implied by the docs; unverified)",
};

/**
 * A badge beside the heading of each operation not read from its official page, so that a reader sees how far to
 * trust it where they decide (Redoc shows `x-badges` next to the operation's title).
 */
export const EVIDENCE_BADGES: Record<string, { name: string; color: string }> = {
  summary: { name: "Summary only", color: "#9a6700" },
  "public-client": { name: "Public client only", color: "#b35900" },
  inferred: { name: "Inferred", color: "#b42318" },
};

export const KEY_NAMES: Record<string, string> = {
  apiKey: "the API key",
  secretKey: "the secret API key",
  publishableKey: "the publishable API key",
};

/**
 * The evidence grade, the keys and the resend rules (x-retry) of the operation at `method` `path`, as the docs state
 * them (plain text, without Markdown).
 */
export function docsFacts(doc: any, path: string, method: string): { evidence: string; key: string; resends: string } {
  const operation = doc.paths[path][method];
  const evidence = EVIDENCE[operation["x-evidence"]] ?? String(operation["x-evidence"]);
  const security: Record<string, unknown>[] = operation.security ?? doc.security ?? [];
  const keys = [...new Set(security.flatMap((req) => Object.keys(req)))].map((k) => KEY_NAMES[k] ?? k);
  const resends = resendsSentence(operationResends(doc, path, method));
  return { evidence, key: keys.length ? keys.join(" or ") : "none", resends };
}

/** The sentences the docs append to an operation's description. */
export function docsNote(doc: any, path: string, method: string): string {
  const { evidence, key, resends } = docsFacts(doc, path, method);
  return `\n\n**Evidence:** ${evidence}. **Key:** ${key}. **Resends:** ${resends}.`;
}

/**
 * Redoc's sidebar shows "API docs by" with a logo image fetched from cdn.redoc.ly (it hides the image when the fetch
 * fails, but the request still leaves the machine). Point it at an inline SVG instead.
 */
const CDN_LOGOS = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
const INLINE_LOGO = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='56' height='14'><text x='0' y='11' font-family='sans-serif' font-size='11' fill='#0044D4'>Redocly</text></svg>",
)}`;

export function offlineHtml(html: string): string {
  return CDN_LOGOS.reduce((out, url) => out.split(url).join(INLINE_LOGO), html);
}

function buildPage(api: ApiName, tmp: string): void {
  const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
  for (const { method, path, operation } of listOperations(doc)) {
    operation.description = `${operation.description ?? ""}${docsNote(doc, path, method)}`;
    const badge = EVIDENCE_BADGES[operation["x-evidence"]];
    if (badge) operation["x-badges"] = [...(operation["x-badges"] ?? []), badge];
  }
  addCodeSamples(doc, api);
  liftNestedChoices(doc);
  for (const item of Object.values<any>(doc.webhooks ?? {})) {
    for (const operation of Object.values<any>(item)) {
      if (operation && typeof operation === "object" && operation["x-evidence"]) {
        operation.description = `${operation.description ?? ""}\n\n**Evidence:** ${EVIDENCE[operation["x-evidence"]] ?? operation["x-evidence"]}.`;
      }
    }
  }
  const source = join(tmp, `${api}.json`);
  writeFileAtomic(source, JSON.stringify(doc));
  const partial = join(tmp, `${api}.html`);
  runTool(
    "redocly",
    ["build-docs", source, "--inlineBundle", "-o", partial, "--title", doc.info.title,
     "--templateOptions.disableGoogleFont=true", "--lint-config=off"],
    { quiet: true },
  );
  const html = offlineHtml(readFileSync(partial, "utf8"));
  const left = CDN_LOGOS.filter((url) => html.includes(url));
  if (left.length) fail(`${api}: docs page still loads ${left.join(", ")}`);
  writeFileAtomic(docsPage(api), html);
  step("docs", `${api}: ${docsPage(api)}`);
}

function buildIndex(): void {
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const links = APIS.map((api) => {
    const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
    const count = listOperations(doc).length;
    return `    <li><a href="${api}.html">${escape(doc.info.title)}</a> — ${escape(doc.info.summary ?? "")} (${count} operations)</li>`;
  }).join("\n");
  writeFileAtomic(
    DOCS_INDEX,
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Westpac payment APIs: OpenAPI reference</title>
    <style>body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }</style>
  </head>
  <body>
    <h1>Westpac payment APIs: OpenAPI reference</h1>
    <p>Independent descriptions written from Westpac's public documentation; not published by Westpac.
      Each operation states its evidence grade and the API key it needs.</p>
    <ul>
${links}
    </ul>
  </body>
</html>
`,
  );
  step("docs", `index: ${DOCS_INDEX}`);
}

export function buildDocs(): void {
  const tmp = mkdtempSync(join(tmpdir(), "docs-"));
  try {
    for (const api of APIS) buildPage(api, tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  buildIndex();
}

// Build when run as a script; tests import the helpers above.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) buildDocs();
