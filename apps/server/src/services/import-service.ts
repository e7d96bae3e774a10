import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { repeatedRowsMessage, todayFrom } from "@specready/core";
import { type Actor, type ImportKindName, repositories } from "@specready/db";
import { type ImportKind, type InputProblem, inputColumns } from "@specready/ingest";
import { AppError, errors } from "../errors/app-error.js";
import { type FileHash, HASH_THREAD_MIN_BYTES, hashFileAsWritten } from "../storage/file-hash-thread.js";
import { fileWriter } from "../storage/file-writer.js";
import { isPartialName, partialName, removeAbandonedPartials } from "../storage/partial-files.js";
import {
  localUpload,
  removeUploadFiles,
  stageUpload,
  UploadGoneError,
  uploadPath,
  uploadsDir,
} from "../storage/upload-staging.js";
import type { AppContext } from "./app-context.js";
import {
  dropEarlyRead,
  EARLY_READ_MIN_BYTES,
  type EarlyReadFeed,
  earlyPreview,
  startEarlyRead,
  takeEarlyRead,
} from "./early-reads.js";
import {
  ConfirmationNeeded,
  commitImport,
  confirmationCode,
  type ImportOptions,
  type PendingImport,
  type PreparedCommit,
  prepareCommit,
} from "./import-commit.js";
import type { ImportRequest, StoredUpload } from "./pending-import.js";

export type { StoredUpload } from "./pending-import.js";

import type { ImportJob } from "./import-jobs.js";
import { logFailedImport, logRefusedUpload } from "./import-log.js";
import { recordActivity } from "./mutation/mutate.js";
import { usageProgramsToKeep } from "./specializations/specialization-readiness.js";
import { ReaderError } from "./upload-readers.js";
import type { ImportRead } from "./upload-reading.js";

/**
 * A file name as the user gave it, made safe to show and to store: the base name only (no folders),
 * no control characters (C0, DEL, C1) and no bidirectional or invisible formatting characters (a
 * right-to-left override shows `invoice\u202Efdp.exe` as `invoiceexe.pdf`), at most 200 characters.
 * It is never used as a path.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, "")
    .trim();
  if (clean === "" || clean === "." || clean === "..") return "upload";
  return clean.length > 200 ? clean.slice(clean.length - 200) : clean;
}

/**
 * Streams a request body to disk under the upload limit, hashing it on the way. The file is complete
 * before its row is written; a body over the limit, or a failed write, leaves nothing behind. A usage
 * file of a declared length (`declaredLength`, the request's Content-Length) is read as it arrives, for
 * its preview and its import (see early-reads.ts).
 */
