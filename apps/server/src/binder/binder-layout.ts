import { createHash } from "node:crypto";
import { binderErrors } from "./binder-error.js";
import type { BinderControl, BinderCustomer, BinderFile, BinderItem, BinderModel } from "./binder-model.js";
import { UniqueEntryNames } from "./unique-entry-names.js";

/*
 * Where everything goes in the binder, decided before the first byte is written: index.html, the PDF
 * and manifest.csv come first in the ZIP and describe the evidence files that follow, so every path,
 * size and SHA-256 must be known up front. Only metadata is held; file bytes are streamed later.
 */

/** The bytes of one evidence entry: a stored file (streamed and checked) or text the binder generates. */
export type EntryContent =
  | { readonly kind: "stored"; readonly file: BinderFile }
  | { readonly kind: "generated"; readonly bytes: Buffer };

/** One evidence file of the ZIP. */
export interface EvidenceEntry {
  /** The full entry path, `/`-separated, every segment sanitized. */
  readonly path: string;
  /** Its last segment. */
  readonly name: string;
  readonly control: BinderControl;
  readonly customer: BinderCustomer;
  readonly item: BinderItem;
  readonly size: number;
  /** Lowercase hex. */
  readonly sha256: string;
  readonly mediaType: string;
  readonly content: EntryContent;
}

/** A customer of a control with its entries, in item title order. */
export interface CustomerLayout {
  readonly customer: BinderCustomer;
  readonly entries: readonly EvidenceEntry[];
}

/** A control with its customers, in customer order. */
export interface ControlLayout {
  readonly control: BinderControl;
  readonly customers: readonly CustomerLayout[];
}

export interface BinderLayout {
  /** Module A then B, checklist order within a module. */
  readonly controls: readonly ControlLayout[];
  /** Every evidence entry in ZIP order. */
  readonly entries: readonly EvidenceEntry[];
}

/** Media type of a generated internet shortcut. */
export const SHORTCUT_MEDIA_TYPE = "application/x-mswinurl";
/** Media type of a generated note. */
export const NOTE_MEDIA_TYPE = "text/plain; charset=utf-8";

// A fixed locale and numeric order ("Step 2" before "Step 10"): the same model gives the same binder
// on every server; exact code-unit order then the id break the remaining ties.
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Deterministic text order: the collator, then exact code units. */
export function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function customerSortName(c: BinderCustomer): string {
  return c.name ?? c.tenantId;
}

function compareCustomers(a: BinderCustomer, b: BinderCustomer): number {
  return compareText(customerSortName(a), customerSortName(b)) || compareText(a.tenantId, b.tenantId);
}

function compareItems(a: BinderItem, b: BinderItem): number {
  return compareText(a.title, b.title) || compareText(a.evidenceId, b.evidenceId);
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * A link as an internet shortcut (double-click opens it). Only web addresses: a shortcut to `file:` or
 * `javascript:` would run something on the auditor's machine, so other links become a text file that
 * shows the address. The URL is re-serialized by the WHATWG parser, so it holds no line break that
 * could add keys to the shortcut.
 */
function linkContent(url: string): { extension: string; text: string; mediaType: string } {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && (parsed.protocol === "https:" || parsed.protocol === "http:")) {
    return {
      extension: ".url",
      text: `[InternetShortcut]\r\nURL=${parsed.href}\r\n`,
      mediaType: SHORTCUT_MEDIA_TYPE,
    };
  }
  return { extension: ".txt", text: `${url.replace(/\r\n|\r|\n/g, "\r\n")}\r\n`, mediaType: NOTE_MEDIA_TYPE };
}

