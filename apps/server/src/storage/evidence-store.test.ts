import { createHash, randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAzurite, startAzurite } from "../test-support/azurite.js";
import { AzureBlobEvidenceStore } from "./azure-blob-store.js";
import {
  type EvidenceStore,
  evidenceKey,
  HEAD_BYTES,
  StorageKeyError,
  StorageLimitError,
  StorageNotFoundError,
} from "./evidence-store.js";
import { FilesystemEvidenceStore } from "./filesystem-store.js";
import { findOrphans } from "./orphans.js";

const MiB = 1024 * 1024;

/** A body arriving in chunks the size HTTP delivers, optionally failing after `failAfter` bytes. */
function bodyOf(data: Buffer, options: { chunk?: number; failAfter?: number } = {}): Readable {
  const chunk = options.chunk ?? 64 * 1024;
  let offset = 0;
  return new Readable({
    read() {
      if (options.failAfter !== undefined && offset >= options.failAfter) {
        this.destroy(new Error("connection reset by peer"));
        return;
      }
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      this.push(data.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function listAll(store: EvidenceStore, prefix?: string) {
  const found = [];
  for await (const object of store.list(prefix)) found.push(object);
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const newKey = (orgId = randomUUID(), revision = 1) => evidenceKey(orgId, randomUUID(), revision);

interface Subject {
  readonly store: EvidenceStore;
  /** Temporary files or other traces a failed upload must not leave. */
  leftovers(): Promise<string[]>;
}

let azurite: RunningAzurite;
let dataDir: string;

beforeAll(async () => {
  [azurite, dataDir] = await Promise.all([startAzurite(), mkdtemp(join(tmpdir(), "specready-evidence-"))]);
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const subjects: Record<"filesystem" | "azure-blob", () => Subject> = {
  filesystem: () => {
    const store = new FilesystemEvidenceStore(dataDir);
    return {
      store,
      leftovers: () => readdir(join(dataDir, "evidence", ".partial")).catch(() => []),
    };
  },
  "azure-blob": () => ({
    // A container per run of the suite; the store creates it on first use.
    store: new AzureBlobEvidenceStore({
      connectionString: azurite.connectionString,
      container: `evidence-${randomUUID().slice(0, 8)}`,
    }),
    // Staged blocks of a failed upload are never committed: nothing to see but what `list` shows.
    leftovers: async () => [],
  }),
};

describe.each(Object.keys(subjects) as (keyof typeof subjects)[])("the %s evidence store", (kind) => {
  let subject: Subject;
  let store: EvidenceStore;
  beforeAll(() => {
    subject = subjects[kind]();
    store = subject.store;
  });

  it("stores a multi-block file and gives back the same bytes, size, SHA-256 and head", async () => {
    const data = randomBytes(9 * MiB + 123);
    const key = newKey();
    const stored = await store.put(key, bodyOf(data), { limitBytes: 10 * MiB });
    expect(stored.key).toBe(key);
    expect(stored.size).toBe(data.length);
    expect(stored.sha256).toBe(sha256(data));
    expect(Buffer.from(stored.head).equals(data.subarray(0, HEAD_BYTES))).toBe(true);
    expect((await readAll(await store.open(key))).equals(data)).toBe(true);
    const [listed] = await listAll(store, key);
    expect(listed).toMatchObject({ key, size: data.length });
    expect(listed?.lastModified).toBeInstanceOf(Date);
  });

  it("stores a file exactly at the limit, a small one with a short head, and an empty one", async () => {
    const exact = randomBytes(1000);
    expect((await store.put(newKey(), bodyOf(exact, { chunk: 7 }), { limitBytes: 1000 })).size).toBe(1000);

    const small = Buffer.from("%PDF-1.7 tiny");
    const stored = await store.put(newKey(), bodyOf(small), { limitBytes: MiB });
    expect(Buffer.from(stored.head).toString()).toBe("%PDF-1.7 tiny");

    const key = newKey();
    const empty = await store.put(key, bodyOf(Buffer.alloc(0)), { limitBytes: MiB });
    expect(empty).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect(empty.head.length).toBe(0);
    expect((await readAll(await store.open(key))).length).toBe(0);
  });

  it("refuses a body over the limit, stores nothing, and reads the rest of the body instead of breaking it", async () => {
    const orgId = randomUUID();
    const key = newKey(orgId);
    const body = bodyOf(randomBytes(6 * MiB));
    const ended = once(body, "end");
    const error = await store.put(key, body, { limitBytes: 5 * MiB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageLimitError);
    expect((error as StorageLimitError).limitBytes).toBe(5 * MiB);
    // Not destroyed: an HTTP server can still answer 413 on this connection.
    expect(body.destroyed && !body.readableEnded).toBe(false);
    await ended;
    expect(await listAll(store, `orgs/${orgId}/`)).toEqual([]);
    expect(await subject.leftovers()).toEqual([]);
    await expect(store.open(key)).rejects.toBeInstanceOf(StorageNotFoundError);
  });

  it("stores nothing when the body fails half-way", async () => {
    const orgId = randomUUID();
    const key = newKey(orgId);
    const body = bodyOf(randomBytes(9 * MiB), { failAfter: 5 * MiB });
    await expect(store.put(key, body, { limitBytes: 10 * MiB })).rejects.toThrow("connection reset by peer");
    expect(await listAll(store, `orgs/${orgId}/`)).toEqual([]);
    expect(await subject.leftovers()).toEqual([]);
  });

  it("answers StorageNotFoundError for a key never stored", async () => {
    const key = newKey();
    const error = await store.open(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageNotFoundError);
    expect((error as StorageNotFoundError).key).toBe(key);
  });

  it("deletes, and deleting again (or what never was) is no error", async () => {
    const key = newKey();
    await store.put(key, bodyOf(Buffer.from("evidence")), { limitBytes: MiB });
    await store.delete(key);
    await store.delete(key);
    await store.delete(newKey());
    await expect(store.open(key)).rejects.toBeInstanceOf(StorageNotFoundError);
    expect(await listAll(store, key)).toEqual([]);
  });

  it("lists what a prefix names and nothing else", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const evidenceId = randomUUID();
    const a1 = evidenceKey(a, evidenceId, 1);
    const a2 = evidenceKey(a, evidenceId, 2);
    const a3 = newKey(a);
    const b1 = newKey(b);
    for (const key of [a1, a2, a3, b1]) await store.put(key, bodyOf(Buffer.from(key)), { limitBytes: MiB });

    expect((await listAll(store, `orgs/${a}/`)).map((o) => o.key)).toEqual([a1, a2, a3].sort());
    expect((await listAll(store, `orgs/${a}/evidence/${evidenceId}/1-`)).map((o) => o.key)).toEqual([a1]);
    expect((await listAll(store, `orgs/${randomUUID()}/`)).map((o) => o.key)).toEqual([]);
    const all = (await listAll(store)).map((o) => o.key);
    expect(all).toEqual(expect.arrayContaining([a1, a2, a3, b1]));
    expect(all.every((k) => k.startsWith("orgs/"))).toBe(true);
    expect((await listAll(store, `orgs/${b}/`))[0]).toMatchObject({ key: b1, size: b1.length });
  });

  it("finds stored objects no row names (once old enough) and rows whose object is missing", async () => {
    const orgId = randomUUID();
    const known = newKey(orgId);
    const orphan = newKey(orgId);
    const missing = newKey(orgId);
    await store.put(known, bodyOf(Buffer.from("kept")), { limitBytes: MiB });
    await store.put(orphan, bodyOf(Buffer.from("forgotten")), { limitBytes: MiB });
    const knownKeys = new Set([known, missing]);
    const prefix = `orgs/${orgId}/`;

    const later = await findOrphans(store, knownKeys, { olderThan: new Date(Date.now() + 60_000), prefix });
    expect(later.orphans).toEqual([{ key: orphan, size: 9, lastModified: expect.any(Date) }]);
    expect(later.missing).toEqual([missing]);

    // A young object may be an upload whose row is not written yet.
    const now = await findOrphans(store, knownKeys, { olderThan: new Date(Date.now() - 60_000), prefix });
    expect(now.orphans).toEqual([]);
    expect(now.missing).toEqual([missing]);

    const whole = await findOrphans(store, knownKeys, { olderThan: new Date(Date.now() + 60_000) });
    expect(whole.orphans.map((o) => o.key)).toContain(orphan);
    expect(whole.missing).toEqual([missing]);
  });

  it("refuses keys that are not the server's", async () => {
    for (const bad of ["../x", "/etc/passwd", "a\\b", "a//b", "", "a/../b", ".partial/x", "a/", "a/./b"]) {
      await expect(store.put(bad, bodyOf(Buffer.from("x")), { limitBytes: MiB })).rejects.toBeInstanceOf(
        StorageKeyError,
      );
      await expect(store.open(bad)).rejects.toBeInstanceOf(StorageKeyError);
      await expect(store.delete(bad)).rejects.toBeInstanceOf(StorageKeyError);
    }
    await expect(listAll(store, "../")).rejects.toBeInstanceOf(StorageKeyError);
    await expect(listAll(store, "/etc/")).rejects.toBeInstanceOf(StorageKeyError);
  });
});

describe("the filesystem store on disk", () => {
  it("writes owner-only files under <dataDir>/evidence and nothing outside it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-evidence-fs-"));
    try {
      const store = new FilesystemEvidenceStore(dir);
      const key = newKey();
      await store.put(key, bodyOf(Buffer.from("evidence")), { limitBytes: MiB });
      const info = await stat(join(dir, "evidence", key));
      if (process.platform !== "win32") expect(info.mode & 0o777).toBe(0o600);
      expect(store.location).toBe(join(dir, "evidence"));
      await expect(
        store.put("../../escape", bodyOf(Buffer.from("x")), { limitBytes: MiB }),
      ).rejects.toThrow();
      expect((await readdir(dir)).sort()).toEqual(["evidence"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("removes temporary files a crash left, but not those of uploads running now", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-evidence-fs-"));
    try {
      const store = new FilesystemEvidenceStore(dir);
      expect(await store.removeStalePartials(60_000)).toBe(0);
      await store.put(newKey(), bodyOf(Buffer.from("x")), { limitBytes: MiB });
      const partials = join(dir, "evidence", ".partial");
      await writeFile(join(partials, "old"), "left by a crash");
      await writeFile(join(partials, "young"), "being written");
      const hourAgo = new Date(Date.now() - 3_600_000);
      await utimes(join(partials, "old"), hourAgo, hourAgo);
      expect(await store.removeStalePartials(60_000)).toBe(1);
      expect(await readdir(partials)).toEqual(["young"]);
      // A partial file is never listed as a stored object.
      expect((await listAll(store)).every((o) => o.key.startsWith("orgs/"))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the Azure Blob store's messages", () => {
  it("name the container without the account key, and a bad connection string is not quoted", async () => {
    const store = new AzureBlobEvidenceStore({
      connectionString: azurite.connectionString,
      container: "evidence",
    });
    const key = azurite.connectionString.match(/AccountKey=([^;]+)/)?.[1] ?? "";
    expect(store.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/evidence$/);
    expect(store.location).not.toContain(key);

    // No DefaultEndpointsProtocol: the SDK reads it as a SAS connection string without an endpoint.
    const bad = "AccountName=x;AccountKey=not-base64-secret;Bogus";
    let message = "";
    try {
      new AzureBlobEvidenceStore({ connectionString: bad, container: "evidence" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe("AZURE_STORAGE_CONNECTION_STRING is not a valid Azure Storage connection string");
  });

  it("reports a refused connection without the key", async () => {
    const dead = azurite.connectionString.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:9");
    const store = new AzureBlobEvidenceStore({
      connectionString: dead,
      container: "evidence",
      retry: { maxTries: 1 },
    });
    const key = azurite.connectionString.match(/AccountKey=([^;]+)/)?.[1] ?? "";
    const error = await store.delete(newKey()).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain(key);
  });
});

describe("evidenceKey", () => {
  it("is made of the ids, the revision and a random part", () => {
    const org = randomUUID();
    const evidence = randomUUID();
    const key = evidenceKey(org.toUpperCase(), evidence, 3);
    expect(key).toMatch(
      new RegExp(
        `^orgs/${org}/evidence/${evidence}/3-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
      ),
    );
    expect(evidenceKey(org, evidence, 3)).not.toBe(key);
  });

  it("refuses anything but UUIDs and a positive revision", () => {
    expect(() => evidenceKey("../etc", randomUUID(), 1)).toThrow(TypeError);
    expect(() => evidenceKey(randomUUID(), "report.pdf", 1)).toThrow(TypeError);
    expect(() => evidenceKey(randomUUID(), randomUUID(), 0)).toThrow(TypeError);
    expect(() => evidenceKey(randomUUID(), randomUUID(), 1.5)).toThrow(TypeError);
  });
});
