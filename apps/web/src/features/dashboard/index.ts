/*
 * The dashboard: what other features may use of it (its public API).
 */

export { SpecializationsSection } from "./components/specializations-section";
