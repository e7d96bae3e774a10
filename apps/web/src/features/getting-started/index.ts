/*
 * Getting started: what other features may use of it (its public API).
 */

export { useGettingStarted } from "./api";
export { GettingStartedChecklist } from "./components/getting-started-checklist";
