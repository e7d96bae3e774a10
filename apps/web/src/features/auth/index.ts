/*
 * Signing in, the session and roles in words: what other features may use of it (its public API). Other features import only
 * this file, never the feature's own modules (checked by apps/web/src/feature-boundaries.test.ts).
 */

export * from "./api";
export * from "./components/first-page-of";
export * from "./roles";
