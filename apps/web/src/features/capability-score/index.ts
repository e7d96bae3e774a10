/*
 * Capability score: what other features may use of it (its public API).
 */

export { useCapabilityScore } from "./api";
export { ScoreHistoryChart } from "./components/score-history-chart";
