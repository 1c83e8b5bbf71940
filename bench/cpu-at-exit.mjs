// Preloaded (--import) into each process of validators-cold.bench.ts: print the process's CPU time (ms) at exit.
process.on("exit", () => {
  const used = process.cpuUsage();
  process.stderr.write(`\ncpu-ms ${(used.user + used.system) / 1000}\n`);
});
