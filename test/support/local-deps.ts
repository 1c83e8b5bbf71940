// Installing the packed package without the registry and without npm's cache: every package it needs, taken from
// this repository's own node_modules (the versions package-lock.json pins), packed into tarballs beside it. npm then
// resolves each dependency edge to a tarball given on the command line, so it needs no registry metadata, which a
// fresh machine's cache never has (`npm ci` stores tarballs only).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

type LockEntry = { version?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };

/** The lockfile keys (`node_modules/a/node_modules/b`) of `names` and everything they depend on, as Node resolves them. */
export function dependencyClosure(root: string, names: string[]): string[] {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const seen = new Set<string>();
  const visit = (name: string, from: string) => {
    // Look in from/node_modules, then in each enclosing node_modules, as require() does.
    for (let base = from; ; ) {
      const key = `${base ? `${base}/` : ""}node_modules/${name}`;
      const entry = lock.packages[key];
      if (entry) {
        if (seen.has(key)) return;
        seen.add(key);
        for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(dep, key);
        return;
      }
      if (!base) throw new Error(`package-lock.json has no ${name} reachable from ${from || "the root"}`);
      const cut = base.lastIndexOf("/node_modules/");
      base = cut < 0 ? "" : base.slice(0, cut);
    }
  };
  for (const name of names) visit(name, "");
  return [...seen].sort();
}

/** Pack each installed package of the closure into `dir`; returns the tarball paths. */
export function packInstalled(root: string, keys: string[], dir: string, env: NodeJS.ProcessEnv): string[] {
  return keys.map((key) => {
    const result = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir, join(root, key)], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`npm pack ${key} failed:\n${result.stderr}`);
    const [info] = JSON.parse(result.stdout) as { filename: string }[];
    return join(dir, info!.filename);
  });
}
