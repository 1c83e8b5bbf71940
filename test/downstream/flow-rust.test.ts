// Rust: openapi-generator's `rust` client (3.0.3 variant, default library reqwest), end to end. docs/codegen.md's Rust
// recipe runs as printed for both APIs (generate, two `sed`s for upstream bugs, cargo build), then the flow programs
// of flows/rust/ (a binary crate that depends on both generated crates) run against the sandbox: every step of
// FLOW_STEPS must be reported, in order, and exit 0. One cargo target folder inside the run serves all three crates,
// so reqwest, tokio and serde compile once.
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FLOW_STEPS, runFlow, useFlowSandbox } from "./flows.ts";
import { codeLines, recipe, substitute } from "./recipe.ts";
import { APIS, bundle, ENV, mustRun, ROOT, TOOLS, workDir, type ApiName } from "./support.ts";

const dir = workDir("flow-rust");
const FLOWS = join(ROOT, "test", "downstream", "flows", "rust");
const RUST = recipe("Rust");
const env = { ...ENV, CARGO_TARGET_DIR: join(dir, "target"), CARGO_TERM_COLOR: "never" };

const flowSandbox = useFlowSandbox(dir);

/** Run a recipe command as printed (through sh), from the folder that holds the generator's jar. */
const sh = (command: string, vars: Record<string, string>) =>
  mustRun("sh", ["-c", substitute(command, vars)], { cwd: TOOLS.jars("openapi-generator"), env, timeoutMs: 900_000 });

/** Where the generated Rust code names a type `models::models::X`: `<file>: <parameter>: <type>`. */
function doubledModels(out: string): string[] {
  const apis = join(out, "src", "apis");
  return readdirSync(apis).flatMap((file) =>
    [...readFileSync(join(apis, file), "utf8").matchAll(/(\w+): (models::models::\w+)/g)].map((m) => `${file}: ${m[1]}: ${m[2]}`),
  );
}

/** Models whose enum serde tags with the discriminator its members also require (upstream #22344). */
function taggedEnums(out: string): string[] {
  const models = join(out, "src", "models");
  return readdirSync(models).filter((f) => /#\[serde\(tag = /.test(readFileSync(join(models, f), "utf8")));
}

/** Models written as a struct with no field (a union of scalars was, before P132): none may hold nothing. */
function emptyStructs(out: string): string[] {
  const models = join(out, "src", "models");
  return readdirSync(models).filter((f) => /pub struct \w+ \{\s*\}/.test(readFileSync(join(models, f), "utf8")));
}

let built: Promise<void> | undefined;
const printed: Partial<Record<ApiName, string>> = {};

/** The recipe for both APIs (one at a time: cargo uses both cores), then the flow crate beside them. */
function build(): Promise<void> {
  return (built ??= (async () => {
    const [generate, fix, untag, compile, ...rest] = RUST.commands;
    expect(rest).toEqual([]);
    expect(fix).toMatch(/^sed /);
    expect(untag).toMatch(/^sed /);
    for (const api of APIS) {
      const out = join(dir, api);
      const vars = { in: bundle(api, "3.0"), out, api };
      printed[api] = await sh(generate!, vars);
      // The upstream bug the `sed` line works around: exactly QuickStream's multipart enum field, and nothing else.
      expect(doubledModels(out), api).toEqual(api === "quickstream" ? ["payment_files_api.rs: format: models::models::PaymentFileFormat"] : []);
      await sh(fix!, vars);
      expect(doubledModels(out), api).toEqual([]);
      // The upstream bug the second `sed` works around: the discriminated unions (every one of them is read or sent
      // by a flow: single-use tokens and transactions, PaymentsPlus recipient accounts), then none.
      expect(taggedEnums(out), api).toEqual(expect.arrayContaining(api === "quickstream" ? ["single_use_token.rs", "transaction_request.rs"] : ["recipient_account.rs"]));
      await sh(untag!, vars);
      expect(taggedEnums(out), api).toEqual([]);
      await sh(compile!, vars);
      expect(existsSync(join(dir, "target", "debug", `lib${api}.rlib`)), api).toBe(true);
    }
    cpSync(FLOWS, join(dir, "flows"), { recursive: true });
    await mustRun("cargo", ["build", "--manifest-path", join(dir, "flows", "Cargo.toml")], { cwd: dir, env, timeoutMs: 900_000 });
  })());
}

describe("Rust: openapi-generator rust (3.0.3 variant), end to end", () => {
  it("the recipe's set-up code is what the flow programs use", () => {
    expect(RUST.blocks.rust).toHaveLength(1);
    for (const api of APIS) {
      const source = readFileSync(join(FLOWS, `${api}.rs`), "utf8");
      for (const line of codeLines(RUST.blocks.rust![0]!)) expect(source, `${api}.rs`).toContain(line);
    }
  });

  it("generates both crates, which cargo builds with the flow programs; no model is an empty struct", async () => {
    await build();
    for (const api of APIS) {
      expect(printed[api], api).not.toMatch(/\bERROR\b/);
      expect(emptyStructs(join(dir, api)), api).toEqual([]);
    }
  }, 1_800_000);

  it.concurrent.each(APIS)("runs the %s flow against the sandbox", async (api: ApiName) => {
    await build();
    const result = await runFlow(flowSandbox.current, `rust-${api}`, join(dir, "target", "debug", `${api}-flow`), [], { cwd: dir, env, timeoutMs: 120_000 });
    expect(result.steps, result.output).toEqual([...FLOW_STEPS[api]]);
    expect(result.status, result.output).toBe(0);
  }, 1_800_000);
});
