import { randomUUID } from "node:crypto";
import {
  type CalendarDate,
  type CertificationRecord,
  type CustomerProjectRecord,
  certificationsPreview,
  describeReadinessChange,
  describeUsageMonths,
  type Evaluation,
  evaluateReadiness,
  type ImportImpact,
  mergeUsageSummaries,
  type ReadinessChange,
  readinessChange,
  recordsImpact,
  scorePreview,
  todayFrom,
  type UsageSummary,
  type UsageSummaryJson,
  usageImpact,
  usageSummaryFromJson,
} from "@specready/core";
import { type ImportRow, repositories, type Sql } from "@specready/db";
import type { AppContext } from "./app-context.js";
import { scoreEntriesOf } from "./capability-score/workspace-score.js";
import { type HeldUsage, loadReadinessState } from "./evaluation-service.js";
import type { Confirmation } from "./import-jobs.js";
import { fail, type Result } from "./mutation/domain-error.js";
import { mutate } from "./mutation/mutate.js";
import type { PendingImport } from "./pending-import.js";
import {
  applyCertificationsImport,
  diffCertificationsImport,
  impactWithConflicts,
} from "./people/certifications-import.js";

export type { ImportOptions, PendingImport } from "./pending-import.js";

/** The import would commit, but needs confirmations it was not given: nothing was written. */
export class ConfirmationNeeded extends Error {
  constructor(
    readonly confirmations: Confirmation[],
    readonly impact: ImportImpact,
    readonly readiness: ReadinessChange,
    message: string,
  ) {
    super(message);
  }

  /** The stable code: replacing takes precedence, as the larger risk; a preview only asked for, last. */
  get code(): "import.confirm_replace" | "import.confirm_repeats" | "import.confirm_changes" {
    return confirmationCode(this.confirmations);
  }
}

/** The request field that gives a confirmation. */
function confirmField(c: Confirmation): string {
  return c === "replace" ? "confirmReplace" : c === "repeats" ? "confirmRepeats" : "confirmChanges";
}

/**
 * What the import replaces of the data in effect, read inside the transaction that commits it.
 * `usageMonths`: a usage import's summaries by month (only the months in effect it replaces are read).
 */
async function impactOf(
  tx: Sql,
  orgId: string,
  read: PendingImport["read"],
  usageMonths: ReadonlyMap<string, UsageSummary> | undefined,
  usageInEffect: ReadonlyMap<string, UsageSummary> | undefined,
): Promise<ImportImpact> {
  const r = repositories(tx);
  if (usageMonths !== undefined) {
    const inEffect = new Map<string, UsageSummary>();
    if (usageInEffect !== undefined) {
      for (const month of usageMonths.keys()) {
        const summary = usageInEffect.get(month);
        if (summary !== undefined) inEffect.set(month, summary);
      }
    } else {
      for (const m of await r.imports.effectiveUsageMonths(orgId, { months: [...usageMonths.keys()] }))
        inEffect.set(m.month, usageSummaryFromJson(m.summary as UsageSummaryJson));
    }
    return usageImpact(inEffect, usageMonths);
  }
  const data = read.data;
  if (data.kind === "azure-usage") throw new Error("the impact of a usage import needs its months");
  const effective = (await r.imports.effectiveRecords(orgId, [data.kind])).get(data.kind);
  return recordsImpact(data.kind, effective?.records as object[] | undefined, data.records);
}

/**
 * The usage in effect once `fileMonths` replace their months in `inEffect` (the summaries in effect
 * before, read with the organization's data version the commit holds under its lock), each month with
 * its summary and all of them merged in month order, as the evaluation merges the months it reads.
 */
function mergedAfter(
  inEffect: ReadonlyMap<string, UsageSummary>,
  fileMonths: ReadonlyMap<string, UsageSummary>,
): NonNullable<HeldUsage["merged"]> {
  const after = new Map(inEffect);
  for (const [month, summary] of fileMonths) after.set(month, summary);
  const months = [...after.keys()].sort();
  const byMonth = new Map(months.map((m) => [m, after.get(m) as UsageSummary]));
  return { months, byMonth, usage: mergeUsageSummaries([...byMonth.values()]) };
}

/** The stable code of missing confirmations: replacing is the larger risk, a preview the smallest. */
export function confirmationCode(
  missing: readonly Confirmation[],
): "import.confirm_replace" | "import.confirm_repeats" | "import.confirm_changes" {
  if (missing.includes("replace")) return "import.confirm_replace";
  if (missing.includes("repeats")) return "import.confirm_repeats";
  return "import.confirm_changes";
}

