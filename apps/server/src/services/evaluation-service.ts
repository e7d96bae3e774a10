import { gzipSync } from "node:zlib";
import {
  type AuditEvidenceRecord,
  type AuditHistoryRecord,
  type AuditPendingFigures,
  type AuditWorkspace,
  auditPendingAt,
  type CalendarDate,
  type CapabilityScoreRecord,
  type CertificationRecord,
  certificationWarnings,
  type DashboardCharts,
  type DesignationRecord,
  dashboardCharts,
  type Evaluation,
  evaluateReadiness,
  type InputFile,
  type InputWarning,
  mergeUsageSummaries,
  type Program,
  type ProgramSelection,
  type ReadinessInputs,
  type UsageSummaryJson,
  usageSummaryFromJson,
  usageWarnings,
  WORKSPACE_EVIDENCE_FILE,
  workspaceAuditEvidence,
} from "@specready/core";
import { type Database, repositories, type Sql } from "@specready/db";
import { loadAuditWorkspace } from "./audit-workspace-service.js";
import { workspaceScore } from "./capability-score/workspace-score.js";
import { workspaceCertifications } from "./people/workspace-certifications.js";

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
  const recordsOf = <T>(kind: "designation"): T[] | undefined => {
    const found = records.get(kind);
    if (found === undefined) return undefined;
    files.push({ kind, file: found.importRow.fileName, rows: found.importRow.rows });
    warnings.push(...(found.importRow.warnings as InputWarning[]));
    return found.records as T[];
  };
  // Certified people and the capability score are the workspace's records (forms and imports write
  // them); read as the latest import's rows while nothing was changed since (services/people).
  // One after the other: inside an import's transaction `db` is one connection.
  const people = await workspaceCertifications(db, orgId, records.get("certifications"));
  const score = await workspaceScore(db, program, orgId, records.get("capability-score"));
  let certifications: CertificationRecord[] | undefined;
  if (people !== undefined) {
    certifications = people.records;
    files.push({ kind: "certifications", file: people.file, rows: people.rows });
    const stored = (people.intactImport?.warnings ?? []) as InputWarning[];
    warnings.push(
      ...stored.filter((w) => w.code !== "certifications.other"),
      ...certificationWarnings(program, people.file, people.records),
    );
  }
  let capabilityScore: CapabilityScoreRecord[] | undefined;
  if (score !== undefined) {
    capabilityScore = [...score.records];
    files.push({ kind: "capability-score", file: score.file, rows: score.rows });
    warnings.push(...((score.intactImport?.warnings ?? []) as InputWarning[]));
  }
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
 * A JSON body encoded once per cached entry: the UTF-8 bytes, and gzip made on first demand. A partner
 * with thousands of customers has an evaluation of megabytes (every customer's months are the records
 * behind the figure); encoding it per request would cost more than computing it once.
 */
export class EncodedJson {
  readonly bytes: Uint8Array;
  private gzipped: Uint8Array | undefined;

  constructor(text: string) {
    this.bytes = Buffer.from(text, "utf8");
  }

  get gzip(): Uint8Array {
    this.gzipped ??= gzipSync(this.bytes, { level: 6 });
    return this.gzipped;
  }
}

export interface Readiness {
  readonly evaluation: Evaluation;
  readonly charts: DashboardCharts;
  /** Evidence pending review beside the audit's approved figures; null without an evidence register. */
  readonly auditPending: AuditPendingFigures | null;
  /** The evaluation as JSON, encoded once per cached entry. */
  readonly evaluationJson: EncodedJson;
  /** `{evaluation, charts, auditPending}` as JSON. */
  readonly dashboardJson: EncodedJson;
}

/**
 * Evaluations by organization, data version and as-of date. Every import, undo or change of the program
 * settings bumps the organization's data version, so an entry is never stale; old versions age out.
 */
export class EvaluationCache {
  private readonly entries = new Map<string, Promise<Readiness>>();

  constructor(private readonly capacity: number) {}

  /**
   * The readiness of an organization on a date, with the program version `select` chooses. The choice
   * depends on the organization's settings, whose every change bumps its data version: a cached entry
   * is found without asking for it again.
   */
  get(
    db: Database,
    org: { id: string; dataVersion: number },
    asOf: CalendarDate,
    select: () => Promise<ProgramSelection>,
  ): Promise<Readiness> {
    const key = `${org.id}|${org.dataVersion}|${asOf}`;
    let entry = this.entries.get(key);
    if (entry !== undefined) {
      // Most recently used last, so the oldest entry is the first to go.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry;
    }
    entry = (async () => {
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
    })();
    entry.catch(() => this.entries.delete(key));
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}
