/*
 * The dashboard: what other features may use of it (its public API).
 */

export { DEFAULT_SPECIALIZATION, useSpecializations } from "./api";
export { SpecializationsSection } from "./components/specializations-section";
