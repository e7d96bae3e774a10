/*
 * The file builders other packages' tests use (hand-made workbooks, hostile files):
 * `@specready/ingest/test-support`. Resolved from the sources (the "source" condition the tests run
 * with); not built, not shipped.
 */
export * from "../inputs/test-support/hostile-files.js";
export * from "../inputs/test-support/usage-csv.js";
export * from "../xlsx/test-support/build-xlsx.js";
