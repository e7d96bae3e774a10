import type { ImpactMeasure, ImportImpact, RequirementStatus } from "../../api/types";
import { formatMonth, formatNumber, formatPercent, formatUsd, listInWords, plural } from "../../lib/format";
import { type ImportKind, kindLabel } from "./kinds";
import type { ColumnMapping, ImportJob, ImportRecord, PreviewColumn } from "./types";

type Locale = string | readonly string[] | undefined;

function monthIndex(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return (y ?? 0) * 12 + ((m ?? 1) - 1);
}

/**
 * The months of a usage import in few words: "Mar 2024 – May 2024" for a run, "Jan 2024, Mar 2024" for
 * a few scattered months, "Jan 2023 – Dec 2024 (20 months)" when scattered over many.
 */
export function summarizeMonths(months: readonly string[], locale?: Locale): string {
  if (months.length === 0) return "—";
  const sorted = [...new Set(months)].sort();
  const runs: string[][] = [];
  for (const m of sorted) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run !== undefined && last !== undefined && monthIndex(m) === monthIndex(last) + 1) run.push(m);
    else runs.push([m]);
  }
  const short = (m: string) => formatMonth(m, locale, "short");
  const runText = (run: string[]) =>
    run.length === 1
      ? short(run[0] as string)
      : `${short(run[0] as string)} – ${short(run[run.length - 1] as string)}`;
  if (runs.length <= 3) return runs.map(runText).join(", ");
  return `${short(sorted[0] as string)} – ${short(sorted[sorted.length - 1] as string)} (${formatNumber(sorted.length, locale)} months)`;
}

export type EffectiveStatus = "in_effect" | "partly_replaced" | "replaced" | "reverted";

/**
 * Whether an import's data is what counts now. The API marks imports active or reverted; a newer active
 * import of the same kind replaces an older one (for usage, only in the months the newer one covers).
 */
export function effectiveStatus(target: ImportRecord, all: readonly ImportRecord[]): EffectiveStatus {
  if (target.status !== "active") return "reverted";
  const newer = all.filter(
    (i) =>
      i.id !== target.id && i.kind === target.kind && i.status === "active" && i.createdAt > target.createdAt,
  );
  if (newer.length === 0) return "in_effect";
  if (target.kind !== "azure-usage" || target.months.length === 0) return "replaced";
  const covered = new Set(newer.flatMap((i) => i.months));
  const left = target.months.filter((m) => !covered.has(m)).length;
  return left === 0 ? "replaced" : left === target.months.length ? "in_effect" : "partly_replaced";
}

/**
 * The revert action of an import in the history, or null when it has none (undone already, or replaced by
 * a newer file: undo that one first). When an
 * earlier file of the same kind (for usage: covering one of its months) is still there, reverting puts
 * it back: "Restore previous"; otherwise the import's data simply goes: "Undo this import".
 */
export function revertAction(
  target: ImportRecord,
  all: readonly ImportRecord[],
): { label: "Restore previous" | "Undo this import"; restores: ImportRecord | null } | null {
  const status = effectiveStatus(target, all);
  if (status === "reverted" || status === "replaced") return null;
  const earlier = all
    .filter(
      (i) =>
        i.id !== target.id &&
        i.kind === target.kind &&
        i.status === "active" &&
        i.createdAt < target.createdAt &&
        (target.kind !== "azure-usage" || i.months.some((m) => target.months.includes(m))),
    )
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const previous = earlier[0] ?? null;
  return previous === null
    ? { label: "Undo this import", restores: null }
    : { label: "Restore previous", restores: previous };
}

/** The mapping the preview starts with: the headers the server matched (by name or a remembered mapping). */
export function initialMapping(columns: readonly PreviewColumn[]): ColumnMapping {
  return Object.fromEntries(columns.map((c) => [c.name, c.header]));
}

/** Required columns without a header. */
export function missingRequired(columns: readonly PreviewColumn[], mapping: ColumnMapping): string[] {
  return columns.filter((c) => c.required && (mapping[c.name] ?? null) === null).map((c) => c.name);
}

/** Headers chosen for more than one column (allowed, but usually a slip). */
export function duplicateHeaders(mapping: ColumnMapping): string[] {
  const seen = new Map<string, number>();
  for (const h of Object.values(mapping)) if (h !== null) seen.set(h, (seen.get(h) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([h]) => h);
}

/** The request's mapping: only mapped columns. */
export function mappingForRequest(mapping: ColumnMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, header] of Object.entries(mapping)) if (header !== null) out[column] = header;
  return out;
}

/** The file's values under a header in the preview rows (for "e.g." samples next to each column). */
export function sampleValues(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  chosen: string | null,
  count = 3,
): string[] {
  if (chosen === null) return [];
  const index = header.indexOf(chosen);
  if (index < 0) return [];
  return rows
    .map((r) => r[index] ?? "")
    .filter((v) => v.trim() !== "")
    .slice(0, count);
}

/** 0–1 share of the file read, or undefined while the size is unknown (an indeterminate bar). */
export function jobFraction(job: Pick<ImportJob, "bytesDone" | "bytesTotal" | "state">): number | undefined {
  if (job.state === "done") return 1;
  if (!(job.bytesTotal > 0)) return undefined;
  return Math.min(1, Math.max(0, job.bytesDone / job.bytesTotal));
}

/**
 * The line under the progress bar, whose label names the phase: "45% · 12,345 rows read". Rows are
 * left out while the server has not counted any yet (a parallel read counts them at the end).
 */
