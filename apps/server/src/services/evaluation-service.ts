import {
  type AuditEvidenceRecord,
  type AuditHistoryRecord,
  type AuditWorkspace,
  auditPendingAt,
  type CalendarDate,
  type CapabilityScoreRecord,
  type CertificationRecord,
  certificationWarnings,
  type DesignationRecord,
  dashboardCharts,
  evaluateReadiness,
  type InputFile,
  type InputWarning,
  mergeUsageSummaries,
  type Program,
  type ProgramSelection,
  type ReadinessInputs,
  type UsageSummary,
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
  held?: HeldUsage,
): Promise<ReadinessInputs> {
  return (await loadWorkspaceInputs(db, program, orgId, held)).inputs;
}

/**
 * The evaluation inputs, as `loadReadinessInputs` reads them, and the usage summaries in effect by month
 * they were merged from (the AI Platform's summaries, read once for both: an import compares the months
 * it replaces with them). `usageByMonth` is undefined for a program with performance sub-rules, whose
 * inputs are made of its own sums.
 */
export async function loadReadinessState(
  db: Database | Sql,
  program: Program,
  orgId: string,
  held?: HeldUsage,
): Promise<{ inputs: ReadinessInputs; usageByMonth: ReadonlyMap<string, UsageSummary> | undefined }> {
  const { inputs, usageByMonth } = await loadWorkspaceInputs(db, program, orgId, held);
  return { inputs, usageByMonth };
}

/**
 * The usage summaries of one import the caller holds already, by month (an import being committed, in
 * its transaction): they are not read back from the database, which would bring the same summaries
 * through megabytes of JSON.
 */
export interface HeldUsage {
  readonly importId: string;
  readonly months: ReadonlyMap<string, UsageSummary>;
  /**
   * Every month in effect after the held import, each with its summary (the held import's, and those in
   * effect before it), and their merge in month order: what the evaluation would read and merge, made
   * by a caller that holds all of them (an import's commit, while the database writes its months). The
   * caller vouches that the summaries of the months it did not import are those in effect (read at the
   * organization's data version it holds under the organization's lock). Used for the AI Platform's
   * summaries only: the months in effect are then read without their summaries, and when they are
   * exactly `months`, in that order, this is taken; otherwise they are read again with their
   * summaries, which are merged as usual.
   */
  readonly merged?:
    | {
        readonly months: readonly string[];
        readonly byMonth: ReadonlyMap<string, UsageSummary>;
        readonly usage: UsageSummary;
      }
    | undefined;
}

/** The evaluation inputs, and the audit workspace they were read with (for what is pending review). */
async function loadWorkspaceInputs(
  db: Database | Sql,
  program: Program,
  orgId: string,
  held?: HeldUsage,
): Promise<{
  inputs: ReadinessInputs;
  workspace: AuditWorkspace;
  usageByMonth: ReadonlyMap<string, UsageSummary> | undefined;
}> {
  const r = repositories(db);
  // A program with performance sub-rules reads the sums its filters made at import time, kept beside
  // the AI Platform's per-month summaries; a month imported before they were kept has none.
  const subRules = program.performance.rules !== undefined;
  // A caller holding every summary in effect, merged (an import's commit): the months are read without
  // theirs, to check that they are the ones it merged.
  const merged = subRules ? undefined : held?.merged;
  const readMonths = (summaries: boolean) =>
    subRules
      ? r.imports.effectiveUsageProgramMonths(orgId, program.id)
      : r.imports.effectiveUsageMonths(orgId, { summariesNotOf: held?.importId, summaries });
  let [usageMonths, records, workspace] = await Promise.all([
    readMonths(merged === undefined),
    r.imports.effectiveRecords(orgId, ["certifications", "capability-score", "designation"]),
    loadAuditWorkspace(db, orgId),
  ]);
  const mergedFits =
    merged !== undefined &&
    merged.months.length === usageMonths.length &&
    usageMonths.every((m, k) => m.month === merged.months[k]);
  // Not the months merged (never while the caller holds the organization's lock): read with theirs.
  if (merged !== undefined && !mergedFits) usageMonths = await readMonths(true);
  const heldSummary = (m: { month: string; importId: string }) =>
    m.importId === held?.importId ? held.months.get(m.month) : undefined;
  const months = mergedFits
    ? usageMonths
    : usageMonths.filter((m) => m.summary !== null || heldSummary(m) !== undefined);
  const usageMissingMonths = usageMonths
    .filter((m) => !mergedFits && m.summary === null && heldSummary(m) === undefined)
    .map((m) => m.month);
  const files: InputFile[] = [];
  const warnings: InputWarning[] = [];
  let usage: ReadinessInputs["usage"];
  if (usageMissingMonths.length > 0)
    warnings.push({
      code: "usage.reimport-needed",
      file: [...new Set(usageMonths.filter((m) => m.summary === null).map((m) => m.fileName))].join(", "),
      message: `the usage of ${usageMissingMonths.join(", ")} was imported before ${program.name} was pursued: its sub-rule figures were not kept; import the usage again`,
      count: usageMissingMonths.length,
    });
  // Parsed only when not merged already (the caller holds them).
  const summaries = mergedFits
    ? []
    : months.map((m) => heldSummary(m) ?? usageSummaryFromJson(m.summary as UsageSummaryJson));
  if (months.length > 0) {
    usage = mergedFits ? merged.usage : mergeUsageSummaries(summaries);
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
      ...(usageMissingMonths.length > 0 ? { usageMissingMonths } : {}),
    },
    workspace,
    usageByMonth: subRules
      ? undefined
      : mergedFits
        ? merged.byMonth
        : new Map(months.map((m, k) => [m.month, summaries[k] as UsageSummary])),
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
  specialization?: string,
): Promise<Readiness> {
  const db = ctx.db;
  const key = `${org.id}|${org.dataVersion}|${asOf}${specialization === undefined ? "" : `|${specialization}`}`;
  return ctx.evaluations.get(key, async () => {
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
