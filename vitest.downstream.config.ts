// `npm run test:downstream`: the downstream code-generation suite (test/downstream/), apart from `npm test` because it
// may use the package registries (Maven Central, the Go module proxy, PyPI, npm) as a downstream repository would.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/downstream/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    // Two files at a time: each starts its own sandbox on a free port, and while one waits for a registry or a
    // compiler the other works. Each file runs its own generators at most two at a time.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