export async function storeUpload(
  ctx: AppContext,
  orgId: string,
  kind: ImportKindName,
  fileName: string,
  body: NodeJS.ReadableStream | ReadableStream<Uint8Array> | null,
  userId: string | null,
  declaredLength?: number,
): Promise<StoredUpload> {
  if (body === null)
    throw errors.invalidRequest([
      { path: "body", message: "the file is missing (send it as the request body)" },
    ]);
  // A reading process takes about a second to start: it starts while the file arrives, so the preview
  // does not wait for it, and is not kept in memory by a server nobody uploads to (it ends when idle).
  ctx.readers.warm();
  const id = randomUUID();
  const path = uploadPath(ctx, id);
  // Written under a name that says whose it is until complete: a restart removes what a killed process
  // left (see removeStaleUploads).
  const partial = join(uploadsDir(ctx), partialName(id));
  await mkdir(uploadsDir(ctx), { recursive: true, mode: 0o700 });
  const hash = createHash("sha256");
  let size = 0;
  // The organization's uploads waiting for their import share one cap: this one gets what is left.
  const pendingLimit = ctx.config.pendingUploadsLimitBytes;
  const pending = await repositories(ctx.db).imports.pendingBytes(orgId);
  if (pending >= pendingLimit) throw errors.pendingUploadsFull(pending, pendingLimit);
  const limit = Math.min(ctx.config.uploadLimitBytes, pendingLimit - pending);
  let file: FileHandle | undefined;
  let early: EarlyReadFeed | undefined;
  let hashing: FileHash | undefined;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      // Past the limit the rest of the body is read and dropped, not written: failing the stream would
      // reset the connection before the browser sees the 413.
      if (size > limit) {
        done();
        return;
      }
      if (hashing === undefined) hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    file = await open(partial, "wx", 0o600);
    if (
      kind === "azure-usage" &&
      declaredLength !== undefined &&
      Number.isSafeInteger(declaredLength) &&
      declaredLength >= EARLY_READ_MIN_BYTES &&
      declaredLength <= limit
    )
      early = startEarlyRead(ctx, orgId, { id, kind, fileName }, { partial, complete: path }, declaredLength);
    // A large file is hashed on a thread of its own, from what is written (see file-hash-thread.ts);
    // with none to be had (as many at work as allowed, or it failed to start), here as it arrives.
    if (declaredLength !== undefined && declaredLength >= HASH_THREAD_MIN_BYTES && declaredLength <= limit) {
      try {
        hashing = hashFileAsWritten(partial);
      } catch (error) {
        console.error(`specready: no thread to hash an upload on (${(error as Error).name}); hashed here`);
      }
    }
    const feed = early;
    const hashed = hashing;
    await pipeline(
      isNodeStream(body) ? body : Readable.fromWeb(body as never),
      meter,
      fileWriter(file, (bytes) => {
        feed?.grown(bytes);
        hashed?.written(bytes);
      }),
    );
    await file.close();
    file = undefined;
    if (size > limit)
      throw limit < ctx.config.uploadLimitBytes
        ? errors.pendingUploadsFull(pending, pendingLimit)
        : errors.uploadTooLarge(limit);
    if (size === 0) throw new AppError(422, "upload.empty", `${fileName} is empty.`);
    // Complete as declared: what was read as it arrived is the file's.
    early?.ended(size === declaredLength);
    const sha256 =
      hashing === undefined
        ? hash.digest("hex")
        : await hashing.digest(size).catch(async (error: unknown) => {
            // The thread could not (it failed to start, say): the file is hashed here, from disk.
            console.error(`specready: ${(error as Error).message}; hashed on the server's thread`);
            for await (const chunk of createReadStream(partial)) hash.update(chunk as Buffer);
            return hash.digest("hex");
          });
    await rename(partial, path);
    // In the shared store before its row exists: any server the next request reaches can read it.
    await stageUpload(ctx, id, size);
    const upload = { id, kind, fileName, size, sha256 };
    const stored = await repositories(ctx.db).imports.createUploadWithin(
      { ...upload, orgId, createdBy: userId },
      pendingLimit,
    );
    if (!stored.ok) throw errors.pendingUploadsFull(stored.pendingBytes, pendingLimit);
    return upload;
  } catch (error) {
    hashing?.stop();
    early?.ended(false);
    dropEarlyRead(ctx, id);
    await file?.close().catch(() => {});
    await rm(partial, { force: true });
    await removeUploadFiles(ctx, id).catch(() => {});
    throw error;
  }
}

/** Mapping keys must be columns of the kind, values header texts. */
export function checkMapping(kind: ImportKind, mapping: Record<string, string>): void {
  const names = new Set(inputColumns[kind].map((c) => c.name));
  const issues = Object.keys(mapping)
    .filter((k) => !names.has(k))
    .map((k) => ({
      path: `mapping.${k}`,
      message: `is not a column of ${kind} (columns: ${[...names].join(", ")})`,
    }));
  if (issues.length > 0) throw errors.invalidRequest(issues);
}