export function jobProgressText(job: ImportJob, locale?: Locale): string {
  const fraction = jobFraction(job);
  const rows = `${formatNumber(job.rows, locale)} ${job.rows === 1 ? "row" : "rows"}`;
  switch (job.state) {
    case "reading": {
      const parts = [fraction === undefined ? "Reading…" : formatPercent(fraction, locale)];
      if (job.rows > 0) parts.push(`${rows} read`);
      return parts.join(" · ");
    }
    case "saving":
      return job.rows > 0 ? `Saving ${rows}…` : "Saving…";
    case "needs_confirmation":
      return `${rows} read; waiting for your confirmation.`;
    case "done":
      return `Imported ${rows}.`;
    case "failed":
      return "The import failed.";
    case "cancelled":
      return "The import was cancelled.";
  }
}

/**
 * What the live region announces: the state and every tenth percent, not every 300 ms poll (a screen
 * reader would read nothing else).
 */
export function jobAnnouncement(job: ImportJob, locale?: Locale): string {
  const fraction = jobFraction(job);
  switch (job.state) {
    case "reading":
      return fraction === undefined
        ? "Reading the file"
        : `Reading the file: ${formatPercent(Math.floor(fraction * 10) / 10, locale)}`;
    case "saving":
      return "Saving the rows";
    case "needs_confirmation":
      return "The import needs your confirmation";
    case "done":
      return `Import finished: ${formatNumber(job.rows, locale)} rows`;
    case "failed":
      return `Import failed${job.problemTotal ? `: ${formatNumber(job.problemTotal, locale)} problems` : ""}`;
    case "cancelled":
      return "Import cancelled";
  }
}

const STATUS_WORDS: Readonly<Record<RequirementStatus, string>> = {
  met: "Met",
  not_met: "Not met",
  no_data: "No data",
  unknown: "Unknown (not in program data — check Partner Center)",
};

/** "Met", "Not met", "No data". */
export function statusWords(status: RequirementStatus): string {
  return STATUS_WORDS[status];
}

const MEASURE_WORDS: Readonly<Record<ImpactMeasure["name"], readonly [string, string]>> = {
  rows: ["row", "rows"],
  people: ["person", "people"],
  customers: ["customer", "customers"],
};

/** "People", the heading of a measure of what an import replaces. */
export function measureWords(measure: ImpactMeasure["name"]): string {
  const words = MEASURE_WORDS[measure][1];
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/** "4 people", "1 row". */
function countOf(n: number, measure: ImpactMeasure["name"], locale?: Locale): string {
  const [one, many] = MEASURE_WORDS[measure];
  return plural(n, one, many, locale);
}

/** "+$1,200.00" or "−$179.25" (a true minus sign): an amount added or removed; "$0.00" for none. */
export function signedUsd(text: string, locale?: Locale): string {
  const trimmed = text.trim();
  const negative = trimmed.startsWith("-");
  const magnitude = negative ? trimmed.slice(1) : trimmed;
  const amount = formatUsd(magnitude, locale);
  if (/^[0.]*$/.test(magnitude)) return amount;
  return `${negative ? "\u2212" : "+"}${amount}`;
}

/** The title of the dialog that asks to confirm an import, by what it needs confirmed. */
export function confirmationTitle(
  job: Pick<ImportJob, "confirmations" | "impact">,
  kind: ImportKind,
): string {
  const replace = job.confirmations?.includes("replace") ?? false;
  const repeats = job.confirmations?.includes("repeats") ?? false;
  if (replace && repeats) return "Import this file anyway?";
  if (repeats) return "Import rows that repeat?";
  const what = kindLabel(kind).toLowerCase();
  if (job.impact?.emptiesKind) return `Leave the ${what} empty?`;
  if ((job.impact?.conflicts?.length ?? 0) > 0 && job.impact?.halved.length === 0)
    return "Overwrite changes made on the People page?";
  return job.impact?.replaces === "months" ? "Replace most of these months?" : `Replace most of the ${what}?`;
}

/**
 * Why an import asks first, in the page's words: "This file keeps only 1 of the 4 people in effect:
 * more than half would go."; null when it does not replace too much.
 */
export function replacementWarning(impact: ImportImpact, locale?: Locale): string | null {
  if (!impact.needsConfirmation) return null;
  // A certifications file that would overwrite edits made on the People page (the server names them).
  const conflicts = impact.conflicts ?? [];
  const edited =
    conflicts.length === 0
      ? ""
      : `${conflicts.length === 1 ? "It would overwrite a change" : `It would overwrite ${formatNumber(conflicts.length, locale)} changes`} made on the People page since the last import: ${conflicts.join(" ")}`;
  if (!impact.emptiesKind && impact.halved.length === 0) return edited === "" ? impact.message : edited;
  const replaced = replacementSentence(impact, locale);
  return edited === "" ? replaced : `${replaced} ${edited}`;
}

function replacementSentence(impact: ImportImpact, locale?: Locale): string {
  const replaced = impact.months?.filter((m) => m.replaces).length ?? 0;
  const scope =
    impact.replaces === "months"
      ? `in the ${plural(replaced, "month", "months", locale)} it replaces`
      : "in effect";
  if (impact.emptiesKind) {
    const rows = impact.measures.find((m) => m.name === "rows")?.before ?? 0;
    return `This file has no rows: importing it removes the ${countOf(rows, "rows", locale)} ${scope}.`;
  }
  const cuts = impact.measures
    .filter((m) => impact.halved.includes(m.name))
    .map((m) => `${formatNumber(m.after, locale)} of the ${countOf(m.before, m.name, locale)}`);
  return `This file keeps only ${listInWords(cuts, locale)} ${scope}: more than half would go.`;
}
