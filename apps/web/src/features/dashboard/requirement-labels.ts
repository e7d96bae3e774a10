import type { RequirementStatus } from "../../api/types";

/** Short names of the four requirements, for timelines and chips. */
export const REQUIREMENT_SHORT_NAMES: Readonly<Record<string, string>> = {
  designation: "Designation",
  performance: "Performance",
  knowledge: "Knowledge",
  audit: "Audit",
};

export function requirementShortName(id: string): string {
  return REQUIREMENT_SHORT_NAMES[id] ?? id;
}

export const STATUS_LABELS: Readonly<Record<RequirementStatus, string>> = {
  met: "Met",
  not_met: "Not met",
  no_data: "No data",
  unknown: "Unknown (not in program data — check Partner Center)",
};

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status.replace(/_/g, " ");
}
