import { createHash, randomUUID } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { type ControlDefinition, programControls } from "@specready/core";
import { repositories, type Sql } from "@specready/db";
import { fileTypeFromBuffer } from "file-type";
import { AppError, errors } from "../errors/app-error.js";
import { evidenceKey, StorageLimitError } from "../storage/evidence-store.js";
import type { AppContext } from "./app-context.js";
import { invalid } from "./mutation/domain-error.js";

/** What a file, link or note is filed as: its title, artifact type, project and controls. */
export interface EvidenceMeta {
  readonly title: string;
  readonly artifactType: string;
  readonly projectId: string;
  readonly controls: readonly string[];
}

/**
 * Checks evidence metadata against the program and the register: every control exists in the
 * checklist, the artifact type is one the linked controls accept, and the project is this
 * organization's. Returns the controls in checklist order, without duplicates; fails (`invalid`,
 * naming the field) otherwise.
 */
export async function checkEvidenceMeta(
  ctx: AppContext,
  sql: Sql,
  orgId: string,
  meta: EvidenceMeta,
): Promise<string[]> {
  const all = programControls(ctx.program);
  const byId = new Map<string, ControlDefinition>(all.map((c) => [c.id, c]));
  const unknown = meta.controls.filter((c) => !byId.has(c));
  if (unknown.length > 0)
    invalid([
      {
        path: "controls",
        message: `${unknown.join(", ")} ${unknown.length === 1 ? "is not a control" : "are not controls"} of the checklists (${all.map((c) => c.id).join(", ")})`,
      },
    ]);
  const controls = all.filter((c) => meta.controls.includes(c.id));
  const accepted = [...new Set(controls.flatMap((c) => c.acceptedDocumentation))];
  if (!accepted.some((a) => a.toLowerCase() === meta.artifactType.toLowerCase()))
    invalid([
      {
        path: "artifactType",
        message: `"${meta.artifactType}" is not documentation ${controls.map((c) => c.id).join(", ")} ${controls.length === 1 ? "accepts" : "accept"}: one of ${accepted.map((a) => `"${a}"`).join(", ")}`,
      },
    ]);
  const project = await repositories(sql).customerProjects.get(orgId, meta.projectId);
  if (project === null || project === undefined)
    invalid([{ path: "projectId", message: "is not a customer project of this organization" }]);
  return controls.map((c) => c.id);
}

/** The accepted-documentation spelling of an artifact type (the check above ignores case). */
export function canonicalArtifactType(
  ctx: AppContext,
  controls: readonly string[],
  artifactType: string,
): string {
  const accepted = programControls(ctx.program)
    .filter((c) => controls.includes(c.id))
    .flatMap((c) => c.acceptedDocumentation);
  return accepted.find((a) => a.toLowerCase() === artifactType.toLowerCase()) ?? artifactType;
}

/**
 * The media type of a file from its first bytes (never from its name or the browser's claim): the
 * signatures `file-type` knows, else UTF-8 text without control characters is text/plain, else
 * application/octet-stream.
 */
export async function detectMediaType(head: Uint8Array): Promise<string> {
  const found = await fileTypeFromBuffer(head);
  if (found !== undefined) return found.mime;
  if (head.length === 0) return "application/octet-stream";
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      head.length >= 4100 ? trimPartialUtf8(head) : head,
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: binary data has control characters, text has not
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return "text/plain";
  } catch {
    // not UTF-8
  }
  return "application/octet-stream";
}

/** The head of a file cut at 4100 bytes may end inside a UTF-8 sequence: drop that partial character. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b >= 0xc0) end -= i; // a lead byte whose sequence may be cut
    break;
  }
  return bytes.subarray(0, end);
}

export interface StoredFile {
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
  readonly mediaType: string;
}

/**
 * Streams a request body into the evidence store under a new key, within the evidence size limit. The
 * object is complete and verified before this resolves; a body over the limit, empty, or failing leaves
 * nothing behind.
 */
/** 413 upload.too_large: `what` ("report.pdf", "The file") is over the evidence size limit. */
export function evidenceTooLarge(what: string, limitBytes: number): AppError {
  return new AppError(
    413,
    "upload.too_large",
    `${what} is larger than the evidence size limit of ${Math.round(limitBytes / 1024 / 1024)} MB (SPECREADY_EVIDENCE_LIMIT_MB).`,
  );
}

export async function storeEvidenceFile(
  ctx: AppContext,
  orgId: string,
  evidenceId: string,
  revision: number,
  fileName: string,
  body: NodeJS.ReadableStream | ReadableStream<Uint8Array> | null,
): Promise<StoredFile> {
  if (body === null)
    throw errors.invalidRequest([
      { path: "body", message: "the file is missing (send it as the request body)" },
    ]);
  const key = evidenceKey(orgId, evidenceId, revision);
  const source = isNodeStream(body) ? (body as Readable) : Readable.fromWeb(body as never);
  let stored: Awaited<ReturnType<AppContext["evidenceStore"]["put"]>>;
  try {
    stored = await ctx.evidenceStore.put(key, source, { limitBytes: ctx.config.evidenceLimitBytes });
  } catch (error) {
    if (error instanceof StorageLimitError) throw evidenceTooLarge(fileName, ctx.config.evidenceLimitBytes);
    throw error;
  }
  if (stored.size === 0) {
    await ctx.evidenceStore.delete(key);
    throw new AppError(422, "upload.empty", `${fileName} is empty.`);
  }
  return { key, size: stored.size, sha256: stored.sha256, mediaType: await detectMediaType(stored.head) };
}

export type ReviewActionName = "submit" | "approve" | "request_changes" | "reopen";
export type EvidenceStatusName = "draft" | "ready" | "approved" | "changes_requested";

export function newEvidenceId(): string {
  return randomUUID();
}

function isNodeStream(
  body: NodeJS.ReadableStream | ReadableStream<Uint8Array>,
): body is NodeJS.ReadableStream {
  return typeof (body as NodeJS.ReadableStream).pipe === "function";
}

/**
 * A stored file as it is handed out: hashed on the way, and failed at its end (the download is cut
 * short, never complete-looking) when its size or SHA-256 is not the revision's, so nobody receives a
 * file that differs from what was uploaded and is listed.
 */
export function verifiedDownload(
  stored: Readable,
  expected: { size: number; sha256: string; fileName: string },
): Readable {
  const hash = createHash("sha256");
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > expected.size) {
        done(new Error(`${expected.fileName}: the stored file is larger than its ${expected.size} bytes`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const sha256 = hash.digest("hex");
      if (size !== expected.size || sha256 !== expected.sha256)
        done(new Error(`${expected.fileName}: the stored file is not the one uploaded (SHA-256 ${sha256})`));
      else done();
    },
  });
  stored.on("error", (error) => check.destroy(error));
  return stored.pipe(check);
}
