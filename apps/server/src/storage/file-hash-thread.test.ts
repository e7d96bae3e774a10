import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { storeUpload } from "../services/import-service.js";
import { createOrg, STARTUP_TIMEOUT, TestServer } from "../test-support/test-server.js";
import {
  HASH_THREAD_MIN_BYTES,
  HASH_THREADS_AT_ONCE,
  hashFileAsWritten,
  hashThreadsRunning,
  hashThreadsStarted,
} from "./file-hash-thread.js";

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** A hashing thread, which the tests expect to be had. */
function hashing(path: string) {
  const h = hashFileAsWritten(path);
  if (h === undefined) throw new Error("no hashing thread to be had");
  return h;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "specready-file-hash-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("hashFileAsWritten", () => {
  it("hashes a file as it grows, to the size it is said to end at", async () => {
    const data = randomBytes(3 * MiB + 777);
    const path = join(dir, "growing");
    await writeFile(path, "");
    const h = hashing(path);
    // Pieces that cross the thread's 1 MiB reads, each reported once written.
    for (const [from, to] of [
      [0, 10],
      [10, MiB + 5],
      [MiB + 5, 3 * MiB],
      [3 * MiB, data.length],
    ] as const) {
      await appendFile(path, data.subarray(from, to));
      h.written(to);
    }
    expect(await h.digest(data.length)).toBe(sha256(data));
  });

  it("hashes only what it is told the file holds, and an empty file", async () => {
    const path = join(dir, "longer");
    const data = randomBytes(5000);
    await writeFile(path, data);
    expect(await hashing(path).digest(1234)).toBe(sha256(data.subarray(0, 1234)));
    const empty = join(dir, "empty");
    await writeFile(empty, "");
    expect(await hashing(empty).digest(0)).toBe(sha256(Buffer.alloc(0)));
  });

  it("fails when the file is shorter than said, missing, or the hashing is stopped", async () => {
    const path = join(dir, "short");
    await writeFile(path, randomBytes(100));
    await expect(hashing(path).digest(101)).rejects.toThrow(
      "hashing the upload failed: the file ends at 100 bytes, not 101",
    );
    await expect(hashing(join(dir, "missing")).digest(1)).rejects.toThrow(
      "hashing the upload failed: ENOENT",
    );
    const stopped = hashing(path);
    stopped.written(50);
    stopped.stop();
    stopped.stop();
    await expect(stopped.digest(100)).rejects.toThrow("hashing the upload failed: stopped");
  });
});

describe("hashing threads at once", () => {
  it("are at most HASH_THREADS_AT_ONCE: past them none is started, and an answered one frees its place", async () => {
    const path = join(dir, "many");
    await writeFile(path, randomBytes(1000));
    expect(hashThreadsRunning()).toBe(0);
    const threads = Array.from({ length: HASH_THREADS_AT_ONCE }, () => hashing(path));
    expect(hashThreadsRunning()).toBe(HASH_THREADS_AT_ONCE);
    expect(hashFileAsWritten(path)).toBeUndefined();
    expect(await threads[0]?.digest(1000)).toBe(sha256(await readFile(path)));
    const next = hashing(path);
    for (const t of [...threads.slice(1), next]) t.stop();
    expect(hashThreadsRunning()).toBe(0);
  });
});

describe.each(testBackends)("a large upload hashed on its own thread, on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend, {
      config: { uploadLimitBytes: HASH_THREAD_MIN_BYTES + 2 * MiB, pendingUploadsLimitBytes: 200 * MiB },
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  /** `data` as a request body, in socket-sized chunks. */
  const bodyOf = (data: Buffer, failAt?: number) =>
    Readable.from(
      (function* () {
        for (let at = 0; at < data.length; at += 64 * 1024) {
          if (failAt !== undefined && at >= failAt) throw new Error("the connection was lost");
          yield data.subarray(at, at + 64 * 1024);
        }
      })(),
    );

  it("stores the file with the SHA-256 of its bytes, hashed on a thread from its size on", async () => {
    const org = await createOrg(server, "Large Uploads");
    // Just under the size: hashed as it arrives, no thread.
    const small = randomBytes(HASH_THREAD_MIN_BYTES - 1);
    const threads = hashThreadsStarted();
    const under = await storeUpload(
      server.ctx,
      org.id,
      "certifications",
      "small.csv",
      bodyOf(small),
      null,
      small.length,
    );
    expect(under.sha256).toBe(sha256(small));
    expect(hashThreadsStarted()).toBe(threads);

    const data = randomBytes(HASH_THREAD_MIN_BYTES + 12_345);
    // The thread answered: nothing fell back to hashing here (which says so on standard error).
    const errors = vi.spyOn(console, "error");
    const stored = await storeUpload(
      server.ctx,
      org.id,
      "certifications",
      "people.csv",
      bodyOf(data),
      null,
      data.length,
    );
    expect(stored).toMatchObject({ size: data.length, sha256: sha256(data) });
    expect(hashThreadsStarted()).toBe(threads + 1);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    expect(
      await server.db.query("select sha256, size::int as size from uploads where id = $1", [stored.id]),
    ).toEqual([{ sha256: sha256(data), size: data.length }]);
  });

  it("leaves nothing behind when the upload fails half way", async () => {
    const org = await createOrg(server, "Broken Large Uploads");
    const uploads = join(server.dataDir, "uploads");
    const files = async () => (existsSync(uploads) ? (await readdir(uploads)).sort() : []);
    const before = await files();
    const data = randomBytes(HASH_THREAD_MIN_BYTES + 1);
    await expect(
      storeUpload(
        server.ctx,
        org.id,
        "certifications",
        "people.csv",
        bodyOf(data, 20 * MiB),
        null,
        data.length,
      ),
    ).rejects.toThrow("the connection was lost");
    expect(await files()).toEqual(before);
    expect(await server.db.query("select id from uploads where org_id = $1", [org.id])).toEqual([]);
  });
});
