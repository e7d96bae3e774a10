import { CSV_BOM, csvLine } from "../csv/csv-text.js";
import type { CapabilityScoreRecord, CertificationRecord } from "../records/input-records.js";

/** The name `specready check` reads certified people from, and the workspace exports them as. */
export const CERTIFICATIONS_FILE = "certifications.csv";

/**
 * `certifications.csv` as the contract reads it (PersonId, PersonName, Certification, EarnedDate,
 * ExpirationDate, Associated), one line per record in record order, so a record's line in the
 * workspace's evaluation is its line in the export. Written by the product's one CSV writer.
 */
export function* certificationsCsv(records: readonly CertificationRecord[]): Generator<string> {
  yield `${CSV_BOM}${csvLine(["PersonId", "PersonName", "Certification", "EarnedDate", "ExpirationDate", "Associated"])}`;
  for (const r of records)
    yield csvLine([
      r.personId,
      r.personName,
      r.certification,
      r.earnedDate,
      r.expirationDate,
      r.associated === undefined ? undefined : r.associated ? "Yes" : "No",
    ]);
}

/** `capability-score.csv` as the contract reads it (SolutionArea, Metric, Points), in record order. */
export function* capabilityScoreCsv(records: readonly CapabilityScoreRecord[]): Generator<string> {
  yield `${CSV_BOM}${csvLine(["SolutionArea", "Metric", "Points"])}`;
  for (const r of records) yield csvLine([r.solutionArea, r.metric, r.points]);
}
