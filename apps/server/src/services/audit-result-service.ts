import {
  type AuditHistoryRecord,
  type AuditResultEffect,
  type CalendarDate,
  recordingEffect,
  todayFrom,
  withdrawalEffect,
} from "@specready/core";
import {
  type AuditFinding,
  type AuditResultModule,
  type AuditResultOutcome,
  type AuditResultRecord,
  repositories,
  type Sql,
} from "@specready/db";
import type { OrgAccess } from "../http/app-env.js";
import { errors } from "../http/app-error.js";
import type { AppContext } from "./app-context.js";
import { auditHistoryOf, RECORDED_RESULTS_FILE } from "./audit-workspace-service.js";
import { recordEvidenceChange } from "./evidence-service.js";

/*
 * The auditor's final result. It joins the audit history the Module A waiver reads, so a mistaken Pass
 * would waive Module A for two years: before it is recorded the auditor sees what it will do (the core's
 * waiver rule) and confirms; its date is neither in the future nor before the application; findings
 * still open need an explicit acknowledgement. A result can be withdrawn with a reason: it stays in the
 * history, marked withdrawn (who, when, why), and never counts again.
 */

export interface ResultInput {
  readonly module: AuditResultModule;
  readonly result: AuditResultOutcome;
  readonly date: CalendarDate;
  readonly checklistVersion: string;
  /** Recording while findings are open: the auditor says so explicitly. */
  readonly acknowledgeOpenFindings?: boolean | undefined;
}

/** What recording a result would do, and what stands in its way. */
export interface ResultCheck {
  readonly effect: AuditResultEffect;
  readonly openFindings: readonly Pick<AuditFinding, "id" | "controlId" | "text">[];
  /** The application date the result may not precede, and where it comes from; null when none is known. */
  readonly applicationDate: { readonly date: CalendarDate; readonly source: string } | null;
}

/** The application date: as recorded submitted in Partner Center, else as planned. */
async function applicationDateOf(sql: Sql, orgId: string): Promise<ResultCheck["applicationDate"]> {
  const r = repositories(sql);
  const [application, plan] = await Promise.all([r.applications.get(orgId), r.audit.getPlan(orgId)]);
  if (application !== null && application !== undefined)
    return { date: application.submittedOn, source: "the application recorded as submitted" };
  if (plan?.applicationDate != null)
    return { date: plan.applicationDate, source: "the planned application date" };
  return null;
}

/**
 * Checks a result before it is recorded, naming each field that is wrong (400 request.invalid): a date
 * in the future or before the application date, and, when `acknowledge` is asked for, findings still
 * open without the acknowledgement. Gives what recording it will do.
 */
export async function checkResult(
  ctx: AppContext,
  sql: Sql,
  orgId: string,
  input: ResultInput,
  options: { acknowledge: boolean },
): Promise<ResultCheck> {
  const today = todayFrom(ctx.now());
  const [applicationDate, findings, history] = await Promise.all([
    applicationDateOf(sql, orgId),
    repositories(sql).audit.listFindings(orgId, { status: "open" }),
    auditHistoryOf(sql, orgId),
  ]);
  const issues: { path: string; message: string }[] = [];
  if (input.date > today)
    issues.push({
      path: "date",
      message: `${input.date} is in the future: a result is dated on or before today (${today})`,
    });
  else if (applicationDate !== null && input.date < applicationDate.date)
    issues.push({
      path: "date",
      message: `${input.date} is before the application date ${applicationDate.date} (${applicationDate.source}): the audit follows the application`,
    });
  if (options.acknowledge && findings.length > 0 && input.acknowledgeOpenFindings !== true)
    issues.push({
      path: "acknowledgeOpenFindings",
      message: `${findings.length === 1 ? "1 finding is" : `${findings.length} findings are`} still open (${[...new Set(findings.map((f) => f.controlId))].join(", ")}): resolve ${findings.length === 1 ? "it" : "them"}, or confirm that the result is recorded with ${findings.length === 1 ? "it" : "them"} open`,
    });
  if (issues.length > 0) throw errors.invalidRequest(issues);
  return {
    effect: recordingEffect(ctx.program, history.history, input, today),
    openFindings: findings.map((f) => ({ id: f.id, controlId: f.controlId, text: f.text })),
    applicationDate,
  };
}

