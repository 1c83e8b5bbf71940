// `npm run check:generated`: rebuild the generated files in a temporary folder and fail when any that git keeps differs
// from what is in generated/ (a hand edit, or a spec change whose build was not committed). Files that .gitignore
// leaves out (built by `npm run setup`, `prepare` and `prepack`) are not compared.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fail, QUIET_ENV, ROOT, step } from "./lib.ts";

const committed = join(ROOT, "generated");
const fresh = mkdtempSync(join(tmpdir(), "generated-"));
try {
  for (const script of ["bundle", "openapi30", "evidence", "types", "named-types", "client-meta", "validators"]) {
    const result = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", `${script}.ts`)], {
      cwd: ROOT,
      env: { ...QUIET_ENV, GENERATED_DIR: fresh },
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (result.status !== 0) fail(`scripts/${script}.ts failed while rebuilding into ${fresh}`);
  }
  const files = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort();
  const kept = (f: string) =>
    spawnSync("git", ["check-ignore", "--no-index", "-q", join("generated", f)], { cwd: ROOT }).status !== 0;
  const expected = files(fresh).filter(kept);
  const actual = existsSync(committed) ? files(committed).filter(kept) : [];
  const problems = [
    ...expected.filter((f) => !actual.includes(f)).map((f) => `missing from generated/: ${f}`),
    ...actual.filter((f) => !expected.includes(f)).map((f) => `not produced by the build: generated/${f}`),
    ...expected
      .filter((f) => actual.includes(f) && readFileSync(join(fresh, f), "utf8") !== readFileSync(join(committed, f), "utf8"))
      .map((f) => `differs from a fresh build: generated/${f}`),
  ];
  if (problems.length) fail(`generated files are stale; run \`npm run build\` and commit:\n  ${problems.join("\n  ")}`);
  step("check:generated", `${expected.length} generated files match a fresh build`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
