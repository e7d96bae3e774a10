import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Tests import workspace packages from their TypeScript sources (the "source" export condition), so a
// test run never depends on a stale build.
//
// One project per package, so a developer runs the tests of what they changed:
// `npx vitest run --project core`. `npm test` runs every project. The settings above are shared
// (`extends: true`); what depends on the environment stays in the tests themselves: the database
// tests add PostgreSQL to PGlite when TEST_DATABASE_URL is set, the e2e tests start the server and
// a real Chromium.
const project = (name: string, include: string[]): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, include },
});

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    testTimeout: 30_000,
    projects: [
      project("core", ["packages/core/src/**/*.test.ts"]),
      project("ingest", ["packages/ingest/src/**/*.test.ts"]),
      project("db", ["packages/db/src/**/*.test.ts"]),
      project("cli", ["apps/cli/src/**/*.test.ts"]),
      project("server", ["apps/server/src/**/*.test.ts"]),
      project("web", ["apps/web/src/**/*.test.ts"]),
      project("e2e", ["e2e/**/*.test.ts"]),
      project("bench", ["bench/**/*.test.ts"]),
    ],
  },
});
