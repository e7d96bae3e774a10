import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import type { BlobServiceClient, ContainerClient, RestError, StorageRetryOptions } from "@azure/storage-blob";
import {
  assertValidKey,
  assertValidPrefix,
  type EvidenceStore,
  StorageNotFoundError,
  type StoredObject,
} from "./evidence-store.js";
import { readMetered } from "./metered-body.js";

/**
 * The Azure SDK, loaded when a store is created: about 22 MB of memory a server keeping its evidence
 * on disk does not need.
 */
const require = createRequire(import.meta.url);
let loaded: typeof import("@azure/storage-blob") | undefined;
function azure(): typeof import("@azure/storage-blob") {
  loaded ??= require("@azure/storage-blob") as typeof import("@azure/storage-blob");
  return loaded;
}
const isRestError = (error: unknown): error is RestError => azure().isRestError(error);

/** The size of a staged block: large enough for few requests, small enough to hold a few in memory. */
export const BLOCK_BYTES = 4 * 1024 * 1024;
/** Blocks uploading at once: with the one being filled, an upload holds about 5 × 4 MiB at most. */
const BLOCKS_IN_FLIGHT = 4;
/** A block blob has at most 50,000 blocks. */
const MAX_BLOCKS = 50_000;

/**
 * Evidence files as block blobs in one Azure Blob Storage container, where partners keep their files.
 * An upload stages 4 MiB blocks as the body arrives (each with its MD5, so the service refuses a block
 * damaged on the way) and commits the block list only once the whole body is read within the limit: a
 * failed upload commits nothing, and the staged blocks are discarded by the service (after a week).
 */
export class AzureBlobEvidenceStore implements EvidenceStore {
  readonly kind = "azure-blob";
  /** The container's URL without any SAS token. */
  readonly location: string;
  private readonly container: ContainerClient;
  /** The connection string's key or SAS token, to keep them out of any message. */
  private readonly secrets: string[];
  private created: Promise<void> | undefined;

  constructor(options: { connectionString: string; container: string; retry?: StorageRetryOptions }) {
    this.secrets = secretsOf(options.connectionString);
    let service: BlobServiceClient;
    try {
      service = azure().BlobServiceClient.fromConnectionString(
        options.connectionString,
        options.retry === undefined ? {} : { retryOptions: options.retry },
      );
    } catch {
      // The SDK's message may quote the connection string.
      throw new Error("AZURE_STORAGE_CONNECTION_STRING is not a valid Azure Storage connection string");
    }
    this.container = service.getContainerClient(options.container);
    const url = new URL(this.container.url);
    this.location = `${url.origin}${url.pathname}`;
  }

  async put(key: string, body: Readable, options: { limitBytes: number }): Promise<StoredObject> {
    assertValidKey(key);
    if (options.limitBytes > MAX_BLOCKS * BLOCK_BYTES) {
      throw new RangeError(`a block blob holds at most ${MAX_BLOCKS * BLOCK_BYTES} bytes`);
    }
    await this.ensureContainer();
    const blob = this.container.getBlockBlobClient(key);
    const blockIds: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let chunks: Buffer[] = [];
    let filled = 0;

    const stage = async () => {
      const block = Buffer.concat(chunks, filled);
      chunks = [];
      filled = 0;
      // Same-length ids, as the service requires; the index keeps the blocks in order.
      const id = Buffer.from(`block-${String(blockIds.length).padStart(6, "0")}`).toString("base64");
      blockIds.push(id);
      const md5 = createHash("md5").update(block).digest();
      const staged: Promise<void> = blob
        .stageBlock(id, block, block.length, { transactionalContentMD5: md5 })
        .then(
          () => {
            inFlight.delete(staged);
          },
          (error: unknown) => {
            failure ??= { error };
            inFlight.delete(staged);
          },
        );
      inFlight.add(staged);
      while (inFlight.size >= BLOCKS_IN_FLIGHT) await Promise.race(inFlight);
      if (failure !== undefined) throw failure.error;
    };
    const write = (chunk: Buffer): Promise<void> | undefined => {
      // Below a block's size a chunk is only kept: no promise, so the body is not paused for it.
      if (failure === undefined && filled + chunk.length < BLOCK_BYTES) {
        chunks.push(chunk);
        filled += chunk.length;
        return undefined;
      }
      return fill(chunk);
    };
    const fill = async (chunk: Buffer) => {
      if (failure !== undefined) throw failure.error;
      let offset = 0;
      while (offset < chunk.length) {
        const part = chunk.subarray(offset, offset + BLOCK_BYTES - filled);
        chunks.push(part);
        filled += part.length;
        offset += part.length;
        if (filled === BLOCK_BYTES) await stage();
      }
    };

    let committed = false;
    try {
      const metered = await readMetered(body, options.limitBytes, write);
      if (filled > 0) await stage();
      await Promise.all(inFlight);
      if (failure !== undefined) throw failure.error;
      await blob.commitBlockList(blockIds, {
        metadata: { sha256: metered.sha256 },
        blobHTTPHeaders: { blobContentType: "application/octet-stream" },
      });
      committed = true;
      const properties = await blob.getProperties();
      if (properties.contentLength !== metered.size || properties.metadata?.sha256 !== metered.sha256) {
        throw new Error(
          `${this.location}/${key} holds ${properties.contentLength} bytes after the upload of ${metered.size}`,
        );
      }
      return { key, ...metered };
    } catch (error) {
      // Blocks still uploading would otherwise report to no one.
      await Promise.allSettled(inFlight);
      if (committed) await blob.deleteIfExists().catch(() => {});
      throw this.clean(error, "upload", key);
    }
  }

