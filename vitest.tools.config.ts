// `npm run test:tools`: the tests that use tools beyond Node.js and npm packages (test/tools/): oasdiff (Go), the
// Python validators and schemathesis, and the other JavaScript runtimes. `npm run test:tools` installs them first
// (scripts/setup.mjs --for test:tools). No network: every server they start listens on 127.0.0.1.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/tools/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
