#!/usr/bin/env node
// `npm run setup`: everything a new machine needs for `npm run build` and `npm test`, then the build.
// Plain Node with no dependencies, because it runs before anything is installed.
//
//   1. npm packages from package-lock.json (`npm ci`, scripts off: the build below does what `prepare` would).
//   2. Chromium for the docs test: Debian's `chromium` when none is found (apt-get as root), else a clear message.
//   3. Pinned tools, one folder each under tools/ (see tools/README.md), installed into git-ignored folders:
//      package.json -> `npm ci` there; requirements.txt -> a Python venv in .tools/venv/<name>;
//      go.mod -> `go build` of its tool directives into .tools/bin; pom.xml -> jars into .tools/jars/<name>.
//   4. `npm run build`.
//
// Options: --skip-build, --only-tools (steps 3 only), --tool NAME (one tool folder; repeatable).
import { spawnSync } from "node:child_process";
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

/** Install one tools/<name>/ folder, recognised by the file that pins it. */
function installTool(name) {
  const dir = join(TOOLS, name);
  if (existsSync(join(dir, "package.json"))) {
    // A tool may need a newer Node than the one running set-up (Miniflare runs on tools/node's Node 24): the tests
    // start each tool with the runtime it needs, so its engines field is not checked against this one.
    run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--engine-strict=false"], { cwd: dir });
  } else if (existsSync(join(dir, "requirements.txt"))) {
    const venv = join(INSTALLED, "venv", name);
    if (!existsSync(join(venv, "bin", "python"))) run(which("python3") ?? "python3", ["-m", "venv", venv]);
    run(join(venv, "bin", "python"), ["-m", "pip", "install", "-q", "--require-virtualenv", "-r", join(dir, "requirements.txt")]);
  } else if (existsSync(join(dir, "go.mod"))) {
    if (!which("go")) fail(`tools/${name} needs Go (https://go.dev/doc/install)`);
    const bin = join(INSTALLED, "bin");
    mkdirSync(bin, { recursive: true });
    // Every `tool` directive of go.mod, built at the versions go.sum pins.
    const tools = [...readFileSync(join(dir, "go.mod"), "utf8").matchAll(/^\s*tool\s+(\S+)/gm)].map((m) => m[1]);
    if (!tools.length) fail(`tools/${name}/go.mod declares no tool directive`);
    for (const pkg of tools) run("go", ["build", "-o", join(bin, pkg.split("/").filter((p) => !/^v\d+$/.test(p)).pop()), pkg], { cwd: dir });
  } else if (existsSync(join(dir, "pom.xml"))) {
    if (!which("mvn")) fail(`tools/${name} needs Maven and a JDK 17+`);
    const out = join(INSTALLED, "jars", name);
    run("mvn", ["-q", "-B", "-f", join(dir, "pom.xml"), "dependency:copy-dependencies", `-DoutputDirectory=${out}`, "-DincludeScope=runtime"]);
  } else {
    return false;
  }
  return true;
}

function installTools() {
  if (!existsSync(TOOLS)) return;
  const names = readdirSync(TOOLS, { withFileTypes: true })
    .filter((e) => e.isDirectory() && (!only.length || only.includes(e.name)))
    .map((e) => e.name)
    .sort();
  for (const name of only) if (!names.includes(name)) fail(`no tools/${name}/ folder`);
  for (const name of names) {
    const started = Date.now();
    if (installTool(name)) say(`tools/${name}: installed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  mkdirSync(INSTALLED, { recursive: true });
  writeFileSync(join(INSTALLED, ".installed"), `${new Date().toISOString()}\n`);
}

checkNode();
if (args.includes("--only-tools") || only.length) {
  installTools();
} else {
  say("npm packages from package-lock.json");
  run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"]);
  ensureChromium();
  installTools();
  if (!args.includes("--skip-build")) {
    say("build");
    run("npm", ["run", "build"]);
  }
  say("done: run `npm test`");
}
