import {
  type AuditEvidenceRecord,
  type AuditHistoryRecord,
  type AuditWorkspace,
  auditPendingAt,
  type CalendarDate,
  type CapabilityScoreRecord,
  type CertificationRecord,
  type DesignationRecord,
  dashboardCharts,
  evaluateReadiness,
  type InputFile,
  type InputWarning,
  mergeUsageSummaries,
  type Program,
  type ProgramSelection,
  type ReadinessInputs,
  type UsageSummaryJson,
  usageSummaryFromJson,
  WORKSPACE_EVIDENCE_FILE,
  workspaceAuditEvidence,
} from "@specready/core";
import { type Database, repositories, type Sql } from "@specready/db";
import { certificationWarnings, usageWarnings } from "@specready/ingest";
import { loadAuditWorkspace } from "./audit-workspace-service.js";
import type { PromiseCache } from "./promise-cache.js";
import { EncodedJson, type Readiness } from "./readiness.js";

export { EncodedJson, type Readiness } from "./readiness.js";

/**
 * The evaluation inputs of an organization as they are in effect: per month the latest usage import
 * covering it, and for every other kind the latest import. The same `ReadinessInputs` the CLI builds
 * from a folder, so the same rules give the same object.
 */
export async function loadReadinessInputs(
  db: Database | Sql,
  program: Program,
  orgId: string,
): Promise<ReadinessInputs> {
  return (await loadWorkspaceInputs(db, program, orgId)).inputs;
}

/** The evaluation inputs, and the audit workspace they were read with (for what is pending review). */
async function loadWorkspaceInputs(
  db: Database | Sql,
  program: Program,
  orgId: string,
): Promise<{ inputs: ReadinessInputs; workspace: AuditWorkspace }> {
  const r = repositories(db);
  const [months, records, workspace] = await Promise.all([
    r.imports.effectiveUsageMonths(orgId),
    r.imports.effectiveRecords(orgId, ["certifications", "capability-score", "designation"]),
    loadAuditWorkspace(db, orgId),
  ]);
  const files: InputFile[] = [];
  const warnings: InputWarning[] = [];
  let usage: ReadinessInputs["usage"];
  if (months.length > 0) {
    usage = mergeUsageSummaries(months.map((m) => usageSummaryFromJson(m.summary as UsageSummaryJson)));
    const names = [...new Set(months.map((m) => m.fileName))];
    const fileLabel = names.join(", ");
    files.push({ kind: "azure-usage", file: fileLabel, rows: usage.rowCount });
    warnings.push(...usageWarnings(program, fileLabel, usage));
  }
  const recordsOf = <T>(kind: Parameters<typeof records.get>[0]): T[] | undefined => {
    const found = records.get(kind);
    if (found === undefined) return undefined;
    files.push({ kind, file: found.importRow.fileName, rows: found.importRow.rows });
    // Which certifications count depends on the program version used, not the one the file was read with.
    const stored = found.importRow.warnings as InputWarning[];
    warnings.push(
      ...(kind === "certifications"
        ? [
            ...stored.filter((w) => w.code !== "certifications.other"),
            ...certificationWarnings(
              program,
              found.importRow.fileName,
              found.records as CertificationRecord[],
            ),
          ]
        : stored),
    );
    return found.records as T[];
  };
  const certifications = recordsOf<CertificationRecord>("certifications");
  const capabilityScore = recordsOf<CapabilityScoreRecord>("capability-score");
  const designation = recordsOf<DesignationRecord>("designation");
  // The audit reads the evidence register (as the contract's audit-evidence rows, the binder's
  // check-data) plus an imported audit-evidence file, and the imported history plus recorded results.
  let auditEvidence: AuditEvidenceRecord[] | undefined;
  if (workspace.importedEvidence !== undefined || workspace.evidence.length > 0) {
    auditEvidence = workspaceAuditEvidence(program, workspace);
    const derived = auditEvidence.length - (workspace.importedEvidence?.length ?? 0);
    if (workspace.evidence.length > 0)
      files.push({ kind: "audit-evidence", file: WORKSPACE_EVIDENCE_FILE, rows: derived });
    if (workspace.importedEvidenceFile !== null)
      files.push({
        kind: "audit-evidence",
        file: workspace.importedEvidenceFile,
        rows: workspace.importedEvidence?.length ?? 0,
      });
  }
  const auditHistory: AuditHistoryRecord[] | undefined = workspace.hasHistory
    ? [...workspace.history]
    : undefined;
  if (workspace.importedHistoryFile !== null)
    files.push({
      kind: "audit-history",
      file: workspace.importedHistoryFile.fileName,
      rows: workspace.importedHistoryFile.rows,
    });
  return {
    inputs: {
      usage,
      certifications,
      capabilityScore,
      auditEvidence,
      auditHistory,
      designation,
      warnings,
      files,
    },
    workspace,
  };
}

/**
 * The readiness of an organization on a date, with the program version `select` chooses: computed once
 * per organization, data version and date (`ctx.evaluations`). The choice depends on the organization's
 * settings, whose every change bumps its data version: a cached entry is found without asking again.
 */
export function readinessOf(
  ctx: { readonly db: Database; readonly evaluations: PromiseCache<Readiness> },
  org: { id: string; dataVersion: number },
  asOf: CalendarDate,
  select: () => Promise<ProgramSelection>,
): Promise<Readiness> {
  const db = ctx.db;
  return ctx.evaluations.get(`${org.id}|${org.dataVersion}|${asOf}`, async () => {
    const { program, versions } = await select();
    const { inputs, workspace } = await loadWorkspaceInputs(db, program, org.id);
    const evaluation = evaluateReadiness(program, inputs, asOf, { versions });
    const charts = dashboardCharts(program, inputs, evaluation);
    // The evaluation counts approved evidence only (as `specready check` does on the binder's
    // check-data); the dashboard shows what is pending review beside it.
    const auditPending = workspace.evidence.length === 0 ? null : auditPendingAt(program, workspace, asOf);
    const evaluationText = JSON.stringify(evaluation);
    return {
      evaluation,
      charts,
      auditPending,
      evaluationJson: new EncodedJson(evaluationText),
      dashboardJson: new EncodedJson(
        `{"evaluation":${evaluationText},"charts":${JSON.stringify(charts)},"auditPending":${JSON.stringify(auditPending)}}`,
      ),
    };
  });
}