/** The preview of an upload: its first rows and how its header maps to the kind's columns. */
export async function uploadPreview(
  ctx: AppContext,
  orgId: string,
  upload: StoredUpload,
  mapping: Record<string, string> | undefined,
) {
  // Without a mapping from the user, the one remembered for this kind: previewTable applies it as far as
  // this file has the headers it names (the others are left out, not errors), in one read of the file.
  const saved =
    mapping === undefined ? (await repositories(ctx.db).imports.mappings(orgId))[upload.kind] : undefined;
  let result: Awaited<ReturnType<AppContext["readers"]["preview"]>>;
  try {
    result =
      (await earlyPreview(ctx, upload.id, mapping ?? saved)) ??
      (await ctx.readers.preview({
        type: "preview",
        path: await localPath(ctx, orgId, upload),
        fileName: upload.fileName,
        kind: upload.kind,
        mapping: mapping ?? saved,
        limits: ctx.config.readLimits,
      }));
  } catch (error) {
    if (error instanceof ReaderError && error.reason === "memory")
      throw new AppError(422, "import.out_of_memory", `${upload.fileName} cannot be read: ${error.message}.`);
    throw error;
  }
  if (!result.ok) {
    throw new AppError(422, "import.invalid", `${upload.fileName} cannot be read.`, {
      problems: result.problems,
      problemTotal: result.problems.length,
    });
  }
  if (saved === undefined) return { ...upload, preview: { ...result.preview, savedMapping: false } };
  // A remembered mapping's entries for headers this file lacks are not the user's mistakes.
  const savedMapping = result.preview.columns.some((c) => c.matchedBy === "mapping");
  return { ...upload, preview: { ...result.preview, problems: [], savedMapping } };
}

/**
 * Receives an upload: stores it under the limit, then answers its preview. A file refused on the way
 * (over the limit, empty, not readable as a table) leaves nothing behind and is in the activity log,
 * with the reason and without its contents.
 */
export async function receiveUpload(
  ctx: AppContext,
  orgId: string,
  input: {
    readonly kind: ImportKindName;
    readonly fileName: string;
    readonly declaredLength: number;
    readonly body: NodeJS.ReadableStream | ReadableStream<Uint8Array> | null;
    readonly actor: Actor;
    readonly userId: string | null;
  },
) {
  let stored: StoredUpload | undefined;
  try {
    if (input.declaredLength > ctx.config.uploadLimitBytes)
      throw errors.uploadTooLarge(ctx.config.uploadLimitBytes);
    stored = await storeUpload(
      ctx,
      orgId,
      input.kind,
      input.fileName,
      input.body,
      input.userId,
      input.declaredLength,
    );
    return await uploadPreview(ctx, orgId, stored, undefined);
  } catch (error) {
    if (error instanceof AppError && (error.status === 413 || error.status === 422)) {
      if (stored !== undefined) await discardUpload(ctx, orgId, stored.id);
      await logRefusedUpload(ctx, orgId, input.actor, {
        kind: input.kind,
        fileName: input.fileName,
        size: stored?.size,
        error,
      });
    }
    throw error;
  }
}

/**
 * Starts an import in the background: the file is read in a reading thread (reporting progress), then
 * everything it brings is written in one transaction with its activity entry. A file with any problem
 * imports nothing; an import that needs a confirmation waits for it (`confirmImport`).
 */
export async function startImport(
  ctx: AppContext,
  orgId: string,
  upload: StoredUpload,
  options: ImportOptions,
): Promise<ImportJob> {
  const job = ctx.jobs.start(randomUUID(), orgId, upload, { upload, options } satisfies ImportRequest);
  void readAndCommit(ctx, job, upload, options).catch((error: unknown) =>
    failed(ctx, job, upload, options.actor, error),
  );
  // Answered once the job is written: any server asked about it next finds it.
  await ctx.jobs.saved(job.id);
  return job;
}

/**
 * Imports a file already on this machine (the demo, `specready` scripts) through the same path as a
 * browser upload: copied to the uploads, read, committed in one transaction, logged.
 */
export async function importLocalFile(
  ctx: AppContext,
  orgId: string,
  source: string,
  fileName: string,
  kind: ImportKindName,
  actor: Actor,
): Promise<ImportJob> {
  const body = createReadStream(source);
  const upload = await storeUpload(ctx, orgId, kind, fileName, body, null);
  const options: ImportOptions = {
    mapping: {},
    remember: false,
    actor,
    userId: null,
    tokenId: null,
    confirmReplace: false,
    confirmRepeats: false,
  };
  const job = ctx.jobs.start(randomUUID(), orgId, upload, { upload, options } satisfies ImportRequest);
  await readAndCommit(ctx, job, upload, options).catch((error: unknown) =>
    failed(ctx, job, upload, actor, error),
  );
  return job;
}

