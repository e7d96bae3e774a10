import {
  type CertificationDiff,
  type CertificationRecord,
  certificationDiff,
  describeCertificationConflicts,
  describeCertificationDiff,
  type ImportImpact,
} from "@specready/core";
import { repositories, type Sql } from "@specready/db";
import { storedOfRow } from "./workspace-certifications.js";

/** What a certifications file would do to the people records, read in the import's transaction. */
export async function diffCertificationsImport(
  tx: Sql,
  orgId: string,
  records: readonly CertificationRecord[],
): Promise<CertificationDiff> {
  const rows = await repositories(tx).people.certificationRows(orgId);
  return certificationDiff(rows.map(storedOfRow), records);
}

/**
 * The import's impact with the people records' conflicts: a file that would change or remove rows
 * someone edited in the workspace since the last import needs the same confirmation as one that
 * replaces most of the data, and says which rows.
 */
export function impactWithConflicts(impact: ImportImpact, diff: CertificationDiff): ImportImpact {
  if (diff.conflicts === 0) return impact;
  const conflicts = describeCertificationConflicts(diff);
  const message = `This import would overwrite ${diff.conflicts === 1 ? "a change" : `${diff.conflicts} changes`} made on the People page since the last import: ${conflicts.join(" ")}`;
  return {
    ...impact,
    conflicts,
    needsConfirmation: true,
    message: impact.message === null ? message : `${impact.message} ${message}`,
  };
}

/** Makes the people records the file's rows (the diff's pairs rewritten, others added or removed). */
export async function applyCertificationsImport(
  tx: Sql,
  orgId: string,
  importId: string,
  diff: CertificationDiff,
): Promise<string> {
  await repositories(tx).people.applyImport(
    orgId,
    importId,
    diff.rows.map(({ record, matches }) => ({
      personId: record.personId,
      personName: record.personName ?? null,
      certification: record.certification,
      earnedOn: record.earnedDate ?? null,
      expiresOn: record.expirationDate ?? null,
      associated: record.associated ?? null,
      line: record.source.line,
      keep: matches,
    })),
  );
  return describeCertificationDiff(diff);
}

/**
 * After an undo of a certifications import: the rows imports wrote (and nobody edited since) become
 * those of the import now in effect; rows added or changed in the workspace stay.
 */
export async function restoreCertificationsAfterUndo(tx: Sql, orgId: string): Promise<void> {
  const r = repositories(tx);
  await r.people.removeImportedRows(orgId);
  const effective = (await r.imports.effectiveRecords(orgId, ["certifications"])).get("certifications");
  if (effective === undefined) return;
  await r.people.applyImport(
    orgId,
    effective.importRow.id,
    (effective.records as CertificationRecord[]).map((record) => ({
      personId: record.personId,
      personName: record.personName ?? null,
      certification: record.certification,
      earnedOn: record.earnedDate ?? null,
      expiresOn: record.expirationDate ?? null,
      associated: record.associated ?? null,
      line: record.source.line,
    })),
    { removeUnlisted: false },
  );
}
