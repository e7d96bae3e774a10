import { type CsvValue, csvFileName } from "../../lib/csv";
import type { ActivityEntry } from "./api";

/** The activity log as rows for Excel: ISO time (sorts and converts), who, what, and the details as JSON. */
export function activityCsvRows(entries: readonly ActivityEntry[]): CsvValue[][] {
  return [
    ["Time (UTC)", "Actor", "Actor kind", "Actor ID", "Action", "Summary", "Details"],
    ...entries.map((e) => [
      e.at,
      e.actor.name ?? "",
      e.actor.kind,
      e.actor.id ?? "",
      e.action,
      e.summary,
      e.details === null || e.details === undefined ? "" : JSON.stringify(e.details),
    ]),
  ];
}

/** "specready-activity-adatum-2025-09-10.csv" */
export function activityCsvFileName(orgName: string, today: string): string {
  return csvFileName("activity", orgName, today);
}
