import type { Schemas } from "../../api/client";

/*
 * Uploads, imports and import jobs as the API gives them (the OpenAPI document's `Upload`, `Import`,
 * `ImportJob`).
 */

export type Upload = Schemas["Upload"];
export type UploadPreview = Upload["preview"];
export type PreviewColumn = UploadPreview["columns"][number];
export type ImportRecord = Schemas["Import"];
export type Problem = Schemas["Problem"];
export type ImportJob = Schemas["ImportJob"];
export type ImportJobState = ImportJob["state"];
/** What an import needs confirmed before it is committed. */
export type Confirmation = NonNullable<ImportJob["confirmations"]>[number];

/** Column name → the file's header chosen for it (null: not mapped). */
export type ColumnMapping = Readonly<Record<string, string | null>>;
