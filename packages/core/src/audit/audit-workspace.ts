import type { CalendarDate } from "../calendar/calendar-date.js";
import type { ControlDefinition, Program } from "../program/program-definition.js";
import { programControls } from "../program/program-definition.js";
import type { AuditEvidenceRecord, AuditHistoryRecord } from "../records/input-records.js";

/*
 * The audit workspace as the rules read it: the customer project register, the evidence items linked
 * to controls and projects, the practice specialties chosen, and the audit history. The server loads it
 * from the database; the rules never see files or rows.
 */

export type EvidenceStatus = "draft" | "ready" | "approved" | "changes_requested";
export type EvidenceKind = "file" | "link" | "note";

/** One project of the register. */
export interface WorkspaceProject {
  readonly id: string;
  readonly customerTenantId: string;
  readonly customerName: string | null;
  readonly project: string;
  readonly completionDate: CalendarDate;
}

/** One piece of evidence: a file, a link or a note, for one project, backing one or more controls. */
export interface WorkspaceEvidenceItem {
  readonly id: string;
  readonly title: string;
  readonly kind: EvidenceKind;
  readonly artifactType: string;
  readonly projectId: string;
  readonly controls: readonly string[];
  readonly status: EvidenceStatus;
}

export interface AuditWorkspace {
  readonly projects: readonly WorkspaceProject[];
  readonly evidence: readonly WorkspaceEvidenceItem[];
  /** Control id -> the practice specialty chosen, for the controls that ask for one. */
  readonly specialties: Readonly<Record<string, string>>;
  /** Rows of an imported audit-evidence file, counted as the contract counts them. */
  readonly importedEvidence?: readonly AuditEvidenceRecord[] | undefined;
  readonly history: readonly AuditHistoryRecord[];
}

/** Where the rows derived from the register say they come from (the binder writes this file). */
export const WORKSPACE_EVIDENCE_FILE = "check-data/audit-evidence.csv";

/** The number of evidence items a project needs for a control: its minimum, or one when it sets none. */
export function artifactsNeeded(control: ControlDefinition): number {
  return control.minimumArtifactsPerCustomer ?? 1;
}

/**
 * True when a control asks for a practice specialty and none of its `practiceSpecialties` is chosen
 * (a chosen value the checklist does not offer counts as not chosen).
 */
export function specialtyMissing(control: ControlDefinition, workspace: AuditWorkspace): boolean {
  if (control.practiceSpecialties.length === 0) return false;
  const chosen = workspace.specialties[control.id];
  return chosen === undefined || !control.practiceSpecialties.includes(chosen);
}

/** The evidence items linked to a control and a project, in title order (ties by id). */
export function itemsFor(
  workspace: AuditWorkspace,
  controlId: string,
  projectId: string,
): WorkspaceEvidenceItem[] {
  return workspace.evidence
    .filter((e) => e.projectId === projectId && e.controls.includes(controlId))
    .sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The register as the contract's audit-evidence rows: for each control (checklist order) and each
 * project with at least the control's minimum of evidence items, one row per item (title order), dated
 * by the project's completion. A control that asks for a practice specialty has no rows until one is
 * chosen. The rules then count customers exactly as `specready check` does on an audit-evidence file,
 * so the dashboard, the binder's `check-data/` and the CLI agree; imported rows follow unchanged.
 */
export function workspaceAuditEvidence(program: Program, workspace: AuditWorkspace): AuditEvidenceRecord[] {
  const rows: AuditEvidenceRecord[] = [];
  const projects = [...workspace.projects].sort(
    (a, b) =>
      (a.customerName ?? a.customerTenantId).localeCompare(b.customerName ?? b.customerTenantId) ||
      a.customerTenantId.localeCompare(b.customerTenantId) ||
      a.project.localeCompare(b.project) ||
      (a.id < b.id ? -1 : 1),
  );
  for (const control of programControls(program)) {
    if (specialtyMissing(control, workspace)) continue;
    for (const project of projects) {
      const items = itemsFor(workspace, control.id, project.id);
      if (items.length < artifactsNeeded(control)) continue;
      for (const item of items) {
        rows.push({
          module: control.id.slice(0, 1),
          control: control.id,
          customerTenantId: project.customerTenantId,
          ...(project.customerName === null ? {} : { customerName: project.customerName }),
          deploymentDate: project.completionDate,
          evidence: `${item.title} (${item.artifactType})`,
          // Line numbers as the binder writes the file: the header is line 1.
          source: { file: WORKSPACE_EVIDENCE_FILE, line: rows.length + 2 },
        });
      }
    }
  }
  return [...rows, ...(workspace.importedEvidence ?? [])];
}