async function readAndCommit(
  ctx: AppContext,
  job: ImportJob,
  upload: StoredUpload,
  options: ImportOptions,
): Promise<void> {
  let read: ImportRead;
  const signal = ctx.jobs.reading(job);
  const onProgress = (done: number, total: number) => {
    job.bytesDone = done;
    job.bytesTotal = total;
    ctx.jobs.progress(job);
  };
  // What the commit of a usage import reads first (the readiness before it, every month in effect),
  // read meanwhile, on another core while the reading process reads. Other kinds read little.
  const preparing =
    upload.kind === "azure-usage"
      ? prepareCommit(ctx, job.orgId).catch((error: unknown) => {
          console.error("specready: reading ahead for an import's commit failed:", error);
          return undefined;
        })
      : undefined;
  try {
    // The sums of the other specializations the organization pursues, kept beside the AI Platform's.
    const alsoFor =
      upload.kind === "azure-usage" ? await usageProgramsToKeep(ctx, job.orgId, todayFrom(ctx.now())) : [];
    // Read as it arrived, when that read is this import's; else read now.
    read =
      (await untilAborted(
        takeEarlyRead(ctx, upload.id, { kind: upload.kind, mapping: options.mapping, alsoFor, onProgress }),
        signal,
      )) ??
      (await ctx.readers.read(
        {
          type: "import",
          path: await localPath(ctx, job.orgId, upload),
          fileName: upload.fileName,
          kind: upload.kind,
          program: ctx.program,
          ...(upload.kind === "azure-usage" ? { alsoFor } : {}),
          mapping: options.mapping,
          limits: ctx.config.readLimits,
        },
        { signal, onProgress },
      ));
  } catch (error) {
    if (error instanceof ReaderError && error.reason === "cancelled") {
      ctx.jobs.finish(job, {
        state: "cancelled",
        message: `The import of ${upload.fileName} was cancelled while the file was read; nothing was imported.`,
      });
      return;
    }
    if (error instanceof ReaderError && error.reason === "memory") {
      await failImport(ctx, job, upload, options.actor, {
        code: "import.out_of_memory",
        message: `${upload.fileName} could not be read: ${error.message} (SPECREADY_READER_MEMORY_MB); nothing was imported.`,
      });
      return;
    }
    throw error;
  } finally {
    ctx.jobs.readDone(job);
  }
  if (!read.ok) {
    // Another import of the same upload (a double click) committed, and removed it, while this one read.
    if ((await repositories(ctx.db).imports.getUpload(job.orgId, upload.id)) === undefined)
      throw new AppError(409, "import.duplicate", `${upload.fileName} was imported already.`);
    await failImport(ctx, job, upload, options.actor, {
      code: "import.problems",
      problems: read.problems,
      problemTotal: read.total,
      message: `${upload.fileName} has ${read.total} problem${read.total === 1 ? "" : "s"}; nothing was imported.`,
    });
    return;
  }
  job.rows = read.rows;
  job.bytesDone = job.bytesTotal;
  job.repeats = { ...read.repeats, message: repeatedRowsMessage(read.repeats) };
  await commit(ctx, job, { upload, read, options }, await preparing);
}