function noteText(note: string): string {
  return `${note.replace(/\r\n|\r|\n/g, "\r\n")}\r\n`;
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

function checkItem(item: BinderItem): void {
  if (item.kind === "file") {
    const file = item.file;
    if (file === undefined) throw binderErrors.invalidModel("a file item has no file", item);
    if (!SHA256_HEX.test(file.sha256))
      throw binderErrors.invalidModel(`sha256 "${file.sha256}" is not a SHA-256 in hex`, item);
    if (!Number.isSafeInteger(file.size) || file.size < 0)
      throw binderErrors.invalidModel(`size ${file.size} is not a byte count`, item);
  } else if (item.kind === "link") {
    if (item.url === undefined) throw binderErrors.invalidModel("a link item has no url", item);
  } else if (item.kind === "note") {
    if (item.note === undefined) throw binderErrors.invalidModel("a note item has no note", item);
  } else {
    throw binderErrors.invalidModel(`unknown kind "${String((item as BinderItem).kind)}"`, item);
  }
}

function moduleRank(control: BinderControl): number {
  return control.module === "A" ? 0 : 1;
}

/**
 * Lays out the binder: controls by module then in the model's (checklist) order, customers by name then
 * tenant id, items by title; folders `Module A/<id> <title>/<customer (tenant id)>/` and files
 * `<nn> <title> - <file name>` (`<nn> <file name>` when the file is named as the title), links `<nn> <title>.url`, notes `<nn> <title>.txt`, every segment
 * sanitized and unique in its folder. Throws a BinderError ("binder.invalid_model") for an item that
 * lacks its file, URL or note, or a file whose size or SHA-256 is malformed.
 */
export function layoutBinder(model: BinderModel): BinderLayout {
  const names = new UniqueEntryNames();
  const entries: EvidenceEntry[] = [];
  const controls = model.controls
    .map((control, index) => ({ control, index }))
    .sort((a, b) => moduleRank(a.control) - moduleRank(b.control) || a.index - b.index)
    .map(({ control }): ControlLayout => {
      const moduleFolder = names.folder("", control.module, `Module ${control.module}`);
      const controlFolder = `${moduleFolder}/${names.folder(moduleFolder, control.id, `${control.id} ${control.title}`)}`;
      const customers = [...control.customers].sort(compareCustomers).map((customer): CustomerLayout => {
        const folderName = names.folder(
          controlFolder,
          customer.tenantId,
          customer.name ?? customer.tenantId,
          customer.name === null ? {} : { suffix: ` (${customer.tenantId})` },
        );
        const folder = `${controlFolder}/${folderName}`;
        const items = [...customer.items].sort(compareItems);
        const width = Math.max(2, String(items.length).length);
        const customerEntries = items.map((item, index): EvidenceEntry => {
          checkItem(item);
          const nn = String(index + 1).padStart(width, "0");
          let wanted: string;
          let content: EntryContent;
          let mediaType: string;
          if (item.kind === "file" && item.file !== undefined) {
            wanted = fileEntryName(nn, item.title, item.file.fileName);
            content = { kind: "stored", file: item.file };
            mediaType = item.file.mediaType;
          } else if (item.kind === "link") {
            const link = linkContent(item.url ?? "");
            wanted = `${nn} ${item.title}${link.extension}`;
            content = { kind: "generated", bytes: Buffer.from(link.text, "utf8") };
            mediaType = link.mediaType;
          } else {
            wanted = `${nn} ${item.title}.txt`;
            content = { kind: "generated", bytes: Buffer.from(noteText(item.note ?? ""), "utf8") };
            mediaType = NOTE_MEDIA_TYPE;
          }
          const name = names.claim(folder, wanted);
          const entry: EvidenceEntry = {
            path: `${folder}/${name}`,
            name,
            control,
            customer,
            item,
            mediaType,
            content,
            size: content.kind === "stored" ? content.file.size : content.bytes.length,
            sha256: content.kind === "stored" ? content.file.sha256.toLowerCase() : sha256(content.bytes),
          };
          entries.push(entry);
          return entry;
        });
        return { customer, entries: customerEntries };
      });
      return { control, customers };
    });
  return { controls, entries };
}

/** `<nn> <title> - <file name>`, or `<nn> <file name>` when the file's name is the title already. */
export function fileEntryName(nn: string, title: string, fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  const same = base.trim().localeCompare(title.trim(), undefined, { sensitivity: "accent" }) === 0;
  return same ? `${nn} ${fileName}` : `${nn} ${title} - ${fileName}`;
}