/** Records the result once checked; logged with what it does to the waiver. */
export async function recordResult(
  ctx: AppContext,
  access: OrgAccess,
  input: ResultInput,
): Promise<AuditResultRecord & { effect: string }> {
  const { orgId, actor } = access;
  const done = await ctx.db.transaction(async (tx) => {
    const check = await checkResult(ctx, tx, orgId, input, { acknowledge: true });
    const created = await repositories(tx).audit.createResult(orgId, {
      module: input.module,
      result: input.result,
      date: input.date,
      checklistVersion: input.checklistVersion,
      recordedByName: actor.name,
      openFindings: check.openFindings.length,
    });
    // The history feeds the Module A waiver: the dashboard's evaluation changes.
    await recordEvidenceChange(
      tx,
      orgId,
      actor,
      "audit.result",
      `Recorded ${input.result} for Module ${input.module} on ${input.date} (${input.checklistVersion})` +
        (check.openFindings.length > 0
          ? ` with ${check.openFindings.length} open finding(s) acknowledged`
          : "") +
        `. ${check.effect.sentence}`,
      {
        resultId: created.id,
        module: input.module,
        result: input.result,
        date: input.date,
        checklistVersion: input.checklistVersion,
        openFindings: check.openFindings.length,
        waiverUntil: check.effect.after?.until ?? null,
      },
    );
    return { ...created, effect: check.effect.sentence };
  });
  return done;
}

/** The history the rules read without one recorded result (by its line in the recorded results). */
function historyWithout(history: readonly AuditHistoryRecord[], line: number): AuditHistoryRecord[] {
  return history.filter((h) => !(h.source.file === RECORDED_RESULTS_FILE && h.source.line === line));
}

/**
 * The results recorded here, newest first, each with what withdrawing it would do to the Module A
 * waiver (null once withdrawn).
 */
export async function listResults(
  ctx: AppContext,
  orgId: string,
): Promise<(AuditResultRecord & { ifWithdrawn: string | null })[]> {
  const [results, history] = await Promise.all([
    repositories(ctx.db).audit.listResults(orgId),
    auditHistoryOf(ctx.db, orgId),
  ]);
  const today = todayFrom(ctx.now());
  const lines = recordedLines(results);
  return results.map((res) => ({
    ...res,
    ifWithdrawn:
      res.withdrawn === null
        ? withdrawalEffect(
            ctx.program,
            history.history,
            historyWithout(history.history, lines.get(res.id) ?? 0),
            res,
            today,
          ).sentence
        : null,
  }));
}

/** Each standing result's line in the recorded history, as `auditHistoryOf` numbers them. */
function recordedLines(results: readonly AuditResultRecord[]): Map<string, number> {
  const standing = results
    .filter((r) => r.withdrawn === null)
    .sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
  return new Map(standing.map((r, i) => [r.id, i + 2]));
}

/**
 * Withdraws a recorded result with a reason: it stays in the history, marked, and the rules leave it
 * out from now on (the Module A waiver is measured again). 409 when it was withdrawn already.
 */
export async function withdrawResult(
  ctx: AppContext,
  access: OrgAccess,
  resultId: string,
  reason: string,
): Promise<AuditResultRecord & { effect: string }> {
  const { orgId, actor } = access;
  const done = await ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    const [results, history] = await Promise.all([r.audit.listResults(orgId), auditHistoryOf(tx, orgId)]);
    const current = results.find((x) => x.id === resultId);
    if (current === undefined) throw errors.notFound("audit result");
    if (current.withdrawn !== null)
      throw errors.conflict(
        "audit.result_withdrawn",
        `This result was withdrawn by ${current.withdrawn.by} on ${current.withdrawn.at.slice(0, 10)} already.`,
      );
    const line = recordedLines(results).get(resultId) ?? 0;
    const effect = withdrawalEffect(
      ctx.program,
      history.history,
      historyWithout(history.history, line),
      current,
      todayFrom(ctx.now()),
    );
    const withdrawn = await r.audit.withdrawResult(orgId, resultId, { byName: actor.name, reason });
    if (withdrawn === null)
      throw errors.conflict("audit.result_withdrawn", "This result was withdrawn meanwhile.");
    await recordEvidenceChange(
      tx,
      orgId,
      actor,
      "audit.result.withdrawn",
      `Withdrew the ${current.result} for Module ${current.module} of ${current.date}: ${reason.trim().replace(/[.\s]+$/, "")}. ${effect.sentence}`,
      { resultId, reason, waiverUntil: effect.after?.until ?? null },
    );
    return { ...withdrawn, effect: effect.sentence };
  });
  return done;
}
