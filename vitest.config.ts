import { defineConfig } from "vitest/config";

// Tests import workspace packages from their TypeScript sources (the "source" export condition), so a
// test run never depends on a stale build.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "apps/*/src/**/*.test.ts",
      "e2e/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    testTimeout: 30_000,
  },
});
