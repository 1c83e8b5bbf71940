// `generated/evidence.md`: the operations and webhooks that are not known from their official page, per API, so that a
// reader sees where the description rests on an official one-line summary, public client code or inference before
// relying on it. Made from the bundles' `x-evidence` (part of `npm run build:bundle`; `check:generated` compares it).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EVIDENCE } from "./docs.ts";
import { APIS, GENERATED_DIR, generatedPath, step, writeFileAtomic } from "./lib.ts";
import { listOperations } from "./targets.ts";

export const EVIDENCE_PAGE = join(GENERATED_DIR, "evidence.md");
const ORDER = ["inferred", "public-client", "summary"];

function page(): string {
  const out = [
    "# How each operation is known",
    "",
    "Generated from the descriptions' `x-evidence` by `scripts/evidence.ts`; do not edit. Every operation and webhook",
    "below is **not** known from its official page: check it against Westpac's support environment before relying on",
    "it. The rest are `documented` (their official page was read). Grades:",
    "",
    ...ORDER.map((grade) => `- \`${grade}\`: ${EVIDENCE[grade]!.replace(/^\S+ \((.*)\)$/, "$1")}`),
    "",
  ];
  for (const api of APIS) {
    const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
    const rows = [
      ...listOperations(doc).map(({ method, path, operation }) => ({ what: `\`${method.toUpperCase()} ${path}\``, operation })),
      ...Object.entries<any>(doc.webhooks ?? {}).flatMap(([name, item]) =>
        Object.values<any>(item).filter((o) => o?.["x-evidence"]).map((operation) => ({ what: `webhook \`${name}\``, operation })),
      ),
    ];
    const documented = rows.filter((r) => r.operation["x-evidence"] === "documented").length;
    const weaker = rows
      .filter((r) => r.operation["x-evidence"] !== "documented")
      .sort((a, b) => ORDER.indexOf(a.operation["x-evidence"]) - ORDER.indexOf(b.operation["x-evidence"]) || a.what.localeCompare(b.what));
    out.push(`## ${doc.info.title}`, "", `${documented} of ${rows.length} documented; ${weaker.length} not:`, "");
    out.push("| evidence | operation | summary |", "|---|---|---|");
    for (const r of weaker) out.push(`| ${r.operation["x-evidence"]} | ${r.what} | ${String(r.operation.summary ?? "").replace(/\|/g, "\\|")} |`);
    out.push("");
  }
  return out.join("\n");
}

writeFileAtomic(EVIDENCE_PAGE, page());
step("evidence", EVIDENCE_PAGE);
