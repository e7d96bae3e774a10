/*
 * The planner: what other features may use of it (its public API).
 */

export { ActivePlanCard } from "./components/active-plan-card";