/** The confirmations the import needs and was not given. */
function missingConfirmations(impact: ImportImpact, pending: PendingImport): Confirmation[] {
  const missing: Confirmation[] = [];
  if (impact.needsConfirmation && !pending.options.confirmReplace) missing.push("replace");
  if (pending.read.repeats.repeated > 0 && !pending.options.confirmRepeats) missing.push("repeats");
  // Asked to see the import before it is applied: it waits, whatever else it needs.
  if (pending.options.preview === true && pending.options.confirmChanges !== true) missing.push("changes");
  return missing;
}

/** What the import would do, in words, for a job waiting with only its preview to confirm. */
function previewMessage(impact: ImportImpact, rows: number): string {
  const people = impact.people;
  if (people !== undefined)
    return `The import would add ${people.added}, change ${people.changed} and remove ${people.removed} certification rows (${people.unchanged} unchanged).`;
  const score = impact.score;
  if (score !== undefined)
    return `The import would add an entry of ${score.shownOn} to the capability score's history (${score.areas.map((a) => `${a.area}: ${a.before ?? "none"} → ${a.after ?? "none"}`).join("; ") || "no eligible solution area"}).`;
  return `The import would bring ${rows.toLocaleString("en-US")} rows.`;
}

/**
 * What an import's commit reads before it writes (the readiness before it, the usage summaries in
 * effect), read while its file is still being read. The commit uses it when the organization's data
 * version is still `dataVersion` once it is locked, on the same day; else it reads them again.
 */
export interface PreparedCommit {
  readonly dataVersion: number;
  readonly today: CalendarDate;
  readonly before: Evaluation;
  readonly usageInEffect: ReadonlyMap<string, UsageSummary> | undefined;
}

/**
 * Reads ahead what `commitImport` reads first, outside its transaction: undefined when the organization
 * changed while it was read (its data version moved: what was read may mix two states) or is gone.
 * Every change of what readiness reads goes up the data version (see `mutate`), so an unchanged version
 * means that what was read is what the commit would read.
 */
export async function prepareCommit(ctx: AppContext, orgId: string): Promise<PreparedCommit | undefined> {
  const today = todayFrom(ctx.now());
  const r = repositories(ctx.db);
  const first = await r.organizations.get(orgId);
  if (first === undefined) return undefined;
  // Nothing changed since this server's last import of the organization: what it left is what would be read.
  const kept = ctx.committed.find(orgId, first.dataVersion, today, ctx.program.id);
  if (kept !== undefined)
    return {
      dataVersion: kept.dataVersion,
      today,
      before: kept.evaluation,
      usageInEffect: kept.usageInEffect,
    };
  const state = await loadReadinessState(ctx.db, ctx.program, orgId);
  const before = evaluateReadiness(ctx.program, state.inputs, today);
  const last = await r.organizations.get(orgId);
  if (last?.dataVersion !== first.dataVersion) return undefined;
  return { dataVersion: first.dataVersion, today, before, usageInEffect: state.usageByMonth };
}

/**
 * Commits an import on the mutation path: claims the upload, writes the import and its data, and logs
 * it (`import.created`), with what it replaced and what it changed in readiness today (the core's
 * evaluation before and after, in the same transaction, the organization locked). A second import of the
 * same upload is the conflict `import.duplicate`. When it needs a confirmation it was not given,
 * `ConfirmationNeeded` is thrown: everything is rolled back, and it says what the import would have done.
 */
