import type { PassThrough, Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { ZipFile } from "yazl";
import { BinderError, binderErrors } from "./binder-error.js";
import { binderHtml } from "./binder-html.js";
import { type EvidenceEntry, layoutBinder } from "./binder-layout.js";
import type { BinderModel, OpenEvidenceFile } from "./binder-model.js";
import { binderPdf } from "./binder-pdf.js";
import { auditEvidenceCsv, auditHistoryCsv } from "./check-data-csv.js";
import { manifestCsv } from "./manifest-csv.js";
import { textStream } from "./text-stream.js";
import { VerifyingStream } from "./verifying-stream.js";

/** The entries that precede the evidence files, in ZIP order. */
export const BINDER_DOCUMENTS = [
  "index.html",
  "index.pdf",
  "manifest.csv",
  "check-data/audit-evidence.csv",
  "check-data/audit-history.csv",
] as const;

/**
 * The evidence binder an auditor downloads, as a ZIP byte stream: index.html, index.pdf, manifest.csv,
 * check-data/audit-evidence.csv and check-data/audit-history.csv, then every evidence file under
 * `Module A/A1.1 <title>/<customer (tenant id)>/<nn> <title> - <file name>` (links as `.url` shortcuts,
 * notes as `.txt`).
 *
 * Streamed end to end so memory stays flat for gigabytes: evidence files are stored (they are mostly
 * compressed already, and storing keeps the time near `zip -0`), each opened only when the ZIP reaches
 * it, one at a time, and passed through chunk by chunk; ZIP64 is used when a file or the archive needs
 * it. Every file is hashed again on the way: bytes that are not the uploaded ones (SHA-256 or size),
 * or a file that cannot be opened or read, fail the stream with a BinderError naming the item, so the
 * HTTP layer aborts the download and a corrupt binder never looks complete. The same model gives the
 * same bytes (every entry's time is `generatedAt`).
 *
 * Throws a BinderError ("binder.invalid_model") at once for a model it cannot lay out. Destroying the
 * returned stream (a client gone) closes the file being read and opens no other.
 */
export function writeBinder(model: BinderModel, openFile: OpenEvidenceFile): Readable {
  const mtime = new Date(model.generatedAt);
  if (Number.isNaN(mtime.getTime()))
    throw binderErrors.invalidModel(`generatedAt "${model.generatedAt}" is not an ISO timestamp`);
  const layout = layoutBinder(model);
  const zip = new ZipFile();
  const output = zip.outputStream as PassThrough;
  // The one input being zipped, closed when the binder fails or the reader goes away.
  let current: Readable | undefined;
  let stopped = false;

  const fail = (error: Error): void => {
    if (stopped) return;
    stopped = true;
    current?.destroy();
    output.destroy(error);
  };
  zip.on("error", (error: Error) =>
    fail(error instanceof BinderError ? error : binderErrors.generationFailed("the ZIP archive", error)),
  );
  output.on("close", () => {
    stopped = true;
    current?.destroy();
  });

  /**
   * Follows the input being zipped; resolves when it is closed. An error, or an input closed before its
   * end (a storage connection dropped without an error), fails the binder: a ZIP waiting for bytes that
   * never come would leave the download hanging.
   */
  const track = (source: Readable, onError: (error: Error) => Error): Promise<void> => {
    current = source;
    return finished(source).then(
      () => {
        if (current === source) current = undefined;
      },
      (error: Error) => {
        if (current === source) current = undefined;
        fail(onError(error));
      },
    );
  };

  const addDocument = (path: string, compress: boolean, make: () => Readable): void => {
    zip.addReadStreamLazy(path, { mtime, compress }, (cb) => {
      if (stopped) return;
      let source: Readable;
      try {
        source = make();
      } catch (error) {
        fail(binderErrors.generationFailed(path, error));
        return;
      }
      track(source, (error) => binderErrors.generationFailed(path, error));
      cb(null, source);
    });
  };

  const addStoredFile = (entry: EvidenceEntry): void => {
    if (entry.content.kind !== "stored") return;
    const { file } = entry.content;
    const { item, path } = entry;
    zip.addReadStreamLazy(path, { mtime, compress: false, size: file.size }, (cb) => {
      if (stopped) return;
      Promise.resolve()
        .then(() => openFile(file.storageKey))
        .then(
          (source) => {
            if (stopped) {
              source.destroy();
              return;
            }
            const closed = track(source, (error) => binderErrors.fileUnreadable(item, path, error));
            const verify = new VerifyingStream(
              file,
              (what) => binderErrors.fileChanged(item, path, what),
              closed,
            );
            verify.on("error", (error: Error) =>
              fail(error instanceof BinderError ? error : binderErrors.fileUnreadable(item, path, error)),
            );
            source.pipe(verify);
            cb(null, verify);
          },
          (error: unknown) => fail(binderErrors.fileUnreadable(item, path, error)),
        );
    });
  };

  // Text compresses well; the PDF's pages are compressed by pdfkit already.
  addDocument("index.html", true, () => textStream(binderHtml(model, layout)));
  addDocument("index.pdf", false, () => binderPdf(model, layout));
  addDocument("manifest.csv", true, () => textStream(manifestCsv(layout.entries)));
  addDocument("check-data/audit-evidence.csv", true, () =>
    textStream(auditEvidenceCsv(model.checkData.auditEvidence)),
  );
  addDocument("check-data/audit-history.csv", true, () =>
    textStream(auditHistoryCsv(model.checkData.auditHistory)),
  );
  for (const entry of layout.entries) {
    if (entry.content.kind === "stored") addStoredFile(entry);
    else zip.addBuffer(entry.content.bytes, entry.path, { mtime, compress: false });
  }
  zip.end();
  return output;
}
