// docs/codegen.md's "Generate your client" recipes, read from the page so that the flow tests run them as printed.
// A language's recipe is the `### <language>...` subsection of that section: its ```sh block holds the commands, one
// a line (a line ending in `\` continues on the next, `#` starts a comment); its other code blocks show the code
// that sets the server and the key (which the flow programs must contain line for line) or a file the recipe says to
// save.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mustRun, ROOT } from "./support.ts";

export const CODEGEN_PAGE = join(ROOT, "docs", "codegen.md");
const SECTION = "## Generate your client";

export interface Recipe {
  /** The subsection's heading, without `### `. */
  heading: string;
  /** The shell commands, one a line, continuations joined, comments and blank lines dropped. */
  commands: string[];
  /** The subsection's other code blocks by their language tag (```java, ```xml, ...), in order. */
  blocks: Record<string, string[]>;
}

/**
 * The recipe whose subsection heading starts with `language` (exactly one must). Where a subsection holds several
 * generators, `generator` picks one: the part from the paragraph that starts with `**<generator>**` to the next such
 * paragraph.
 */
export function recipe(language: string, generator?: string): Recipe {
  const page = readFileSync(CODEGEN_PAGE, "utf8");
  const start = page.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`docs/codegen.md has no "${SECTION}" section`);
  const end = page.indexOf("\n## ", start + SECTION.length + 1);
  const section = page.slice(start, end < 0 ? undefined : end);
  const subsections = section.split(/\n### /).slice(1).filter((s) => s.startsWith(language));
  if (subsections.length !== 1) throw new Error(`docs/codegen.md: ${subsections.length} recipes for ${language} under "${SECTION}"`);
  let text = subsections[0]!;
  if (generator !== undefined) {
    const at = text.indexOf(`\n**${generator}**`);
    if (at < 0) throw new Error(`docs/codegen.md: the ${language} recipes have no paragraph starting **${generator}**`);
    const next = text.indexOf("\n**", at + 1);
    text = text.slice(0, text.indexOf("\n")) + text.slice(at, next < 0 ? undefined : next);
  }
  const blocks = [...text.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
  const sh = blocks.filter((b) => b.lang === "sh");
  if (sh.length !== 1) throw new Error(`docs/codegen.md: the ${language} recipe has ${sh.length} sh blocks, not one`);
  const commands = sh[0]!.body
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((l) => l.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
  const others: Record<string, string[]> = {};
  for (const b of blocks) if (b.lang !== "sh") (others[b.lang] ??= []).push(b.body);
  return { heading: text.slice(0, text.indexOf("\n")), commands, blocks: others };
}

/** The lines of a code block, trimmed, blank lines dropped: what a program showing that code must contain. */
export function codeLines(block: string): string[] {
  return block
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * A recipe command with its documented placeholders (`<in>`, `<out>`, ...) replaced; any other `<word>` left in it
 * is an error, so that a placeholder the page does not explain cannot slip through.
 */
export function substitute(command: string, values: Record<string, string>): string {
  const result = command.replace(/<(\w+)>/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`recipe command has a placeholder ${whole} with no value: ${command}`);
    return value;
  });
  return result;
}

/** Run a recipe's commands as printed, in order (bash, stopping at the first that fails), placeholders replaced. */
export function runRecipe(r: Recipe, values: Record<string, string>, opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string> {
  return mustRun("bash", ["-euo", "pipefail", "-c", r.commands.map((c) => substitute(c, values)).join("\n")], opts);
}
