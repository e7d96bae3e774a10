import { type Program, todayFrom } from "@specready/core";
import { type ImportKindName, repositories } from "@specready/db";
import { type ColumnMapping, mappingsReadAlike, type PreviewResult } from "@specready/ingest";
import type { AppContext } from "./app-context.js";
import { usageProgramsToKeep } from "./specializations/specialization-readiness.js";
import type { UploadReaders } from "./upload-readers.js";
import type { ImportRead, ReceivedRead } from "./upload-reading.js";

/*
 * Usage files read while they are uploaded. An import usually follows its upload at once, with the
 * mapping the preview proposed: the reading process reads the file as its bytes land (beside the
 * server writing and hashing them), so that the import finds it read, instead of reading it only
 * then. What is read this way is used only by an import of the same upload that would read it the
 * same (same program and specializations, a mapping that reads the same columns); any other import
 * reads the file as before. An upload that fails or is refused ends its read (it reads nothing more),
 * and nothing it read is kept.
 */

/** Files from this size up are read while they arrive: a smaller one reads in a moment anyway. */
export const EARLY_READ_MIN_BYTES = 1024 * 1024;

/** The reading process hears how far the file is written every this many bytes. */
const NOTICE_BYTES = 1024 * 1024;

/** A read nobody imports is dropped after this long (the upload stays, to import as usual). */
const KEEP_MS = 10 * 60 * 1000;

/**
 * Bounds on what early reads hold, per server. A read in progress takes a reading process's time for
 * as long as its upload lasts (minutes over a slow line, or a client that stalls); a complete one keeps
 * its summary (customers x months, a few megabytes for a million rows) in memory until it is imported
 * or expires. Reads in progress never take the last reading process (`earlyReadsAtOnce`): previews and
 * imports of stored files always have one, whoever uploads. An upload past the bounds on reads in
 * progress is stored without an early read; past those on complete reads, the oldest complete one is
 * dropped. Either way the import reads the stored file as usual: nothing is lost, it is only not faster.
 */
export const EARLY_READ_BOUNDS = {
  readingPerOrg: 2,
  reading: 4,
  keptPerOrg: 3,
  kept: 24,
} as const;