/** Commits a read import, or has it wait for the confirmations it needs. */
async function commit(
  ctx: AppContext,
  job: ImportJob,
  pending: PendingImport,
  prepared?: PreparedCommit,
): Promise<void> {
  job.state = "saving";
  ctx.jobs.update(job);
  let outcome: Awaited<ReturnType<typeof commitImport>>;
  try {
    outcome = await commitImport(ctx, job.orgId, pending, prepared);
  } catch (error) {
    if (!(error instanceof ConfirmationNeeded)) throw error;
    ctx.jobs.park(job, pending, (expired) => {
      void refuse(ctx, job, expired.upload, expired.options.actor, "expired").catch((e: unknown) =>
        console.error("specready: logging an expired import failed:", e),
      );
    });
    ctx.jobs.finish(job, {
      state: "needs_confirmation",
      code: error.code,
      confirmations: error.confirmations,
      impact: error.impact,
      readiness: error.readiness,
      message: error.message,
    });
    return;
  }
  if (!outcome.ok) {
    // Another import of the same upload (a double click) committed first: not a failure to log.
    const { error } = outcome;
    ctx.jobs.finish(job, {
      state: "failed",
      code: error.code === "conflict" ? error.reason : error.code,
      message:
        "message" in error ? error.message : `The import of ${job.fileName} failed; nothing was imported.`,
    });
    return;
  }
  await removeUploadFiles(ctx, pending.upload.id);
  ctx.jobs.finish(job, {
    state: "done",
    import: outcome.value.row,
    impact: outcome.value.impact,
    readiness: outcome.value.readiness,
    code: undefined,
    confirmations: undefined,
    message: undefined,
  });
}

/**
 * Confirms an import waiting for it, and commits it in the background: with what it read when this
 * server holds that, else (the import was read by another server, or before a restart) reading the
 * upload again from the shared store. Without every confirmation it needs the answer is 409 with
 * `import.confirm_replace` or `import.confirm_repeats`, and nothing changes. The import is then the
 * confirming person's.
 */
export async function confirmImport(
  ctx: AppContext,
  orgId: string,
  jobId: string,
  given: {
    readonly confirmReplace: boolean;
    readonly confirmRepeats: boolean;
    readonly confirmChanges?: boolean | undefined;
  },
  by: { readonly actor: Actor; readonly userId: string | null; readonly tokenId: string | null },
): Promise<ImportJob> {
  const stored = await ctx.jobs.stored<ImportRequest>(orgId, jobId);
  if (stored === undefined) throw errors.notFound("import job");
  const waiting = stored.job;
  if (waiting.state !== "needs_confirmation")
    throw errors.conflict(
      "import.not_waiting",
      `The import of ${waiting.fileName} is not waiting for a confirmation (it is ${waiting.state.replace("_", " ")}).`,
    );
  const missing = (waiting.confirmations ?? []).filter((c) =>
    c === "replace"
      ? !given.confirmReplace
      : c === "repeats"
        ? !given.confirmRepeats
        : given.confirmChanges !== true,
  );
  if (missing.length > 0) {
    throw errors.conflict(
      confirmationCode(missing),
      waiting.message ?? `The import of ${waiting.fileName} needs a confirmation.`,
    );
  }
  const options: ImportOptions = {
    ...stored.request.options,
    ...by,
    confirmReplace: stored.request.options.confirmReplace || given.confirmReplace,
    confirmRepeats: stored.request.options.confirmRepeats || given.confirmRepeats,
    confirmChanges: stored.request.options.confirmChanges === true || given.confirmChanges === true,
  };
  const request: ImportRequest = { upload: stored.request.upload, options };
  // What this server read for it, if it is the one that did (and the hour is not over).
  const local = ctx.jobs.get(orgId, jobId);
  const pending = local === undefined ? undefined : ctx.jobs.unpark(local);
  const job = await ctx.jobs.claimWaiting(
    waiting,
    pending === undefined ? { state: "reading", bytesDone: 0, rows: 0 } : { state: "saving" },
    request,
  );
  if (job === undefined)
    throw errors.conflict("import.not_waiting", `The import of ${waiting.fileName} is no longer waiting.`);
  if (pending !== undefined) {
    void commit(ctx, job, { ...pending, options }).catch((error: unknown) =>
      failed(ctx, job, request.upload, by.actor, error),
    );
  } else {
    void readAndCommit(ctx, job, request.upload, options).catch((error: unknown) =>
      failed(ctx, job, request.upload, by.actor, error),
    );
  }
  return job;
}