  async open(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      const download = await this.container.getBlobClient(key).download();
      const body = download.readableStreamBody;
      if (body === undefined) throw new Error("the download has no body");
      return body instanceof Readable ? body : Readable.from(body);
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) throw new StorageNotFoundError(key);
      throw this.clean(error, "download", key);
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    try {
      await this.container.getBlobClient(key).deleteIfExists({ deleteSnapshots: "include" });
    } catch (error) {
      // No container: nothing to delete.
      if (isRestError(error) && error.statusCode === 404) return;
      throw this.clean(error, "delete", key);
    }
  }

  async *list(prefix = ""): AsyncIterable<{ key: string; size: number; lastModified: Date }> {
    assertValidPrefix(prefix);
    const pages = this.container.listBlobsFlat(prefix === "" ? {} : { prefix }).byPage({ maxPageSize: 1000 });
    for (;;) {
      let page: Awaited<ReturnType<typeof pages.next>>;
      try {
        page = await pages.next();
      } catch (error) {
        // A container not created yet holds nothing.
        if (isRestError(error) && error.statusCode === 404) return;
        throw this.clean(error, "list", prefix);
      }
      if (page.done) return;
      for (const item of page.value.segment.blobItems) {
        yield {
          key: item.name,
          size: item.properties.contentLength ?? 0,
          lastModified: item.properties.lastModified,
        };
      }
    }
  }

  /** Creates the container on first use; a failure is retried by the next call. */
  private ensureContainer(): Promise<void> {
    this.created ??= this.container.createIfNotExists().then(
      () => undefined,
      (error: unknown) => {
        this.created = undefined;
        throw this.clean(error, "create the container", "");
      },
    );
    return this.created;
  }

  /**
   * An error that names the operation and the service's answer, with no secret in it: the SDK's errors
   * carry the request, whose URL holds a SAS token when the connection string has one.
   */
  private clean(error: unknown, operation: string, key: string): Error {
    if (!isRestError(error)) {
      if (error instanceof Error && !this.secrets.some((s) => error.message.includes(s))) return error;
      return new Error(`Azure Blob Storage: ${operation} ${key} failed`);
    }
    const code = error.code ?? "";
    const message = this.redact((error.message.split("\n")[0] ?? "").trim());
    const status = error.statusCode === undefined ? "" : `HTTP ${error.statusCode} `;
    const cleaned = new Error(
      `Azure Blob Storage at ${this.location}: ${operation}${key === "" ? "" : ` ${key}`} failed: ${status}${code}${message === "" ? "" : ` (${message})`}`,
    );
    return Object.assign(cleaned, { statusCode: error.statusCode, code });
  }

  private redact(text: string): string {
    return this.secrets.reduce((t, s) => t.split(s).join("[redacted]"), text);
  }
}

/** The secret parts of a connection string: the account key and the SAS token (and its signature). */
function secretsOf(connectionString: string): string[] {
  const secrets: string[] = [];
  for (const part of connectionString.split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const name = part.slice(0, at).trim().toLowerCase();
    const value = part.slice(at + 1).trim();
    if (value === "") continue;
    if (name === "accountkey") secrets.push(value);
    if (name === "sharedaccesssignature") {
      secrets.push(value);
      const sig = new URLSearchParams(value).get("sig");
      if (sig) secrets.push(sig, encodeURIComponent(sig));
    }
  }
  return secrets;
}
