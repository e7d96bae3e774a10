import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { usageSummaryToJson } from "@specready/core";
import { type Actor, type ImportKindName, type ImportRow, repositories } from "@specready/db";
import { type ImportKind, inputColumns, previewTable, readImportFile } from "@specready/ingest";
import { AppError, errors } from "../http/app-error.js";
import { isPartialName, partialName, removeAbandonedPartials } from "../storage/partial-files.js";
import type { AppContext } from "./app-context.js";
import type { ImportJob } from "./import-jobs.js";

/** Where uploads wait for their import: under the data directory, named by id, never by the user's name. */
export function uploadPath(ctx: AppContext, uploadId: string): string {
  return join(ctx.config.dataDir, "uploads", uploadId);
}

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

export interface StoredUpload {
  readonly id: string;
  readonly kind: ImportKindName;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * Streams a request body to disk under the upload limit, hashing it on the way. The file is complete
 * before its row is written; a body over the limit, or a failed write, leaves nothing behind.
 */
export async function storeUpload(
  ctx: AppContext,
  orgId: string,
  kind: ImportKindName,
  fileName: string,
  body: NodeJS.ReadableStream | ReadableStream<Uint8Array> | null,
  userId: string | null,
): Promise<StoredUpload> {
  if (body === null)
    throw errors.invalidRequest([
      { path: "body", message: "the file is missing (send it as the request body)" },
    ]);
  const id = randomUUID();
  const path = uploadPath(ctx, id);
  // Written under a name that says whose it is until complete: a restart removes what a killed process
  // left (see removeStaleUploads).
  const partial = join(ctx.config.dataDir, "uploads", partialName(id));
  await mkdir(join(ctx.config.dataDir, "uploads"), { recursive: true, mode: 0o700 });
  const hash = createHash("sha256");
  let size = 0;
  // The organization's uploads waiting for their import share one cap: this one gets what is left.
  const pendingLimit = ctx.config.pendingUploadsLimitBytes;
  const pending = await repositories(ctx.db).imports.pendingBytes(orgId);
  if (pending >= pendingLimit) throw errors.pendingUploadsFull(pending, pendingLimit);
  const limit = Math.min(ctx.config.uploadLimitBytes, pendingLimit - pending);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      // Past the limit the rest of the body is read and dropped, not written: failing the stream would
      // reset the connection before the browser sees the 413.
      if (size > limit) {
        done();
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      isNodeStream(body) ? body : Readable.fromWeb(body as never),
      meter,
      createWriteStream(partial, { flags: "wx", mode: 0o600 }),
    );
    if (size > limit)
      throw limit < ctx.config.uploadLimitBytes
        ? errors.pendingUploadsFull(pending, pendingLimit)
        : errors.uploadTooLarge(limit);
    if (size === 0) throw new AppError(422, "upload.empty", `${fileName} is empty.`);
    await rename(partial, path);
    const upload = { id, kind, fileName, size, sha256: hash.digest("hex") };
    const stored = await repositories(ctx.db).imports.createUploadWithin(
      { ...upload, orgId, createdBy: userId },
      pendingLimit,
    );
    if (!stored.ok) throw errors.pendingUploadsFull(stored.pendingBytes, pendingLimit);
    return upload;
  } catch (error) {
    await rm(partial, { force: true });
    await rm(path, { force: true });
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
  const result = await previewTable(uploadPath(ctx, upload.id), upload.fileName, upload.kind, {
    rows: 10,
    mapping: mapping ?? saved,
    limits: ctx.config.readLimits,
  });
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
 * Runs an import in the background: reads the whole file (reporting progress), then writes everything
 * it brings in one transaction with its activity entry. A file with any problem imports nothing.
 */
export function startImport(
  ctx: AppContext,
  orgId: string,
  upload: StoredUpload,
  options: {
    mapping: Record<string, string>;
    remember: boolean;
    actor: Actor;
    userId: string | null;
    tokenId: string | null;
  },
): ImportJob {
  const job = ctx.jobs.start(randomUUID(), orgId, upload.size);
  void runImport(ctx, orgId, upload, options, job).catch((error: unknown) => {
    ctx.jobs.finish(job, {
      state: "failed",
      message:
        error instanceof AppError ? error.message : "The import failed unexpectedly; nothing was imported.",
    });
    if (!(error instanceof AppError)) console.error("specready: import failed:", error);
  });
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
  const job = ctx.jobs.start(randomUUID(), orgId, upload.size);
  await runImport(
    ctx,
    orgId,
    upload,
    { mapping: {}, remember: false, actor, userId: null, tokenId: null },
    job,
  );
  return job;
}

async function runImport(
  ctx: AppContext,
  orgId: string,
  upload: StoredUpload,
  options: {
    mapping: Record<string, string>;
    remember: boolean;
    actor: Actor;
    userId: string | null;
    tokenId: string | null;
  },
  job: ImportJob,
): Promise<void> {
  const read = await readImportFile(uploadPath(ctx, upload.id), upload.fileName, upload.kind, ctx.program, {
    mapping: options.mapping,
    limits: ctx.config.readLimits,
    onProgress: (done, total) => {
      job.bytesDone = done;
      job.bytesTotal = total;
    },
  });
  if (!read.ok) {
    ctx.jobs.finish(job, {
      state: "failed",
      problems: read.problems,
      problemTotal: read.total,
      message: `${upload.fileName} has ${read.total} problem${read.total === 1 ? "" : "s"}; nothing was imported.`,
    });
    return;
  }
  job.rows = read.rows;
  job.bytesDone = job.bytesTotal;
  job.state = "saving";
  const importId = randomUUID();
  const data = read.data;
  const months = data.kind === "azure-usage" ? [...data.months.keys()].sort() : [];
  let row: ImportRow | undefined;
  await ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    // Claim the upload first: a second import of it (a double click) finds it gone and rolls back.
    if (!(await r.imports.deleteUpload(orgId, upload.id))) {
      throw new AppError(409, "import.duplicate", `${upload.fileName} was imported already.`);
    }
    await r.imports.create({
      id: importId,
      orgId,
      kind: upload.kind,
      fileName: upload.fileName,
      size: upload.size,
      sha256: upload.sha256,
      rows: read.rows,
      months,
      programId: ctx.program.id,
      mapping: options.mapping,
      warnings: read.warnings,
      createdByUser: options.userId,
      createdByToken: options.tokenId,
      createdByName: options.actor.name,
    });
    if (data.kind === "azure-usage") {
      for (const month of months) {
        const summary = data.months.get(month);
        if (summary !== undefined)
          await r.imports.addUsageMonth(orgId, importId, month, usageSummaryToJson(summary));
      }
    } else {
      await r.imports.addRecords(orgId, importId, data.records);
    }
    // A project register merges into the editable register (same customer and project name: updated),
    // so evidence filed under a project keeps it.
    let merged = "";
    if (data.kind === "customer-projects") {
      const counts = await r.customerProjects.upsertMany(
        orgId,
        data.records.map((p) => ({
          customerTenantId: p.customerTenantId,
          customerName: p.customerName ?? null,
          project: p.project,
          workload: p.workload ?? null,
          aiServices: [...(p.aiServices ?? [])],
          completionDate: p.completionDate,
          greenfield: p.greenfield ?? null,
          stage: p.stage ?? null,
        })),
      );
      merged = `; register: ${counts.created} added, ${counts.updated} updated`;
    }
    if (options.remember && Object.keys(options.mapping).length > 0) {
      await r.imports.saveMapping(orgId, upload.kind, options.mapping, options.userId);
    }
    await r.organizations.bumpDataVersion(orgId);
    await r.activity.record(
      orgId,
      options.actor,
      "import.created",
      `Imported ${upload.fileName} (${upload.kind}, ${read.rows} rows${months.length > 0 ? `, ${months[0]} to ${months[months.length - 1]}` : ""}${merged})`,
      {
        importId,
        kind: upload.kind,
        fileName: upload.fileName,
        rows: read.rows,
        months,
        sha256: upload.sha256,
        mapping: options.mapping,
      },
    );
    row = await r.imports.get(orgId, importId);
  });
  ctx.orgCache.delete(orgId);
  await rm(uploadPath(ctx, upload.id), { force: true });
  ctx.jobs.finish(job, { state: "done", import: row });
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
    await rm(uploadPath(ctx, u.id), { force: true });
    removed++;
  }
  const dir = join(ctx.config.dataDir, "uploads");
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
  await rm(uploadPath(ctx, uploadId), { force: true });
  return true;
}

/** A Node.js stream (the socket's request) rather than a web ReadableStream (by shape: realms differ). */
function isNodeStream(
  body: NodeJS.ReadableStream | ReadableStream<Uint8Array>,
): body is NodeJS.ReadableStream {
  return typeof (body as NodeJS.ReadableStream).pipe === "function";
}
