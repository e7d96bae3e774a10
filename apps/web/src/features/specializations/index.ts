/*
 * The specializations an organization pursues: what other features may use of it (its public API).
 */

export { DEFAULT_SPECIALIZATION, type SpecializationSummary, useSpecializations } from "./api";
export { SpecializationsSection } from "./components/specializations-section";
