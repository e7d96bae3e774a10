/*
 * Members and invitations: what other features may use of it (its public API). Other features import only
 * this file, never the feature's own modules (checked by apps/web/src/feature-boundaries.test.ts).
 */

export * from "./api";
export { InvitationCreated } from "./components/invitation-created";
