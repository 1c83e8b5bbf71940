import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The downstream code-generation suite may use the registries: `npm run test:downstream` runs it. Tests that use
    // tools beyond Node.js and npm packages (Go, Python, other runtimes): `npm run test:tools` runs them.
    exclude: ["test/downstream/**", "test/tools/**", "**/node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep at most two test files (and their Prism servers) running at once.
    maxWorkers: 2,
  },
});
