/*
 * Evidence items: what other features may use of it (its public API). Other features import only
 * this file, never the feature's own modules (checked by apps/web/src/feature-boundaries.test.ts).
 */

export * from "./api";
export * from "./components/add-evidence-dialog";
export * from "./components/asked-of-me";
export * from "./components/evidence-status-badge";
export * from "./evidence-helpers";
