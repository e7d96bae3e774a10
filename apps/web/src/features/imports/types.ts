import type { ImportImpact, InputWarning, ReadinessChange, RepeatedRows } from "@specready/core";
import type { ImportKind } from "./kinds";

export interface PreviewColumn {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** The file's header mapped to this column, or null. */
  readonly header: string | null;
  readonly matchedBy: "mapping" | "name" | null;
}

export interface UploadPreview {
  readonly header: readonly string[];
  /** The first data rows, as text. */
  readonly rows: readonly (readonly string[])[];
  readonly columns: readonly PreviewColumn[];
  readonly missingRequired: readonly string[];
  readonly savedMapping: boolean;
}

export interface Upload {
  readonly id: string;
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly size: number;
  readonly preview: UploadPreview;
}

export interface ImportRecord {
  readonly id: string;
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly rows: number;
  readonly months: readonly string[];
  readonly status: "active" | "reverted";
  readonly createdAt: string;
  readonly createdBy: { readonly id: string; readonly name: string } | null;
  readonly revertedAt: string | null;
  readonly warnings: readonly InputWarning[];
}

export interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly column?: string;
  readonly code: string;
  readonly message: string;
}

export type ImportJobState = "reading" | "needs_confirmation" | "saving" | "done" | "failed" | "cancelled";

/** What an import needs confirmed before it is committed. */
export type Confirmation = "replace" | "repeats";

export interface ImportJob {
  readonly id: string;
  readonly state: ImportJobState;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly rows: number;
  /** Rows repeating an earlier row of the file exactly, once it is read. */
  readonly repeats?: RepeatedRows & { readonly message: string | null };
  /** What the import replaces (or would, while it waits for its confirmation). */
  readonly impact?: ImportImpact;
  /** Readiness today before and after the import (or as it would be). */
  readonly readiness?: ReadinessChange;
  readonly confirmations?: readonly Confirmation[];
  readonly code?: string;
  readonly import?: ImportRecord;
  readonly problems?: readonly Problem[];
  readonly problemTotal?: number;
  readonly message?: string;
}

/** Column name → the file's header chosen for it (null: not mapped). */
export type ColumnMapping = Readonly<Record<string, string | null>>;
