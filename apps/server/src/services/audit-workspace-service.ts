import {
  type AuditEvidenceRecord,
  type AuditHistoryRecord,
  type AuditPlanView,
  type AuditReadiness,
  type AuditWorkspace,
  auditPlanView,
  type CalendarDate,
  controlReadiness,
  type EvidenceCounting,
  type EvidenceVersion,
  moduleAWaiverAt,
  type Program,
  todayFrom,
} from "@specready/core";
import { type Database, type EvidenceForReadiness, repositories, type Sql } from "@specready/db";
import type { AppContext } from "./app-context.js";

/** Where the results the auditor records say they come from, in explanations. */
export const RECORDED_RESULTS_FILE = "audit results recorded in specready";

/**
 * The audit history the rules read: the imported audit-history file (if any) followed by the results
 * recorded in the workspace that are not withdrawn (a withdrawn result never counts), oldest first,
 * each with a line number for explanations.
 */
export async function auditHistoryOf(
  sql: Sql,
  orgId: string,
): Promise<{
  history: AuditHistoryRecord[];
  imported: { fileName: string; rows: number } | null;
  recorded: number;
}> {
  const r = repositories(sql);
  const [records, results] = await Promise.all([
    r.imports.effectiveRecords(orgId, ["audit-history"]),
    r.audit.listResults(orgId),
  ]);
  const imported = records.get("audit-history");
  const history: AuditHistoryRecord[] = [...((imported?.records ?? []) as AuditHistoryRecord[])];
  const oldestFirst = results
    .filter((res) => res.withdrawn === null)
    .sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
  oldestFirst.forEach((res, i) => {
    history.push({
      module: res.module,
      result: res.result,
      date: res.date,
      source: { file: RECORDED_RESULTS_FILE, line: i + 2 },
    });
  });
  return {
    history,
    imported:
      imported === undefined
        ? null
        : { fileName: imported.importRow.fileName, rows: imported.importRow.rows },
    recorded: oldestFirst.length,
  };
}

/**
 * An item's content now and the content approved, as the core's rule (`evidenceItemCounts`) compares
 * them: a file by its current revision, a link or a note by the SHA-256 of its address or text.
 */
export function evidenceVersions(
  e: Pick<EvidenceForReadiness, "kind" | "currentRevision" | "contentSha256" | "approval">,
): { current: EvidenceVersion | null; approved: EvidenceVersion | null } {
  return {
    current:
      e.contentSha256 === null
        ? null
        : {
            revision: e.kind === "file" ? (e.currentRevision?.revision ?? null) : null,
            sha256: e.contentSha256,
          },
    approved: e.approval === null ? null : { revision: e.approval.revision, sha256: e.approval.sha256 },
  };
}

/** Everything the audit rules read for an organization, from the database. */
export async function loadAuditWorkspace(
  db: Database | Sql,
  orgId: string,
): Promise<
  AuditWorkspace & {
    /** The evidence rows as read, with links, notes and current revisions (the binder's). */
    evidenceRows: readonly EvidenceForReadiness[];
    importedEvidenceFile: string | null;
    importedHistoryFile: { fileName: string; rows: number } | null;
    hasHistory: boolean;
  }
> {
  const r = repositories(db);
  const [projects, evidence, specialties, records, history] = await Promise.all([
    r.customerProjects.list(orgId),
    r.evidence.forReadiness(orgId),
    r.audit.listSpecialties(orgId),
    r.imports.effectiveRecords(orgId, ["audit-evidence"]),
    auditHistoryOf(db, orgId),
  ]);
  const imported = records.get("audit-evidence");
  return {
    projects: projects.map((p) => ({
      id: p.id,
      customerTenantId: p.customerTenantId,
      customerName: p.customerName,
      project: p.project,
      completionDate: p.completionDate,
    })),
    evidence: evidence.map((e) => ({
      id: e.id,
      title: e.title,
      kind: e.kind,
      artifactType: e.artifactType,
      projectId: e.projectId,
      controls: e.controls,
      status: e.status,
      ...evidenceVersions(e),
    })),
    specialties: Object.fromEntries(specialties.map((s) => [s.controlId, s.specialty])),
    importedEvidence: imported === undefined ? undefined : (imported.records as AuditEvidenceRecord[]),
    evidenceRows: evidence,
    importedEvidenceFile: imported?.importRow.fileName ?? null,
    history: history.history,
    importedHistoryFile: history.imported,
    hasHistory: history.imported !== null || history.recorded > 0,
  };
}

/** The planned audit date, or today when none is planned. */
export async function readinessDate(
  ctx: AppContext,
  orgId: string,
): Promise<{ date: CalendarDate; planned: boolean }> {
  const plan = await repositories(ctx.db).audit.getPlan(orgId);
  if (plan?.auditDate != null) return { date: plan.auditDate, planned: true };
  return { date: todayFrom(ctx.now()), planned: false };
}

/**
 * Control readiness of an organization on a date (default: the planned audit date, else today), counting
 * approved evidence only, or as the what-if in which everything pending review is approved.
 */
export async function auditReadiness(
  ctx: AppContext,
  orgId: string,
  date?: CalendarDate,
  counting: EvidenceCounting = "approved",
): Promise<AuditReadiness & { planned: boolean }> {
  const measured = date === undefined ? await readinessDate(ctx, orgId) : { date, planned: false };
  const workspace = await loadAuditWorkspace(ctx.db, orgId);
  return {
    ...controlReadiness(ctx.program, workspace, measured.date, todayFrom(ctx.now()), counting),
    planned: measured.planned,
  };
}

/** The audit plan as stored, with its deadlines, checklist versions and fees. */
export async function auditPlan(
  ctx: AppContext,
  orgId: string,
): Promise<AuditPlanView & { updatedBy: string | null; updatedAt: string | null }> {
  const r = repositories(ctx.db);
  const [plan, gapReports, history] = await Promise.all([
    r.audit.getPlan(orgId),
    r.audit.listGapReports(orgId),
    auditHistoryOf(ctx.db, orgId),
  ]);
  const auditDate = plan?.auditDate ?? null;
  // Measured where the readiness is: on the audit date, or today while none is planned (so a plan not
  // saved yet proposes a Module B audit when the readiness page shows Module A waived).
  const waived = moduleAWaiverAt(ctx.program, history.history, auditDate ?? todayFrom(ctx.now())) !== null;
  // The latest gap report issued on or after the audit date belongs to this audit.
  const gap = gapReports.find((g) => auditDate !== null && g.issuedOn >= auditDate);
  const view = auditPlanView(
    ctx.program,
    {
      applicationDate: plan?.applicationDate ?? null,
      auditDate,
      modules: plan?.modules ?? (waived ? "B" : "A+B"),
      gapReportIssuedOn: gap?.issuedOn,
    },
    { moduleAWaived: waived },
  );
  return { ...view, updatedBy: plan?.updatedBy ?? null, updatedAt: plan?.updatedAt ?? null };
}

export type { Program };
