#!/usr/bin/env node
// `npm run setup`: what a new machine needs for `npm run build` and `npm test`, then the build; other commands install
// the tools they need themselves. Plain Node with no dependencies, because it runs before anything is installed.
//
//   1. npm packages from package-lock.json (`npm ci`, scripts off: the build below does what `prepare` would).
//   2. Chromium for the docs test: Debian's `chromium` when none is found (apt-get as root), else a clear message.
//   3. The tools/ folders that `npm test` needs (tools/needed-by.json says which command needs which folder).
//   4. `npm run build`.
//
// Options:
//   --all            also every other tools/ folder (Go, Java, Python and the other JavaScript runtimes)
//   --for COMMAND    only the tools/ folders COMMAND needs that are missing or whose pins changed; no npm ci, no build.
//                    test:downstream, test:tools, test:node and check:breaking run this first.
//   --tool NAME      one tools/ folder, installed again (repeatable)
//   --skip-build
//
// A tools/ folder is recognised by the file that pins it (tools/README.md): package.json -> `npm ci` there;
// requirements.txt -> a Python venv in .tools/venv/<name>; go.mod -> `go build` of its tool directives into .tools/bin;
// pom.xml -> jars into .tools/jars/<name>. .tools/stamps/<name> records the pins it was installed from.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = join(ROOT, "tools");
const INSTALLED = join(ROOT, ".tools");
const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === "--tool" ? [args[i + 1]] : []));
const QUIET = {
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  DO_NOT_TRACK: "1",
  SCARF_ANALYTICS: "false",
  NO_UPDATE_NOTIFIER: "1",
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
  GOTOOLCHAIN: "local",
  GOFLAGS: "-modcacherw",
  PIP_DISABLE_PIP_VERSION_CHECK: "1",
};

const say = (msg) => console.log(`[setup] ${msg}`);
function fail(msg) {
  console.error(`[setup] error: ${msg}`);
  process.exit(1);
}
function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, env: QUIET, stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (r.error) fail(`${cmd} could not be started: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${argv.join(" ")} failed (exit ${r.status ?? r.signal})`);
}
function which(cmd) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  return undefined;
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  const ok = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major === 24;
  if (!ok) fail(`Node ${process.versions.node} is not supported: use Node 20.19+, 22.12+ or 24 (package.json engines)`);
}

/** The Chromium the docs test drives: CHROMIUM_PATH, or Debian's package at /usr/bin/chromium. */
function ensureChromium() {
  const wanted = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(wanted)) return say(`chromium: ${wanted}`);
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !which("apt-get")) {
    fail(
      `no Chromium at ${wanted}. Install Debian's package (sudo apt-get install -y chromium), ` +
        `or point CHROMIUM_PATH at a Chromium binary; the docs test needs it. Never a downloaded browser build.`,
    );
  }
  say("chromium: installing Debian's package with apt-get");
  const env = { ...QUIET, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { env });
  if (!existsSync(wanted)) fail(`apt-get installed chromium but ${wanted} is still missing`);
}

/** What the folder's pins are, as one hash: a changed pin means the folder is installed again. */
function pinsOf(name) {
  const dir = join(TOOLS, name);
  const hash = createHash("sha256");
  for (const file of readdirSync(dir).sort()) if (PIN_FILES.includes(file)) hash.update(`${file}\n`).update(readFileSync(join(dir, file)));
  return hash.digest("hex");
}
const PIN_FILES = ["package.json", "package-lock.json", "requirements.txt", "go.mod", "go.sum", "pom.xml"];
const stampOf = (name) => join(INSTALLED, "stamps", name);
const installed = (name) => existsSync(stampOf(name)) && readFileSync(stampOf(name), "utf8") === pinsOf(name);

