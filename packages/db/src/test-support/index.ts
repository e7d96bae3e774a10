/*
 * What other packages' tests use to run on a real database: `@specready/db/test-support`. Resolved
 * from the sources (the "source" condition the tests run with); not built, not shipped.
 */
export * from "./audit-workspace-builders.js";
export * from "./test-databases.js";