/**
 * Cancels an import, on whichever server runs it: one being read stops reading; one waiting for its
 * confirmation is refused (in the activity log). The upload stays, to import again. 409 when the import
 * is past either.
 */
export async function cancelImport(
  ctx: AppContext,
  orgId: string,
  jobId: string,
  actor: Actor,
): Promise<ImportJob> {
  const local = ctx.jobs.get(orgId, jobId);
  if (local?.state === "reading" && ctx.jobs.cancelReading(local)) return local;
  const stored = await ctx.jobs.stored<ImportRequest>(orgId, jobId);
  if (stored === undefined) throw errors.notFound("import job");
  const job = stored.job;
  // Read by another server: it stops at its next progress report.
  if (job.state === "reading" && (await ctx.jobs.requestCancel(job))) return job;
  if (job.state === "needs_confirmation") {
    const refused = await refuse(ctx, job, stored.request.upload, actor, "declined");
    if (refused !== undefined) {
      if (local !== undefined) ctx.jobs.unpark(local);
      return refused;
    }
  }
  throw errors.conflict(
    "import.finished",
    `The import of ${job.fileName} cannot be cancelled: it is ${job.state.replace("_", " ")}.`,
  );
}

/**
 * An import that waited for a confirmation that did not come: cancelled, and logged as refused. Nothing
 * (undefined) when another request confirmed or cancelled it first, on this server or another.
 */
async function refuse(
  ctx: AppContext,
  waiting: ImportJob,
  upload: StoredUpload,
  actor: Actor,
  how: "declined" | "expired",
): Promise<ImportJob | undefined> {
  const reason = waiting.code ?? "import.confirm_replace";
  const job = await ctx.jobs.claimWaiting(waiting, {
    state: "cancelled",
    message:
      how === "declined"
        ? `The import of ${waiting.fileName} was cancelled at its confirmation; nothing was imported.`
        : `The import of ${waiting.fileName} was not confirmed within an hour; nothing was imported.`,
  });
  if (job === undefined) return undefined;
  await recordActivity(
    ctx,
    { orgId: job.orgId, actor },
    {
      action: "import.refused",
      summary: `Did not import ${upload.fileName} (${upload.kind}): ${how === "declined" ? "cancelled at its confirmation" : "not confirmed within an hour"} (${reason}); nothing was imported`,
      details: {
        kind: upload.kind,
        fileName: upload.fileName,
        size: upload.size,
        sha256: upload.sha256,
        reason,
        how,
        rows: job.rows,
        repeatedRows: job.repeats?.repeated ?? 0,
        replaced: [...(job.impact?.measures ?? [])],
      },
    },
  );
  return job;
}

/** A read that ended in a failure the person can act on: the job says why, and so does the activity log. */
async function failImport(
  ctx: AppContext,
  job: ImportJob,
  upload: StoredUpload,
  actor: Actor,
  failure: {
    code: string;
    message: string;
    problems?: readonly InputProblem[];
    problemTotal?: number;
  },
): Promise<void> {
  ctx.jobs.finish(job, { state: "failed", ...failure });
  await logFailedImport(ctx, job.orgId, actor, upload, failure);
}

/** An error past the reading: a refusal the person can read (an AppError), or a failure to log. */
async function failed(
  ctx: AppContext,
  job: ImportJob,
  upload: StoredUpload,
  actor: Actor,
  error: unknown,
): Promise<void> {
  try {
    if (error instanceof AppError) {
      ctx.jobs.finish(job, { state: "failed", code: error.code, message: error.message });
      // A double click is not a failure of the import: the other click imported it.
      if (error.code !== "import.duplicate")
        await logFailedImport(ctx, job.orgId, actor, upload, { code: error.code, message: error.message });
      return;
    }
    console.error("specready: import failed:", error);
    const message = `The import of ${upload.fileName} failed unexpectedly; nothing was imported.`;
    ctx.jobs.finish(job, { state: "failed", code: "import.failed", message });
    await logFailedImport(ctx, job.orgId, actor, upload, { code: "import.failed", message });
  } catch (logging) {
    console.error("specready: logging a failed import failed:", logging);
  }
}