/** Install one tools/<name>/ folder, recognised by the file that pins it; `command` names who needs it (messages). */
function installTool(name, command) {
  const dir = join(TOOLS, name);
  const needs = (what, how) => fail(`tools/${name}${command ? `, which \`npm run ${command}\` needs,` : ""} needs ${what}: ${how}`);
  if (existsSync(join(dir, "package.json"))) {
    // A tool may need a newer Node than the one running set-up (Miniflare runs on tools/node's Node 24): the tests
    // start each tool with the runtime it needs, so its engines field is not checked against this one.
    run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--engine-strict=false"], { cwd: dir });
  } else if (existsSync(join(dir, "requirements.txt"))) {
    const python = which("python3");
    if (!python) needs("Python 3.10+ with venv", "install it (Debian: apt-get install python3-venv)");
    const venv = join(INSTALLED, "venv", name);
    if (!existsSync(join(venv, "bin", "python"))) run(python, ["-m", "venv", venv]);
    run(join(venv, "bin", "python"), ["-m", "pip", "install", "-q", "--require-virtualenv", "-r", join(dir, "requirements.txt")]);
  } else if (existsSync(join(dir, "go.mod"))) {
    if (!which("go")) needs("Go", "install it (https://go.dev/doc/install)");
    const bin = join(INSTALLED, "bin");
    mkdirSync(bin, { recursive: true });
    // Every `tool` directive of go.mod, built at the versions go.sum pins.
    const tools = [...readFileSync(join(dir, "go.mod"), "utf8").matchAll(/^\s*tool\s+(\S+)/gm)].map((m) => m[1]);
    if (!tools.length) fail(`tools/${name}/go.mod declares no tool directive`);
    for (const pkg of tools) run("go", ["build", "-o", join(bin, pkg.split("/").filter((p) => !/^v\d+$/.test(p)).pop()), pkg], { cwd: dir });
  } else if (existsSync(join(dir, "pom.xml"))) {
    if (!which("mvn") || !which("java")) needs("Maven and a JDK 17+", "install them (Debian: apt-get install maven openjdk-17-jdk-headless)");
    const out = join(INSTALLED, "jars", name);
    run("mvn", ["-q", "-B", "-f", join(dir, "pom.xml"), "dependency:copy-dependencies", `-DoutputDirectory=${out}`, "-DincludeScope=runtime"]);
  } else {
    return false;
  }
  mkdirSync(dirname(stampOf(name)), { recursive: true });
  writeFileSync(stampOf(name), pinsOf(name));
  return true;
}

/** tools/needed-by.json: folder -> the commands that need it. Every folder must be listed, so none is forgotten. */
function neededBy() {
  const map = JSON.parse(readFileSync(join(TOOLS, "needed-by.json"), "utf8"));
  const folders = readdirSync(TOOLS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const unlisted = folders.filter((f) => !map[f]);
  if (unlisted.length) fail(`tools/needed-by.json does not say which command needs ${unlisted.map((f) => `tools/${f}`).join(", ")}`);
  const stale = Object.keys(map).filter((k) => !k.startsWith("$") && !folders.includes(k));
  if (stale.length) fail(`tools/needed-by.json names folders that do not exist: ${stale.join(", ")}`);
  return Object.fromEntries(folders.map((f) => [f, map[f]]));
}

/** Install `names` (those missing or with changed pins, unless `force`), saying what each took. */
function installTools(names, { command, force = false } = {}) {
  const done = [];
  for (const name of names) {
    if (!existsSync(join(TOOLS, name))) fail(`no tools/${name}/ folder`);
    if (!force && installed(name)) continue;
    const started = Date.now();
    say(`tools/${name}: installing${command ? ` (needed by \`npm run ${command}\`)` : ""}`);
    if (installTool(name, command)) done.push(`tools/${name} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  return done;
}

checkNode();
const valueOf = (flag) => {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1] ?? fail(`${flag} needs a value`);
};
const forCommand = valueOf("--for");
const map = neededBy();
if (forCommand) {
  const names = Object.keys(map).filter((n) => map[n].includes(forCommand));
  if (!names.length) fail(`no tools/ folder is needed by ${forCommand} (tools/needed-by.json)`);
  installTools(names, { command: forCommand });
} else if (only.length) {
  const done = installTools(only, { force: true });
  say(`installed ${done.join(", ") || "nothing"}`);
} else {
  say("npm packages from package-lock.json");
  run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"]);
  ensureChromium();
  const wanted = Object.keys(map).filter((n) => args.includes("--all") || map[n].includes("test"));
  const done = installTools(wanted);
  if (!args.includes("--skip-build")) {
    say("build");
    run("npm", ["run", "build"]);
  }
  const later = Object.keys(map).filter((n) => !wanted.includes(n));
  say(`done: npm packages, Chromium, ${done.length ? done.join(", ") : "no tool to install"}${args.includes("--skip-build") ? "" : ", the build"}. Run \`npm test\`.`);
  if (later.length) {
    const commands = [...new Set(later.flatMap((n) => map[n]))].sort();
    say(`not installed: ${later.map((n) => `tools/${n}`).join(", ")}; ${commands.map((c) => `\`npm run ${c}\``).join(", ")} install what they need the first time (or \`npm run setup -- --all\`)`);
  }
}
