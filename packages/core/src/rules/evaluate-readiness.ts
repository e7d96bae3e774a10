import { type CalendarDate, compareDates, formatMonth, type YearMonth } from "../calendar/calendar-date.js";
import type { Program } from "../program/program-definition.js";
import { type VersionsUsed, versionsAsGiven } from "../program/program-selection.js";
import type {
  AuditEvidenceRecord,
  AuditHistoryRecord,
  CapabilityScoreRecord,
  CertificationRecord,
  DesignationRecord,
  InputWarning,
} from "../records/input-records.js";
import { evaluateAudit } from "./audit.js";
import { withDataLag } from "./data-lag.js";
import { evaluateDesignation } from "./designation.js";
import type { Evaluation, InputFile, RequirementResult } from "./evaluation-types.js";
import { evaluateKnowledge } from "./knowledge.js";
import { acrWindow, evaluatePerformance } from "./performance.js";
import { listInWords } from "./resources.js";
import type { UsageSummary } from "./usage-summary.js";

/** What the rules read. A member is `undefined` when its file is absent (that requirement has no data). */
export interface ReadinessInputs {
  readonly usage?: UsageSummary | undefined;
  readonly certifications?: readonly CertificationRecord[] | undefined;
  readonly capabilityScore?: readonly CapabilityScoreRecord[] | undefined;
  readonly auditEvidence?: readonly AuditEvidenceRecord[] | undefined;
  readonly auditHistory?: readonly AuditHistoryRecord[] | undefined;
  /** The designation status Partner Center shows; when given, it decides the designation requirement. */
  readonly designation?: readonly DesignationRecord[] | undefined;
  /** What the readers set aside, passed through to the evaluation. */
  readonly warnings?: readonly InputWarning[] | undefined;
  readonly files?: readonly InputFile[] | undefined;
  /**
   * Months of usage in effect whose figures for this program's performance rules were not kept when the
   * file was imported (a workspace keeps the figures of the specializations it pursues at import time):
   * a window touching one is unknown until the usage is imported again, never a silent zero.
   */
  readonly usageMissingMonths?: readonly YearMonth[] | undefined;
}

export interface EvaluationOptions {
  /**
   * The versions chosen for the date (`selectProgram`), reported with the evaluation; without it the
   * program is reported as given.
   */
  readonly versions?: VersionsUsed | undefined;
}

/**
 * Evaluates the four requirements of a program at a date. Pure: the same inputs give the same object,
 * which the CLI prints, the API returns and the web app shows.
 */
export function evaluateReadiness(
  program: Program,
  inputs: ReadinessInputs,
  asOf: CalendarDate,
  options: EvaluationOptions = {},
): Evaluation {
  const requirements = [
    evaluateDesignation(program, inputs.capabilityScore, { asOf, designation: inputs.designation }),
    needingReimport(
      withDataLag(program, evaluatePerformance(program, inputs.usage, asOf), asOf),
      acrWindow(program, asOf),
      inputs.usageMissingMonths ?? [],
    ),
    evaluateKnowledge(program, inputs.certifications, asOf),
    evaluateAudit(program, inputs.auditEvidence, inputs.auditHistory, asOf),
  ].map(inReadingOrder);
  const met = (id: string) => requirements.find((r) => r.id === id)?.status === "met";
  const eligibleToApply = met("designation") && met("performance") && met("knowledge");
  const timeline = requirements.flatMap((r) => r.changes).sort((a, b) => compareDates(a.date, b.date));
  const versions = options.versions ?? versionsAsGiven(program, asOf);
  return {
    // The contract's reading the version measures as: `versions.program` names the version itself.
    program: versions.reading,
    programName: program.name,
    programVersion: program.version,
    asOf,
    ready: eligibleToApply && met("audit"),
    eligibleToApply,
    requirements,
    timeline,
    warnings: inputs.warnings ?? [],
    inputs: inputs.files ?? [],
    versions,
  };
}

/**
 * Performance as unknown when a month of its window has usage whose figures for this program were not
 * kept: the sums would miss that month, so the result says to import the usage again instead.
 */
function needingReimport(
  r: RequirementResult,
  window: readonly YearMonth[],
  missing: readonly YearMonth[],
): RequirementResult {
  const months = window.filter((m) => missing.includes(m));
  if (months.length === 0) return r;
  const named = listInWords(months.map(formatMonth));
  return {
    id: r.id,
    status: "unknown",
    title: r.title,
    summary: `Unknown — re-import usage: the usage of ${named} was imported before this specialization was pursued, so its figures for these rules were not kept.`,
    gaps: [
      {
        code: "performance.reimport-needed",
        message: `Import the Azure usage report covering ${named} again: the workspace then keeps the figures of every specialization it pursues.`,
      },
    ],
    changes: [],
    rule: r.rule,
    interpretation: r.interpretation,
    resources: r.resources,
  };
}

/** The same result with its members in the order a person reads them: what, where it stands, why. */
function inReadingOrder(r: RequirementResult): RequirementResult {
  return {
    id: r.id,
    status: r.status,
    ...(r.details === undefined ? {} : { details: r.details }),
    title: r.title,
    summary: r.summary,
    gaps: r.gaps,
    changes: r.changes,
    rule: r.rule,
    interpretation: r.interpretation,
    resources: r.resources,
  };
}