/**
 * Removes uploads never imported after a day, files being received by a process that is gone (at
 * start-up: every earlier process of this host), and files under uploads/ that no row knows (a crash
 * between storing a file and its row): after an hour, or a minute at start-up.
 */
export async function removeStaleUploads(
  ctx: AppContext,
  options: { startup?: boolean } = {},
): Promise<number> {
  const r = repositories(ctx.db);
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString();
  let removed = 0;
  for (const u of await r.imports.staleUploads(cutoff)) {
    await r.imports.deleteUpload(u.orgId, u.id);
    await removeUploadFiles(ctx, u.id);
    removed++;
  }
  const dir = uploadsDir(ctx);
  const startup = options.startup === true;
  removed += await removeAbandonedPartials(dir, { startup, olderThanMs: 60 * 60 * 1000, now });
  const known = new Set(await r.imports.allUploadIds());
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  // A complete file gets its row a moment after it is renamed; another server may be in that moment.
  const orphanCutoff = now.getTime() - (startup ? 60 * 1000 : 60 * 60 * 1000);
  for (const name of names) {
    if (known.has(name) || isPartialName(name)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info !== undefined && info.mtimeMs < orphanCutoff) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Discards an upload not imported yet: its row and its file. */
export async function discardUpload(ctx: AppContext, orgId: string, uploadId: string): Promise<boolean> {
  if (!(await repositories(ctx.db).imports.deleteUpload(orgId, uploadId))) return false;
  dropEarlyRead(ctx, uploadId);
  await removeUploadFiles(ctx, uploadId);
  return true;
}

/**
 * The upload on this server's disk, fetched from the shared store when another server received it.
 * Gone from the store while its row was read: imported (or discarded) by another request meanwhile.
 */
async function localPath(ctx: AppContext, orgId: string, upload: StoredUpload): Promise<string> {
  try {
    return await localUpload(ctx, upload);
  } catch (error) {
    if (!(error instanceof UploadGoneError)) throw error;
    if ((await repositories(ctx.db).imports.getUpload(orgId, upload.id)) === undefined)
      throw new AppError(409, "import.duplicate", `${upload.fileName} was imported already.`);
    throw new Error(
      `the upload ${upload.id} (${upload.fileName}) has a row but its file is in neither this server's uploads folder nor the shared store`,
    );
  }
}

/** `promise`, or a cancellation (`ReaderError`) as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ReaderError("cancelled", "the import was cancelled"));
  return new Promise((resolve, reject) => {
    const abort = () => reject(new ReaderError("cancelled", "the import was cancelled"));
    signal.addEventListener("abort", abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

/** A Node.js stream (the socket's request) rather than a web ReadableStream (by shape: realms differ). */
function isNodeStream(
  body: NodeJS.ReadableStream | ReadableStream<Uint8Array>,
): body is NodeJS.ReadableStream {
  return typeof (body as NodeJS.ReadableStream).pipe === "function";
}

/**
 * Import jobs whose server stopped while reading or saving them (killed, its machine gone): failed, so
 * whoever follows them is told, on any server. `aliveServerIds`: the servers heard from lately, this
 * one included. Finished jobs are forgotten after two hours (a waiting one waits one hour).
 */
export async function settleAbandonedImports(
  ctx: AppContext,
  aliveServerIds: readonly string[],
): Promise<number> {
  const r = repositories(ctx.db).importJobs;
  await r.removeOlderThan(2 * 60 * 60);
  const abandoned = await r.abandoned(aliveServerIds);
  for (const row of abandoned) {
    const job = row.job as ImportJob;
    await r.failAbandoned(row.id, row.serverId, {
      ...job,
      state: "failed",
      code: "import.interrupted",
      message:
        job.state === "saving"
          ? `The server saving the import of ${job.fileName} stopped before it said whether it finished: if it is not in the list of imports, import the file again.`
          : `The server reading ${job.fileName} stopped before it finished; nothing was imported. Import the upload again.`,
      finishedAt: Date.now(),
    } satisfies ImportJob);
  }
  return abandoned.length;
}
