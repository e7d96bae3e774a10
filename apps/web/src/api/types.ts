import type { Schemas } from "./client";

/*
 * The API's types that several features show, as the OpenAPI document (schema.gen.ts) gives them: the
 * app writes none of them by hand.
 */

export type InputWarning = Schemas["InputWarning"];
export type Problem = Schemas["Problem"];
export type Role = Schemas["Role"];
export type RequirementStatus = Schemas["RequirementStatus"];
export type Evaluation = Schemas["Evaluation"];
export type RequirementResult = Schemas["RequirementResult"];
export type ChangeEvent = Schemas["ChangeEvent"];
export type VersionsUsed = Schemas["VersionsUsed"];
export type ChecklistUse = Schemas["ChecklistUse"];
export type AuditPendingFigures = Schemas["AuditPendingFigures"];
export type ImportImpact = Schemas["ImportImpact"];
export type ImpactMeasure = ImportImpact["measures"][number];
export type ReadinessChange = Schemas["ReadinessChange"];
export type AuditReadiness = Schemas["AuditReadiness"];
export type ControlReadiness = Schemas["ControlReadiness"];
export type CustomerReadiness = ControlReadiness["customers"][number];
export type ProjectReadiness = Schemas["ProjectReadiness"];
