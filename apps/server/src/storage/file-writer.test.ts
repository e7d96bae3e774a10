import { randomBytes } from "node:crypto";
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileWriter } from "./file-writer.js";

const MiB = 1024 * 1024;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "specready-file-writer-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `data` in chunks of the given sizes, in turn (the last size repeats). */
function chunksOf(data: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (let k = 0; at < data.length; k++) {
    const n = sizes[Math.min(k, sizes.length - 1)] as number;
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe("fileWriter", () => {
  it("writes every byte in order, whatever the chunks, and reports how far the file is written", async () => {
    const data = randomBytes(9 * MiB + 12_345);
    // Socket-sized chunks, odd sizes crossing the blocks' edges, and chunks larger than a block.
    for (const sizes of [[64 * 1024], [1], [7, 1_048_575, 3 * MiB + 5, 65_536], [5 * MiB]]) {
      const path = join(dir, `whole-${sizes.join("-")}`);
      const handle = await open(path, "w");
      const reported: number[] = [];
      await pipeline(
        Readable.from(sizes[0] === 1 ? chunksOf(data.subarray(0, 300_000), sizes) : chunksOf(data, sizes)),
        fileWriter(handle, (bytes) => reported.push(bytes)),
      );
      await handle.close();
      const expected = sizes[0] === 1 ? data.subarray(0, 300_000) : data;
      expect((await readFile(path)).equals(expected)).toBe(true);
      expect(reported.at(-1)).toBe(expected.length);
      for (let k = 1; k < reported.length; k++)
        expect(reported[k] as number).toBeGreaterThanOrEqual(reported[k - 1] as number);
    }
  });

  it("copies what it is given: a chunk changed after its write returned is written as it was", async () => {
    const path = join(dir, "copied");
    const handle = await open(path, "w");
    const writer = fileWriter(handle, () => {});
    const chunk = Buffer.alloc(100_000, 0x41);
    await new Promise<void>((resolve, reject) => writer.write(chunk, (e) => (e ? reject(e) : resolve())));
    // The chunk is released: the socket's next read may reuse its memory.
    chunk.fill(0x42);
    await new Promise<void>((resolve, reject) =>
      writer.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
    await handle.close();
    expect((await readFile(path)).equals(Buffer.alloc(100_000, 0x41))).toBe(true);
  });

  it("holds its writer back while every block is full or being written, two writes at a time, and reports only bytes without a gap", async () => {
    const path = join(dir, "slow");
    const real = await open(path, "w");
    // Writes that finish late and out of order: the first block's write completes last.
    const writes: { at: number; release: () => void }[] = [];
    const handle = {
      write(buffer: Buffer, offset: number, length: number, position: number) {
        return new Promise<{ bytesWritten: number; buffer: Buffer }>((resolve, reject) => {
          writes.push({
            at: position,
            release: () => real.write(buffer, offset, length, position).then(resolve, reject),
          });
        });
      },
    } as unknown as Parameters<typeof fileWriter>[0];
    const reported: number[] = [];
    const writer = fileWriter(handle, (bytes) => reported.push(bytes));
    const data = randomBytes(6 * MiB);
    let accepted = 0;
    const sent = (async () => {
      for (const chunk of chunksOf(data, [256 * 1024])) {
        if (!writer.write(chunk)) await new Promise((r) => writer.once("drain", r));
        accepted += chunk.length;
      }
      await new Promise<void>((resolve, reject) =>
        writer.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
    })();
    await new Promise((r) => setTimeout(r, 50));
    // Two blocks are being written and two more are full: the writer took at most those four and what
    // its own buffer holds, not the whole body, and keeps two of the pool's threads at most.
    expect(writes.length).toBe(2);
    expect(accepted).toBeLessThan(6 * MiB);
    // The second block's write completes first: nothing is reported, the first is still missing.
    writes[1]?.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(reported).toEqual([]);
    writes[0]?.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(reported.at(-1)).toBe(2 * MiB);
    // Then the rest, as it comes.
    for (;;) {
      const next = writes.find((w) => w.at >= 2 * MiB && !(w as { done?: boolean }).done);
      if (next === undefined) {
        if (reported.at(-1) === data.length) break;
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      (next as { done?: boolean }).done = true;
      next.release();
    }
    await sent;
    await real.close();
    expect((await readFile(path)).equals(data)).toBe(true);
  });

  it("fails with the error of onWritten, without hanging", async () => {
    const handle = await open(join(dir, "reported"), "w");
    const data = randomBytes(3 * MiB);
    await expect(
      pipeline(
        Readable.from(chunksOf(data, [64 * 1024])),
        fileWriter(handle, () => {
          throw new Error("the reader is gone");
        }),
      ),
    ).rejects.toThrow("the reader is gone");
    await handle.close();
  });

  it("starts no more writes once destroyed (the client went away)", async () => {
    let started = 0;
    const pending: (() => void)[] = [];
    const handle = {
      write(_buffer: Buffer, _offset: number, length: number) {
        started++;
        return new Promise((resolve) => pending.push(() => resolve({ bytesWritten: length })));
      },
    } as unknown as Parameters<typeof fileWriter>[0];
    const writer = fileWriter(handle, () => {});
    writer.on("error", () => {});
    for (const chunk of chunksOf(randomBytes(5 * MiB), [256 * 1024])) writer.write(chunk);
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toBe(2);
    writer.destroy(new Error("aborted"));
    // The writes under way end; the full blocks waiting for them are not written.
    for (const release of pending.splice(0)) release();
    await new Promise((r) => setTimeout(r, 20));
    for (const release of pending.splice(0)) release();
    expect(started).toBe(2);
  });

  it("fails with the write's error, and takes nothing more", async () => {
    const handle = {
      write: () => Promise.reject(Object.assign(new Error("no space left on device"), { code: "ENOSPC" })),
    } as unknown as Parameters<typeof fileWriter>[0];
    await expect(
      pipeline(
        Readable.from(chunksOf(randomBytes(8 * MiB), [64 * 1024])),
        fileWriter(handle, () => {}),
      ),
    ).rejects.toThrow("no space left on device");
  });
});
