import { type SafeEntryNameOptions, safeEntryName } from "./safe-entry-name.js";

/**
 * Hands out entry names that are unique within their folder: a second "Report.pdf" becomes
 * "Report (2).pdf", a third "Report (3).pdf". Names are compared as Windows and macOS compare them
 * (ignoring case), since two entries differing only in case would overwrite each other there.
 */
export class UniqueEntryNames {
  private readonly taken = new Map<string, Set<string>>();
  private readonly folders = new Map<string, string>();

  /** A safe name for `wanted` in the folder `parent` (an entry path prefix, "" for the root), claimed. */
  claim(parent: string, wanted: string, options: SafeEntryNameOptions = {}): string {
    const key = parent.toLowerCase();
    let names = this.taken.get(key);
    if (names === undefined) {
      names = new Set();
      this.taken.set(key, names);
    }
    const base = options.suffix ?? "";
    let name = safeEntryName(wanted, options);
    for (let n = 2; names.has(name.toLowerCase()); n++) {
      name = safeEntryName(wanted, { ...options, suffix: `${base} (${n})` });
    }
    names.add(name.toLowerCase());
    return name;
  }

  /**
   * The name of the folder standing for `identity` in `parent` (a control's id, a customer's tenant
   * id): claimed the first time, the same name every time after.
   */
  folder(parent: string, identity: string, wanted: string, options: SafeEntryNameOptions = {}): string {
    const key = `${parent.toLowerCase()}\u0000${identity.toLowerCase()}`;
    let name = this.folders.get(key);
    if (name === undefined) {
      name = this.claim(parent, wanted, { keepExtension: false, ...options });
      this.folders.set(key, name);
    }
    return name;
  }
}
