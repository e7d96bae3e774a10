import type { CertificationRecord } from "../records/input-records.js";

/** A stored certification row, as the diff compares it with a file's row. */
export interface StoredCertification {
  readonly id: string;
  readonly personId: string;
  readonly personName?: string | undefined;
  readonly certification: string;
  readonly earnedDate?: string | undefined;
  readonly expirationDate?: string | undefined;
  readonly associated?: boolean | undefined;
  /** Who changed the row in the workspace since an import wrote it (or added it there); undefined: no one. */
  readonly editedBy?: string | undefined;
}

export type CertificationField = "personName" | "earnedDate" | "expirationDate" | "associated";

export interface CertificationChange {
  readonly stored: StoredCertification;
  readonly record: CertificationRecord;
  readonly fields: readonly CertificationField[];
  /** The row was changed in the workspace after the last import: the file would overwrite that. */
  readonly conflict: boolean;
}

export interface CertificationRemoval {
  readonly stored: StoredCertification;
  /** The row was added or changed in the workspace: the file would remove that work. */
  readonly conflict: boolean;
}

/** What an import of a certifications file does to the people records. */
export interface CertificationDiff {
  readonly added: readonly CertificationRecord[];
  readonly changed: readonly CertificationChange[];
  readonly removed: readonly CertificationRemoval[];
  /** The file's rows in file order, each with the stored row it rewrites (undefined: added). */
  readonly rows: readonly { readonly record: CertificationRecord; readonly matches?: string | undefined }[];
  readonly unchanged: number;
  /** Changes and removals of rows edited in the workspace since the last import. */
  readonly conflicts: number;
}

const key = (personId: string, certification: string) =>
  `${personId.trim().toLowerCase()}\u0000${certification.trim().toLowerCase()}`;

/** The fields of a file row that differ from a stored row (a field the file leaves out counts as empty). */
function differences(stored: StoredCertification, record: CertificationRecord): CertificationField[] {
  const fields: CertificationField[] = [];
  if ((stored.personName ?? "") !== (record.personName ?? "") && record.personName !== undefined)
    fields.push("personName");
  if ((stored.earnedDate ?? "") !== (record.earnedDate ?? "")) fields.push("earnedDate");
  if ((stored.expirationDate ?? "") !== (record.expirationDate ?? "")) fields.push("expirationDate");
  if ((stored.associated ?? null) !== (record.associated ?? null)) fields.push("associated");
  return fields;
}

/**
 * Compares a certifications file with the stored people records. A file row and a stored row are the
 * same certification of the same person (PersonId and certification name, ignoring case); rows that
 * repeat one are paired in order, so a file that lists a row twice keeps two. A row of the file with no
 * stored partner is added, a stored row with no file partner is removed, a pair that differs is
 * changed. Changing or removing a row someone edited in the workspace is a conflict: the preview shows
 * it, and the import goes ahead only when confirmed.
 */
export function certificationDiff(
  stored: readonly StoredCertification[],
  file: readonly CertificationRecord[],
): CertificationDiff {
  const waiting = new Map<string, StoredCertification[]>();
  for (const s of stored) {
    const k = key(s.personId, s.certification);
    const list = waiting.get(k) ?? [];
    list.push(s);
    waiting.set(k, list);
  }
  const added: CertificationRecord[] = [];
  const changed: CertificationChange[] = [];
  const rows: { record: CertificationRecord; matches?: string }[] = [];
  let unchanged = 0;
  for (const record of file) {
    const partner = waiting.get(key(record.personId, record.certification))?.shift();
    if (partner === undefined) {
      added.push(record);
      rows.push({ record });
      continue;
    }
    rows.push({ record, matches: partner.id });
    const fields = differences(partner, record);
    if (fields.length === 0) unchanged++;
    else changed.push({ stored: partner, record, fields, conflict: partner.editedBy !== undefined });
  }
  const removed = [...waiting.values()]
    .flat()
    .map((s) => ({ stored: s, conflict: s.editedBy !== undefined }));
  const conflicts = changed.filter((c) => c.conflict).length + removed.filter((r) => r.conflict).length;
  return { added, changed, removed, rows, unchanged, conflicts };
}

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "2 added, 1 changed, 3 removed, 40 unchanged" (the kinds with rows). */
export function describeCertificationDiff(diff: CertificationDiff): string {
  const parts = [
    diff.added.length > 0 ? `${diff.added.length} added` : "",
    diff.changed.length > 0 ? `${diff.changed.length} changed` : "",
    diff.removed.length > 0 ? `${diff.removed.length} removed` : "",
    diff.unchanged > 0 ? `${diff.unchanged} unchanged` : "",
  ].filter((p) => p !== "");
  return parts.length === 0 ? "no certification rows" : `certification rows: ${parts.join(", ")}`;
}

/**
 * The conflicts in words, each naming the person, the certification and who changed it in the
 * workspace: "The file would change DP-100 of ana@contoso.example (earnedDate), edited by Ana Admin".
 */
export function describeCertificationConflicts(diff: CertificationDiff): string[] {
  const who = (s: StoredCertification) => s.personName ?? s.personId;
  return [
    ...diff.changed
      .filter((c) => c.conflict)
      .map(
        (c) =>
          `The file would change ${c.stored.certification} of ${who(c.stored)} (${c.fields.join(", ")}), edited in the workspace by ${c.stored.editedBy}.`,
      ),
    ...diff.removed
      .filter((r) => r.conflict)
      .map(
        (r) =>
          `The file would remove ${r.stored.certification} of ${who(r.stored)}, entered in the workspace by ${r.stored.editedBy}.`,
      ),
  ];
}

/** "1 conflict" / "3 conflicts". */
export function conflictCount(diff: CertificationDiff): string {
  return plural(diff.conflicts, "conflict", "conflicts");
}
