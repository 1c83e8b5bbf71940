// `npm run test:downstream`: the downstream code-generation suite (test/downstream/), apart from `npm test` because it
// may use the package registries (Maven Central, the Go module proxy, PyPI, npm) as a downstream repository would.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/downstream/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    // Two cores: one language at a time; each file runs its own generators two at a time.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