interface EarlyRead {
  readonly orgId: string;
  /** Reading while the upload arrives, or kept once it arrived complete. */
  state: "reading" | "kept";
  readonly kind: ImportKindName;
  readonly program: Program;
  /** The programs of `alsoFor` it read, by id (as when it started). */
  alsoFor: readonly string[] | undefined;
  /** The mapping it read with, and the preview's. */
  mapping: ColumnMapping | undefined;
  previewMapping: ColumnMapping | undefined;
  readonly preview: Promise<PreviewResult | undefined>;
  readonly result: Promise<ReceivedRead | undefined>;
  /** Where an import waiting for it follows its progress. */
  onProgress: ((done: number, total: number) => void) | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Reads in progress at once on a server whose readers read `capacity` files at once: all but one of its
 * processes (none with one process: every upload is then read once it has arrived), within
 * `EARLY_READ_BOUNDS.reading`.
 */
export function earlyReadsAtOnce(capacity: number): number {
  return Math.min(EARLY_READ_BOUNDS.reading, Math.max(0, capacity - 1));
}

/** A server's early reads: by upload id, and those whose reading process is still at work. */
interface EarlyReads {
  readonly byUpload: Map<string, EarlyRead>;
  /**
   * The reads whose process is at work, by organization: from their start until their outcome, also
   * once their upload has arrived (the read may lag behind it) or was abandoned.
   */
  readonly working: Set<{ readonly orgId: string }>;
}

const reads = new WeakMap<UploadReaders, EarlyReads>();

function readsOf(ctx: AppContext): EarlyReads {
  let found = reads.get(ctx.readers);
  if (found === undefined) {
    found = { byUpload: new Map(), working: new Set() };
    reads.set(ctx.readers, found);
  }
  return found;
}

/** What `storeUpload` tells the read of a file it receives. */
export interface EarlyReadFeed {
  /** Bytes [0, bytes) are on disk. */
  grown(bytes: number): void;
  /** The file is complete (stored, its declared size) or abandoned (refused, failed). */
  ended(complete: boolean): void;
}

/** How many reads in `map` are in `state`, of `orgId` when it is given. */
function countReads(map: Map<string, EarlyRead>, state: EarlyRead["state"], orgId?: string): number {
  let n = 0;
  for (const entry of map.values())
    if (entry.state === state && (orgId === undefined || entry.orgId === orgId)) n++;
  return n;
}

/** Drops the oldest complete reads (of `orgId`, or of anyone) while there are more than `most`. */
function dropOldestKept(ctx: AppContext, map: Map<string, EarlyRead>, most: number, orgId?: string): void {
  let over = countReads(map, "kept", orgId) - most;
  // The map holds entries in the order they were kept (see `ended`): the first are the oldest.
  for (const [id, entry] of map) {
    if (over <= 0) return;
    if (entry.state !== "kept" || (orgId !== undefined && entry.orgId !== orgId)) continue;
    dropEarlyRead(ctx, id);
    over--;
  }
}

/**
 * Starts reading an upload as it arrives at `paths.partial` (renamed `paths.complete` once complete),
 * `size` bytes as declared: with
 * the mapping remembered for its kind (or none) and the organization's specializations of today.
 * Undefined when the server reads as many uploads as it may already (`EARLY_READ_BOUNDS`): this one is
 * then read when it is imported.
 */
export function startEarlyRead(
  ctx: AppContext,
  orgId: string,
  upload: { readonly id: string; readonly kind: ImportKindName; readonly fileName: string },
  paths: { readonly partial: string; readonly complete: string },
  size: number,
): EarlyReadFeed | undefined {
  const { byUpload: map, working } = readsOf(ctx);
  const atOnce = earlyReadsAtOnce(ctx.readers.capacity);
  // One organization takes at most two of them, and leaves others one where there are two or more.
  const perOrg = Math.min(EARLY_READ_BOUNDS.readingPerOrg, Math.max(1, atOnce - 1));
  if (working.size >= atOnce || [...working].filter((w) => w.orgId === orgId).length >= perOrg)
    return undefined;
  const work = { orgId };
  working.add(work);
  let resolvePreview!: (preview: PreviewResult | undefined) => void;
  let resolveResult!: (result: ReceivedRead | undefined) => void;
  const entry: EarlyRead = {
    orgId,
    state: "reading",
    kind: upload.kind,
    program: ctx.program,
    alsoFor: undefined,
    mapping: undefined,
    previewMapping: undefined,
    preview: new Promise((resolve) => {
      resolvePreview = resolve;
    }),
    result: new Promise((resolve) => {
      resolveResult = resolve;
    }),
    onProgress: undefined,
    timer: undefined,
  };
  const settle = (result: ReceivedRead | undefined) => {
    working.delete(work);
    resolvePreview(undefined); // no-op once the preview came
    resolveResult(result);
  };
  map.set(upload.id, entry);
  let receiver: ReturnType<UploadReaders["receive"]> | undefined;
  let written = 0;
  let told = 0;
  let ended: boolean | undefined;
  void (async () => {
    const saved = (await repositories(ctx.db).imports.mappings(orgId))[upload.kind];
    const alsoFor = await usageProgramsToKeep(ctx, orgId, todayFrom(ctx.now()));
    if (ended === false) return settle(undefined);
    entry.alsoFor = alsoFor.map((p) => p.id);
    entry.mapping = saved ?? {};
    entry.previewMapping = saved;
    receiver = ctx.readers.receive(
      {
        type: "receive",
        path: paths.partial,
        completePath: paths.complete,
        size,
        fileName: upload.fileName,
        kind: upload.kind,
        program: ctx.program,
        alsoFor,
        mapping: entry.mapping,
        previewMapping: saved,
        limits: ctx.config.readLimits,
      },
      {
        onPreview: (preview) => resolvePreview(preview),
        onProgress: (done, total) => entry.onProgress?.(done, total),
      },
    );
    // Its outcome handled before anything else is told to it: it is counted until then.
    receiver.result.then(settle, () => settle(undefined));
    if (written > 0) receiver.grown(written);
    told = written;
    if (ended !== undefined) receiver.ended(ended);
  })().catch((error: unknown) => {
    console.error("specready: reading an upload as it arrives failed:", error);
    settle(undefined);
  });
  return {
    grown(bytes) {
      written = bytes;
      if (receiver !== undefined && bytes - told >= NOTICE_BYTES) {
        told = bytes;
        receiver.grown(bytes);
      }
    },
    ended(complete) {
      ended = complete;
      receiver?.grown(written);
      receiver?.ended(complete);
      if (map.get(upload.id) !== entry) return; // dropped meanwhile
      map.delete(upload.id);
      if (!complete) return;
      // Kept from now: moved to the end of the map, after the reads kept before it.
      entry.state = "kept";
      map.set(upload.id, entry);
      dropOldestKept(ctx, map, EARLY_READ_BOUNDS.keptPerOrg, orgId);
      dropOldestKept(ctx, map, EARLY_READ_BOUNDS.kept);
      entry.timer = setTimeout(() => dropEarlyRead(ctx, upload.id), KEEP_MS);
      entry.timer.unref();
    },
  };
}

/** Forgets the early read of an upload (discarded, or imported another way). */
export function dropEarlyRead(ctx: AppContext, uploadId: string): void {
  const map = readsOf(ctx).byUpload;
  const entry = map.get(uploadId);
  if (entry === undefined) return;
  if (entry.timer !== undefined) clearTimeout(entry.timer);
  map.delete(uploadId);
}

/**
 * The preview of an upload read as it arrived, when it was previewed with `mapping` (the one
 * remembered for its kind, or none); undefined when it was not (the caller previews it as usual).
 */
export async function earlyPreview(
  ctx: AppContext,
  uploadId: string,
  mapping: ColumnMapping | undefined,
): Promise<PreviewResult | undefined> {
  const entry = readsOf(ctx).byUpload.get(uploadId);
  if (entry === undefined) return undefined;
  const preview = await entry.preview;
  return sameMapping(entry.previewMapping, mapping) ? preview : undefined;
}

/**
 * The read of an upload done as it arrived, for its import with `mapping` and `alsoFor`, if it reads the
 * same as that import would; undefined otherwise (the caller reads the file). Taken once: a second
 * import of the upload reads it again. `onProgress` follows the read while it goes on.
 */
export async function takeEarlyRead(
  ctx: AppContext,
  uploadId: string,
  wanted: {
    readonly kind: ImportKindName;
    readonly mapping: ColumnMapping;
    readonly alsoFor: readonly Program[];
    readonly onProgress: (done: number, total: number) => void;
  },
): Promise<ImportRead | undefined> {
  const entry = readsOf(ctx).byUpload.get(uploadId);
  if (entry === undefined) return undefined;
  dropEarlyRead(ctx, uploadId);
  entry.onProgress = wanted.onProgress;
  const received = await entry.result;
  entry.onProgress = undefined;
  if (received === undefined || !received.ok) return undefined;
  if (entry.kind !== wanted.kind || entry.program !== ctx.program) return undefined;
  const alsoFor = wanted.alsoFor.map((p) => p.id);
  if (entry.alsoFor?.length !== alsoFor.length || entry.alsoFor.some((id, k) => id !== alsoFor[k]))
    return undefined;
  const readWith = entry.mapping ?? {};
  const alike =
    sameMapping(readWith, wanted.mapping) ||
    (received.header !== undefined &&
      mappingsReadAlike(wanted.kind, received.header, readWith, wanted.mapping));
  return alike ? received.read : undefined;
}

/** The same entries, in any order (undefined is no mapping). */
function sameMapping(a: ColumnMapping | undefined, b: ColumnMapping | undefined): boolean {
  const entries = (m: ColumnMapping | undefined) => JSON.stringify(Object.entries(m ?? {}).sort());
  return entries(a) === entries(b);
}
