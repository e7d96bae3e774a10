import type { Readable } from "node:stream";
import { binderErrors } from "./binder-error.js";
import { binderHtml } from "./binder-html.js";
import { type BinderLayout, type EvidenceEntry, layoutBinder } from "./binder-layout.js";
import type { BinderModel, OpenEvidenceFile } from "./binder-model.js";
import { binderPdf } from "./binder-pdf.js";
import { auditEvidenceCsv, auditHistoryCsv } from "./check-data-csv.js";
import { ContentVerifier } from "./content-verifier.js";
import { manifestCsv } from "./manifest-csv.js";
import { textStream } from "./text-stream.js";
import { type ZipEntrySource, zipStream } from "./zip-stream.js";

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
 * it, one at a time, and passed through chunk by chunk without a copy (zipStream); ZIP64 is used when a
 * file or the archive needs it. Every file is hashed again on the way, SHA-256 in the same pass as the
 * ZIP's CRC-32 (ContentVerifier): bytes that are not the uploaded ones (SHA-256 or size),
 * or a file that cannot be opened or read, fail the stream with a BinderError naming the item, so the
 * HTTP layer aborts the download and a corrupt binder never looks complete. The same model gives the
 * same bytes (every entry's time is `generatedAt`).
 *
 * `layout` is `layoutBinder(model)`, given when the caller laid it out already (to count what the
 * manifest lists). Throws a BinderError ("binder.invalid_model") at once for a model it cannot lay out. Destroying the
 * returned stream (a client gone) closes the file being read and opens no other.
 */
export function writeBinder(
  model: BinderModel,
  openFile: OpenEvidenceFile,
  layout: BinderLayout = layoutBinder(model),
): Readable {
  const mtime = new Date(model.generatedAt);
  if (Number.isNaN(mtime.getTime()))
    throw binderErrors.invalidModel(`generatedAt "${model.generatedAt}" is not an ISO timestamp`);

  // Text compresses well; the PDF's pages are compressed by pdfkit already.
  const document = (name: string, method: "store" | "deflate", make: () => Readable): ZipEntrySource => ({
    name,
    method,
    open: make,
    failure: (cause) => binderErrors.generationFailed(name, cause),
  });

  const evidence = (entry: EvidenceEntry): ZipEntrySource => {
    const { item, path, content } = entry;
    if (content.kind === "generated")
      return {
        name: path,
        method: "store",
        size: content.bytes.length,
        open: () => content.bytes,
        failure: (cause) => binderErrors.generationFailed(path, cause),
      };
    const { file } = content;
    return {
      name: path,
      method: "store",
      size: file.size,
      open: () => openFile(file.storageKey),
      check: new ContentVerifier(file, (what) => binderErrors.fileChanged(item, path, what)),
      failure: (cause) => binderErrors.fileUnreadable(item, path, cause),
    };
  };

  function* entries(): Generator<ZipEntrySource> {
    yield document("index.html", "deflate", () => textStream(binderHtml(model, layout)));
    yield document("index.pdf", "store", () => binderPdf(model, layout));
    yield document("manifest.csv", "deflate", () => textStream(manifestCsv(layout.entries)));
    yield document("check-data/audit-evidence.csv", "deflate", () =>
      textStream(auditEvidenceCsv(model.checkData.auditEvidence)),
    );
    yield document("check-data/audit-history.csv", "deflate", () =>
      textStream(auditHistoryCsv(model.checkData.auditHistory)),
    );
    for (const entry of layout.entries) yield evidence(entry);
  }

  return zipStream(entries(), { mtime });
}
