import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ServerConfig } from "../config/server-config.js";
import { type EvidenceStore, StorageNotFoundError } from "./evidence-store.js";
import { partialName } from "./partial-files.js";

/*
 * Uploads waiting for their import. They are received, hashed and read (in a reading process, which
 * needs a path) on this server's disk, under `<dataDir>/uploads/`. With a shared store (Azure Blob
 * Storage) the complete file is also put in the store before its row is written, so an import, a
 * preview or a confirmation that reaches another server behind the load balancer finds it: that server
 * downloads it into its own uploads folder first. With the filesystem store there is one uploads folder,
 * on one server or on a directory every server shares (SPECREADY_STORAGE_SHARED).
 */

interface StagingContext {
  readonly config: Pick<ServerConfig, "dataDir">;
  readonly evidenceStore: EvidenceStore;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The folder uploads are received in and read from on this server. */
export function uploadsDir(ctx: StagingContext): string {
  return join(ctx.config.dataDir, "uploads");
}

/** Where an upload is on this server's disk: named by id, never by the user's name. */
export function uploadPath(ctx: StagingContext, uploadId: string): string {
  return join(uploadsDir(ctx), uploadId);
}

/** The key of an upload in the shared store: `uploads/<id>`, made of the id the server issued only. */
export function uploadKey(uploadId: string): string {
  if (!UUID.test(uploadId)) throw new TypeError("uploadKey: uploadId must be a UUID");
  return `uploads/${uploadId.toLowerCase()}`;
}

/** Whether uploads go to the store too: when it is not this server's (or the shared) data directory. */
export function uploadsInStore(ctx: StagingContext): boolean {
  return ctx.evidenceStore.kind !== "filesystem";
}

/** Puts a complete upload in the shared store (nothing to do with the filesystem store). */
export async function stageUpload(ctx: StagingContext, uploadId: string, size: number): Promise<void> {
  if (!uploadsInStore(ctx)) return;
  await ctx.evidenceStore.put(uploadKey(uploadId), createReadStream(uploadPath(ctx, uploadId)), {
    limitBytes: size,
  });
}

/** The upload was received by another server and is not in the shared store: it was imported or discarded. */
export class UploadGoneError extends Error {
  constructor(readonly uploadId: string) {
    super(`the upload ${uploadId} is not on this server nor in the shared store`);
    this.name = "UploadGoneError";
  }
}

/**
 * The path of an upload on this server's disk, for the reading process: there already (received here,
 * or read here before), or downloaded from the shared store and checked against the size and SHA-256
 * recorded when it was received.
 */
export async function localUpload(
  ctx: StagingContext,
  upload: { readonly id: string; readonly size: number; readonly sha256: string },
): Promise<string> {
  const path = uploadPath(ctx, upload.id);
  const here = await stat(path).catch(() => undefined);
  if (here?.isFile() || !uploadsInStore(ctx)) return path;
  let body: NodeJS.ReadableStream;
  try {
    body = await ctx.evidenceStore.open(uploadKey(upload.id));
  } catch (error) {
    if (error instanceof StorageNotFoundError) throw new UploadGoneError(upload.id);
    throw error;
  }
  await mkdir(uploadsDir(ctx), { recursive: true, mode: 0o700 });
  // Another request on this server may download the same upload at once: each into its own partial.
  const partial = join(uploadsDir(ctx), partialName(randomUUID()));
  const hash = createHash("sha256");
  let size = 0;
  try {
    await pipeline(
      body,
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      createWriteStream(partial, { flags: "wx", mode: 0o600 }),
    );
    const sha256 = hash.digest("hex");
    if (size !== upload.size || sha256 !== upload.sha256)
      throw new Error(
        `the upload ${upload.id} in the shared store is not the file received (${size} bytes, SHA-256 ${sha256}; expected ${upload.size} bytes, ${upload.sha256})`,
      );
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
  return path;
}

/** Removes an upload from this server's disk and from the shared store. Idempotent. */
export async function removeUploadFiles(ctx: StagingContext, uploadId: string): Promise<void> {
  await rm(uploadPath(ctx, uploadId), { force: true });
  if (uploadsInStore(ctx)) await ctx.evidenceStore.delete(uploadKey(uploadId));
}