export async function commitImport(
  ctx: AppContext,
  orgId: string,
  pending: PendingImport,
  prepared?: PreparedCommit,
): Promise<Result<{ row: ImportRow; impact: ImportImpact; readiness: ReadinessChange }>> {
  const { upload, read, options } = pending;
  const today = todayFrom(ctx.now());
  const importId = randomUUID();
  const data = read.data;
  const months = data.kind === "azure-usage" ? data.months.map(([month]) => month).sort() : [];
  const who = { orgId, actor: options.actor, userId: options.userId };
  // The organization is locked first (the mutation path): the "before" read here is not overtaken by a
  // change committing meanwhile.
  return mutate(ctx, who, async ({ tx, r, record, afterCommit }) => {
    // Read ahead while the file was read, if nothing changed since (the organization is locked now).
    const ahead =
      prepared !== undefined &&
      prepared.today === today &&
      (await r.organizations.get(orgId))?.dataVersion === prepared.dataVersion
        ? prepared
        : undefined;
    let usageInEffect = ahead?.usageInEffect;
    let before = ahead?.before;
    if (before === undefined) {
      const state = await loadReadinessState(tx, ctx.program, orgId);
      before = evaluateReadiness(ctx.program, state.inputs, today);
      usageInEffect = state.usageByMonth;
    }
    // A certifications file is a change of the people records: what it adds, changes and removes, and
    // which of those overwrite edits made on the People page (conflicts, confirmed like a replacement).
    const peopleDiff =
      data.kind === "certifications"
        ? await diffCertificationsImport(tx, orgId, data.records as CertificationRecord[])
        : undefined;
    // A usage import's summaries, parsed once: for its impact, and for the evaluation after it.
    const parseFileMonths = () =>
      data.kind === "azure-usage"
        ? new Map(
            data.months.map(([month, text]) => [
              month,
              usageSummaryFromJson(JSON.parse(text) as UsageSummaryJson),
            ]),
          )
        : undefined;
    // The impact compares them with the summaries in effect, as they are before anything is written.
    // When those are in memory already (read with the readiness before), the file's summaries are
    // parsed while the database writes them (below); else the months in effect are read first.
    const impactAfterWrites = data.kind === "azure-usage" && usageInEffect !== undefined;
    let fileMonths = impactAfterWrites ? undefined : parseFileMonths();
    let mergedUsage: HeldUsage["merged"];
    let impact: ImportImpact | undefined;
    if (!impactAfterWrites) {
      const inEffect = await impactOf(tx, orgId, read, fileMonths, usageInEffect);
      impact =
        peopleDiff === undefined
          ? inEffect
          : { ...impactWithConflicts(inEffect, peopleDiff), people: certificationsPreview(peopleDiff) };
    }
    const scoreBefore =
      data.kind === "capability-score" ? scoreEntriesOf(await r.capabilityScore.list(orgId)) : undefined;
    // Claim the upload first: a second import of it (a double click) finds it gone and rolls back.
    if (!(await r.imports.deleteUpload(orgId, upload.id))) {
      return fail({
        code: "conflict",
        reason: "import.duplicate",
        message: `${upload.fileName} was imported already.`,
      });
    }
    const repeatWarnings =
      read.repeats.repeated > 0
        ? [
            {
              code: "rows.repeated",
              file: upload.fileName,
              message: `${read.repeats.repeated.toLocaleString("en-US")} of ${read.repeats.rows.toLocaleString("en-US")} rows repeat an earlier row exactly; they are counted.`,
              count: read.repeats.repeated,
            },
          ]
        : [];
    await r.imports.create({
      id: importId,
      orgId,
      kind: upload.kind,
      fileName: upload.fileName,
      size: upload.size,
      sha256: upload.sha256,
      rows: read.rows,
      months,
      programId: ctx.program.id,
      mapping: options.mapping,
      warnings: [...read.warnings, ...repeatWarnings],
      createdByUser: options.userId,
      createdByToken: options.tokenId,
      createdByName: options.actor.name,
    });
    if (data.kind === "azure-usage") {
      // Sent together: the statements run in order in the transaction while this thread goes on.
      const writing = Promise.all([
        ...data.months.map(([month, summary]) => r.imports.addUsageMonth(orgId, importId, month, summary)),
        ...(data.programs ?? []).flatMap(([programId, programMonths]) =>
          programMonths.map(([month, summary]) =>
            r.imports.addUsageProgramMonth(orgId, importId, programId, month, summary),
          ),
        ),
      ]);
      // Awaited below; a failure then rolls the transaction back.
      writing.catch(() => {});
      if (impactAfterWrites) {
        fileMonths = parseFileMonths();
        impact = await impactOf(tx, orgId, read, fileMonths, usageInEffect);
        // The usage in effect after the import, merged while the database writes (the evaluation after
        // it uses this once it has checked that the months in effect are these).
        if (usageInEffect !== undefined && fileMonths !== undefined)
          mergedUsage = mergedAfter(usageInEffect, fileMonths);
      }
      await writing;
    } else {
      await r.imports.addRecords(orgId, importId, data.records);
    }
    if (impact === undefined) throw new Error("commitImport: the impact was not worked out");
    // A project register merges into the editable register (same customer and project name: updated),
    // so evidence filed under a project keeps it.
    let merged = "";
    if (data.kind === "customer-projects") {
      const counts = await r.customerProjects.upsertMany(
        orgId,
        (data.records as CustomerProjectRecord[]).map((p) => ({
          customerTenantId: p.customerTenantId,
          customerName: p.customerName ?? null,
          project: p.project,
          workload: p.workload ?? null,
          aiServices: [...(p.aiServices ?? [])],
          completionDate: p.completionDate,
          greenfield: p.greenfield ?? null,
          stage: p.stage ?? null,
        })),
      );
      merged = `; register: ${counts.created} added, ${counts.updated} updated`;
    }
    if (peopleDiff !== undefined)
      merged = `; people: ${await applyCertificationsImport(tx, orgId, importId, peopleDiff)}${peopleDiff.conflicts > 0 ? ` (${peopleDiff.conflicts} edited on the People page, overwritten as confirmed)` : ""}`;
    // Every capability-score file is an entry of the score's history, as shown on the day it is imported.
    if (scoreBefore !== undefined) {
      await r.capabilityScore.addImportEntry(orgId, importId, today, options.actor.name);
      const scoreAfter = scoreEntriesOf(await r.capabilityScore.list(orgId));
      impact = {
        ...impact,
        score: scorePreview(ctx.program, scoreBefore, scoreAfter, {
          shownOn: today,
          fileName: upload.fileName,
        }),
      };
    }
    const held = fileMonths === undefined ? undefined : { importId, months: fileMonths, merged: mergedUsage };
    const stateAfter = await loadReadinessState(tx, ctx.program, orgId, held);
    const after = evaluateReadiness(ctx.program, stateAfter.inputs, today);
    const readiness = readinessChange(before, after);
    const missing = missingConfirmations(impact, pending);
    if (missing.length > 0) {
      const reasons = [
        ...(missing.includes("replace") && impact.message !== null ? [impact.message] : []),
        ...(missing.includes("repeats")
          ? [
              `${read.repeats.repeated.toLocaleString("en-US")} of ${read.rows.toLocaleString("en-US")} rows repeat an earlier row.`,
            ]
          : []),
        ...(missing.length === 1 && missing[0] === "changes" ? [previewMessage(impact, read.rows)] : []),
      ];
      throw new ConfirmationNeeded(
        missing,
        impact,
        readiness,
        `${reasons.join(" ")} Nothing was imported: confirm the import to go ahead (${missing.map(confirmField).join(", ")}).`,
      );
    }
    if (options.remember && Object.keys(options.mapping).length > 0) {
      await r.imports.saveMapping(orgId, upload.kind, options.mapping, options.userId);
    }
    const usage = impact.months === undefined ? "" : `; ${describeUsageMonths(impact.months)}`;
    record({
      action: "import.created",
      summary: `Imported ${upload.fileName} (${upload.kind}, ${read.rows} rows${months.length > 0 ? `, ${months[0]} to ${months[months.length - 1]}` : ""}${merged}${usage}${read.repeats.repeated > 0 ? `; ${read.repeats.repeated} repeated rows, confirmed` : ""}${impact.needsConfirmation ? "; replacement confirmed" : ""}); ${describeReadinessChange(readiness)}`,
      details: {
        importId,
        kind: upload.kind,
        fileName: upload.fileName,
        rows: read.rows,
        months,
        sha256: upload.sha256,
        mapping: options.mapping,
        repeatedRows: read.repeats.repeated,
        ...(peopleDiff === undefined
          ? {}
          : {
              people: {
                added: peopleDiff.added.length,
                changed: peopleDiff.changed.length,
                removed: peopleDiff.removed.length,
                unchanged: peopleDiff.unchanged,
                conflicts: peopleDiff.conflicts,
              },
            }),
        replaced: [...impact.measures],
        confirmed: {
          replace: impact.needsConfirmation,
          repeats: read.repeats.repeated > 0,
          changes: options.preview === true,
        },
        readiness: {
          asOf: readiness.asOf,
          requirements: readiness.requirements
            .filter((q) => q.changed)
            .map((q) => ({ id: q.id, before: q.before.status, after: q.after.status })),
        },
      },
    });
    // What the next import of the organization starts from, once this one is committed, at the data
    // version it leaves.
    afterCommit(async (committed) => {
      if (committed.dataVersion === undefined) return;
      ctx.committed.remember(orgId, {
        dataVersion: committed.dataVersion,
        today,
        programId: ctx.program.id,
        evaluation: after,
        usageInEffect: stateAfter.usageByMonth,
      });
    });
    const row = await r.imports.get(orgId, importId);
    return { row: row as ImportRow, impact, readiness };
  });
}
