import { CSV_BOM, csvLine } from "@specready/core";
import type { EvidenceEntry } from "./binder-layout.js";

/** The columns of manifest.csv, in order. */
export const MANIFEST_COLUMNS = [
  "path",
  "module",
  "control",
  "customer_tenant_id",
  "customer_name",
  "project",
  "completion_date",
  "evidence_id",
  "title",
  "artifact_type",
  "status",
  "approved_by",
  "approved_at",
  "self_approved",
  "revision",
  "file_name",
  "media_type",
  "size",
  "sha256",
  "uploaded_at",
  "uploaded_by",
] as const;

/**
 * manifest.csv, line by line: one line per evidence entry of the ZIP, in ZIP order, with the size and
 * SHA-256 of the bytes in the ZIP (for a link or a note, of the generated .url or .txt), so an auditor
 * can verify every file, with its review status and approver (self-approvals marked). Excel-ready
 * (BOM, CRLF) and formula-safe (the product's one CSV writer, `csvLine` of @specready/core).
 */
export function* manifestCsv(entries: readonly EvidenceEntry[]): Generator<string> {
  yield `${CSV_BOM}${csvLine(MANIFEST_COLUMNS)}`;
  for (const e of entries) {
    const file = e.content.kind === "stored" ? e.content.file : undefined;
    yield csvLine([
      e.path,
      e.control.module,
      e.control.id,
      e.customer.tenantId,
      e.customer.name,
      e.item.project,
      e.item.completionDate,
      e.item.evidenceId,
      e.item.title,
      e.item.artifactType,
      e.item.status,
      e.item.approval?.by,
      e.item.approval?.at,
      e.item.approval === null ? undefined : e.item.approval.selfApproved ? "yes" : "no",
      file?.revision,
      file?.fileName,
      e.mediaType,
      e.size,
      e.sha256,
      file?.uploadedAt,
      file?.uploadedBy,
    ]);
  }
}
