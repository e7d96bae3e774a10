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

/**
 * A version of an item's content: a file's revision, or (for a link or a note, which have no revisions)
 * its address or text, each known by its SHA-256.
 */
export interface EvidenceVersion {
  /** The file's revision number; null for a link or a note. */
  readonly revision: number | null;
  /** Lowercase hex SHA-256: of the revision's bytes, or of the address or text as UTF-8. */
  readonly sha256: string;
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
  /** The content as it is now; null for a file without a revision. */
  readonly current: EvidenceVersion | null;
  /** The content the reviewer approved, while the item is approved; null otherwise. */
  readonly approved: EvidenceVersion | null;
}

/**
 * How evidence is counted: `approved` — only approved evidence, what the audit is measured on; or, as a
 * clearly labelled what-if, `if_all_approved` — every item as if what is pending review were approved.
 */
export type EvidenceCounting = "approved" | "if_all_approved";

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

/**
 * Whether an item counts for the audit: it is approved, and the approval is for its content as it is
 * now (the same revision with the same SHA-256, or the same address or text). A draft, an item waiting
 * for review or sent back, and an item whose content changed since it was approved do not count.
 */
export function evidenceItemCounts(
  item: Pick<WorkspaceEvidenceItem, "status" | "current" | "approved">,
): boolean {
  const { approved, current } = item;
  return (
    item.status === "approved" &&
    approved !== null &&
    current !== null &&
    approved.revision === current.revision &&
    approved.sha256 === current.sha256
  );
}

/**
 * Whether an item counts under a way of counting: approved evidence only, or in the what-if every item
 * with content (a file without a revision never counts).
 */
export function countsUnder(item: WorkspaceEvidenceItem, counting: EvidenceCounting): boolean {
  return counting === "approved" ? evidenceItemCounts(item) : item.current !== null;
}

/** The evidence items linked to a control and a project, in title order (ties by id), counting or not. */
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
 * project with at least the control's minimum of counting evidence items, one row per counting item
 * (title order), dated by the project's completion. Only approved evidence counts (`evidenceItemCounts`),
 * unless `counting` asks for the what-if in which everything pending review is approved. A control that
 * asks for a practice specialty has no rows until one is chosen. The rules then count customers exactly
 * as `specready check` does on an audit-evidence file, so the dashboard, the binder's `check-data/` and
 * the CLI agree; imported rows follow unchanged.
 */
export function workspaceAuditEvidence(
  program: Program,
  workspace: AuditWorkspace,
  counting: EvidenceCounting = "approved",
): AuditEvidenceRecord[] {
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
      const items = itemsFor(workspace, control.id, project.id).filter((i) => countsUnder(i, counting));
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
