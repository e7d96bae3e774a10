import type { BinderItem } from "./binder-model.js";

/** Why a binder could not be written; stable, so logs and the HTTP layer can tell the cases apart. */
export type BinderErrorCode =
  | "binder.invalid_model"
  | "binder.file_unreadable"
  | "binder.file_changed"
  | "binder.generation_failed";

/**
 * A binder that cannot be completed. The ZIP stream fails with it, so the download is cut short and
 * never looks complete: an auditor must not receive a binder whose files differ from the manifest.
 */
export class BinderError extends Error {
  constructor(
    readonly code: BinderErrorCode,
    message: string,
    /** The ZIP entry concerned, when there is one. */
    readonly entryPath?: string,
    /** The evidence item concerned, when there is one. */
    readonly evidenceId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "BinderError";
  }
}

function describe(item: BinderItem): string {
  const file = item.file;
  const revision = file === undefined ? "" : `, revision ${file.revision}, file "${file.fileName}"`;
  return `evidence "${item.title}" (${item.evidenceId}${revision})`;
}

/** The error factories: one per situation, so codes and messages stay consistent. */
export const binderErrors = {
  invalidModel: (message: string, item?: BinderItem) =>
    new BinderError(
      "binder.invalid_model",
      item === undefined ? message : `${describe(item)}: ${message}`,
      undefined,
      item?.evidenceId,
    ),
  fileUnreadable: (item: BinderItem, path: string, cause: unknown) =>
    new BinderError(
      "binder.file_unreadable",
      `The binder is incomplete: ${describe(item)} could not be read for ${path}: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      path,
      item.evidenceId,
      { cause },
    ),
  fileChanged: (item: BinderItem, path: string, what: string) =>
    new BinderError(
      "binder.file_changed",
      `The binder is incomplete: ${describe(item)} for ${path} is not the file that was uploaded (${what}).`,
      path,
      item.evidenceId,
    ),
  generationFailed: (path: string, cause: unknown) =>
    new BinderError(
      "binder.generation_failed",
      `The binder is incomplete: ${path} could not be written: ${cause instanceof Error ? cause.message : String(cause)}`,
      path,
      undefined,
      { cause },
    ),
};
