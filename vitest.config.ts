import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // CLI tests spawn the built binary; keep workers to the two cores CI has.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
