/*
 * Your reminders: every member's own switches for the reminder e-mails and the weekly digest of an
 * organization (its public API). Other features import only this file, never the feature's own modules
 * (checked by apps/web/src/feature-boundaries.test.ts).
 */

export * from "./api";
export { MyReminderSwitches } from "./components/my-reminder-switches";
