import {
  type CalendarDate,
  CERTIFICATIONS_FILE,
  type CertificationRecord,
  type StoredCertification,
} from "@specready/core";
import { type CertificationRow, type ImportRow, repositories, type Sql } from "@specready/db";

/** The certifications input as the workspace holds it. */
export interface WorkspaceCertifications {
  readonly records: CertificationRecord[];
  /** The file named in the evaluation: the import's while nothing changed since, else the export's name. */
  readonly file: string;
  readonly rows: number;
  /** The latest import, when the records are exactly its rows (read as they were imported). */
  readonly intactImport: ImportRow | null;
}

/** A stored row as the contract's record, numbered as the workspace's export writes it. */
export function recordOfRow(row: CertificationRow, index: number): CertificationRecord {
  return {
    personId: row.personId,
    personName: row.personName ?? undefined,
    certification: row.certification,
    earnedDate: (row.earnedOn ?? undefined) as CalendarDate | undefined,
    expirationDate: (row.expiresOn ?? undefined) as CalendarDate | undefined,
    associated: row.associated ?? undefined,
    source: { file: CERTIFICATIONS_FILE, line: index + 2 },
  };
}

/** A stored row as the import diff compares it. */
export function storedOfRow(row: CertificationRow): StoredCertification {
  return {
    id: row.id,
    personId: row.personId,
    personName: row.personName ?? undefined,
    certification: row.certification,
    earnedDate: row.earnedOn ?? undefined,
    expirationDate: row.expiresOn ?? undefined,
    associated: row.associated ?? undefined,
    editedBy: row.editedAt === null ? undefined : (row.editedByName ?? "someone"),
  };
}

/**
 * The certifications the evaluation reads: the people records. While they are exactly the rows of the
 * latest import (nothing added, changed or removed in the workspace since), the import's records as
 * read, with their file and lines, so an evaluation reads as it did before people were kept in the
 * workspace; otherwise the records in their order, named as the workspace exports them
 * (`certifications.csv`), so `specready check` on the export gives the same evaluation. Undefined when
 * there are neither records nor an import.
 */
export async function workspaceCertifications(
  db: Sql,
  orgId: string,
  latest: { readonly records: unknown[]; readonly importRow: ImportRow } | undefined,
): Promise<WorkspaceCertifications | undefined> {
  const rows = await repositories(db).people.certificationRows(orgId);
  if (rows.length === 0 && latest === undefined) return undefined;
  const intact =
    latest !== undefined &&
    rows.length === latest.records.length &&
    rows.every((r) => r.importId === latest.importRow.id && r.editedAt === null && r.personEditedAt === null);
  if (intact)
    return {
      records: latest.records as CertificationRecord[],
      file: latest.importRow.fileName,
      rows: latest.importRow.rows,
      intactImport: latest.importRow,
    };
  return { records: rows.map(recordOfRow), file: CERTIFICATIONS_FILE, rows: rows.length, intactImport: null };
}
