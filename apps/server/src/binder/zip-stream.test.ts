import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { type ZipEntrySource, zipStream } from "./zip-stream.js";

const MTIME = new Date("2025-09-10T14:03:27.000Z");

interface ReadEntry {
  name: string;
  data: Buffer;
  method: number;
  compressedSize: number;
  crc32: number;
  mtime: Date;
  versionNeeded: number;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every entry of an archive, read with yauzl (sizes validated, names strict). */
async function readBack(zip: Buffer, withData = true): Promise<ReadEntry[]> {
  const file = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, z) =>
      err ? reject(err) : resolve(z),
    ),
  );
  const out: ReadEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    file.on("error", reject);
    file.on("end", () => resolve());
    file.on("entry", (entry: yauzl.Entry) => {
      const done = (data: Buffer) => {
        out.push({
          name: entry.fileName,
          data,
          method: entry.compressionMethod,
          compressedSize: entry.compressedSize,
          crc32: entry.crc32,
          mtime: entry.getLastModDate(),
          versionNeeded: entry.versionNeededToExtract,
        });
        file.readEntry();
      };
      if (!withData) return done(Buffer.alloc(0));
      file.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        collect(stream).then(done, reject);
      });
    });
    file.readEntry();
  });
  return out;
}

function source(name: string, bytes: Buffer | string, fields: Partial<ZipEntrySource> = {}): ZipEntrySource {
  const data = Buffer.from(bytes);
  return {
    name,
    method: "store",
    size: data.length,
    open: async () => Readable.from([data.subarray(0, 7), data.subarray(7)].filter((c) => c.length > 0)),
    failure: (cause) => new Error(`${name}: ${cause instanceof Error ? cause.message : String(cause)}`),
    ...fields,
  };
}

const hasUnzip = spawnSync("sh", ["-c", "command -v unzip"]).status === 0;

async function unzipTest(zip: Buffer): Promise<{ status: number | null; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "specready-zip-stream-"));
  try {
    await writeFile(join(dir, "t.zip"), zip);
    const run = spawnSync("unzip", ["-tq", join(dir, "t.zip")], { encoding: "utf8" });
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("zipStream", () => {
  const text = "Cloud & AI adoption plan\r\n".repeat(500);
  const random = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + (i >> 3)) & 0xff));
  const entries = (): ZipEntrySource[] => [
    source("index.html", text, { method: "deflate", size: undefined }),
    source("Module A/räksmörgås 🚀.pdf", random),
    source("empty.txt", ""),
    { ...source("note.txt", "a note\r\n"), open: () => Buffer.from("a note\r\n") },
  ];

  it("writes stored, deflated, empty and in-memory entries that read back exactly, with UTF-8 names", async () => {
    const zip = await collect(zipStream(entries(), { mtime: MTIME }));
    const read = await readBack(zip);
    expect(read.map((e) => e.name)).toEqual([
      "index.html",
      "Module A/räksmörgås 🚀.pdf",
      "empty.txt",
      "note.txt",
    ]);
    expect(read.map((e) => e.method)).toEqual([8, 0, 0, 0]);
    expect(read[0]?.data.toString()).toBe(text);
    expect(read[0]?.compressedSize).toBeLessThan(text.length / 10);
    expect(read[1]?.compressedSize).toBe(random.length);
    expect(read[1]?.data.equals(random)).toBe(true);
    expect(read[2]?.data.length).toBe(0);
    expect(read[3]?.data.toString()).toBe("a note\r\n");
    for (const e of read) {
      expect(e.crc32).toBe(crc32(e.data));
      // Exact to the second, though MS-DOS times have two-second steps: the extended timestamp.
      expect(e.mtime.toISOString()).toBe(MTIME.toISOString());
      expect(e.versionNeeded).toBe(20);
    }
  });

  it.runIf(hasUnzip)("passes unzip -t", async () => {
    const result = await unzipTest(await collect(zipStream(entries(), { mtime: MTIME })));
    expect(result.output).toContain("No errors detected");
    expect(result.status).toBe(0);
  });

  it("writes ZIP64 records that read back (forced, as real ones need 4 GiB)", async () => {
    const zip = await collect(zipStream(entries(), { mtime: MTIME, forceZip64: true }));
    const read = await readBack(zip);
    expect(read.map((e) => e.data.length)).toEqual([text.length, random.length, 0, 8]);
    expect(read[1]?.data.equals(random)).toBe(true);
    for (const e of read) {
      expect(e.versionNeeded).toBe(45);
      expect(e.crc32).toBe(crc32(e.data));
    }
    // The ZIP64 end record and its locator, before the classic end record.
    expect(zip.readUInt32LE(zip.length - 22 - 20)).toBe(0x07064b50);
    expect(zip.readUInt32LE(zip.length - 22 - 20 - 56)).toBe(0x06064b50);
    if (hasUnzip) expect((await unzipTest(zip)).status).toBe(0);
  });

  it("uses the ZIP64 end record for more than 65,535 entries", async () => {
    const many = Array.from({ length: 70_000 }, (_, i) => ({
      ...source(`f/${i}.txt`, `${i}`),
      open: () => Buffer.from(`${i}`),
    }));
    const zip = await collect(zipStream(many, { mtime: MTIME }));
    expect(zip.readUInt16LE(zip.length - 22 + 10)).toBe(0xffff);
    const read = await readBack(zip, false);
    expect(read).toHaveLength(70_000);
    expect(read.at(-1)?.name).toBe("f/69999.txt");
  }, 60_000);

  it("fails with the entry's failure when a stored entry has another size than given", async () => {
    const wrong = { ...source("short.pdf", "12345"), size: 6 };
    await expect(collect(zipStream([wrong], { mtime: MTIME }))).rejects.toThrow(
      "short.pdf: it has 5 bytes, 6 were expected",
    );
  });

  it("fails with the check's error, closes the source and opens no other entry", async () => {
    const opened: string[] = [];
    let reader: Readable | undefined;
    const stop = new Error("not the uploaded file");
    const checked: ZipEntrySource = {
      ...source("checked.pdf", random),
      open: async () => {
        opened.push("checked.pdf");
        reader = Readable.from([random.subarray(0, 1000), random.subarray(1000)]);
        return reader;
      },
      check: { update: (chunk) => (chunk.length === 1000 ? undefined : stop), end: () => undefined },
    };
    const after = {
      ...source("after.pdf", "x"),
      open: async () => {
        opened.push("after.pdf");
        return Readable.from([Buffer.from("x")]);
      },
    };
    await expect(collect(zipStream([checked, after], { mtime: MTIME }))).rejects.toBe(stop);
    expect(opened).toEqual(["checked.pdf"]);
    expect(reader?.destroyed).toBe(true);
  });

  it("maps an open or read failure through the entry's failure", async () => {
    const unopened = { ...source("gone.pdf", "x"), open: () => Promise.reject(new Error("no such key")) };
    await expect(collect(zipStream([unopened], { mtime: MTIME }))).rejects.toThrow("gone.pdf: no such key");
    const broken = new PassThrough();
    broken.write("abc");
    setTimeout(() => broken.destroy(new Error("connection reset")), 10);
    const cut = { ...source("cut.pdf", "abcdef"), open: async () => broken };
    await expect(collect(zipStream([cut], { mtime: MTIME }))).rejects.toThrow("cut.pdf: connection reset");
  });

  it("opens nothing before it is read, and reads a source only as fast as the output is read", async () => {
    const size = 40 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 1);
    let produced = 0;
    let opened = false;
    const big: ZipEntrySource = {
      ...source("big.bin", ""),
      size,
      open: async () => {
        opened = true;
        return new Readable({
          read() {
            if (produced >= size) this.push(null);
            else {
              produced += chunk.length;
              this.push(chunk);
            }
          },
        });
      },
    };
    const output = zipStream([big], { mtime: MTIME });
    await new Promise((r) => setTimeout(r, 20));
    expect(opened).toBe(false);
    let consumed = 0;
    let ahead = 0;
    for await (const piece of output) {
      consumed += (piece as Buffer).length;
      ahead = Math.max(ahead, produced - consumed);
      // A slow reader.
      if (consumed % (4 * 1024 * 1024) < 64 * 1024) await new Promise((r) => setTimeout(r, 1));
    }
    expect(consumed).toBeGreaterThan(size);
    // The output buffer (1 MiB) and the source's own (64 KiB), not the file.
    expect(ahead).toBeLessThan(4 * 1024 * 1024);
  });

  it("closes the source being read when destroyed", async () => {
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024));
      },
    });
    const output = zipStream([{ ...source("endless.bin", ""), size: undefined, open: async () => endless }], {
      mtime: MTIME,
    });
    await new Promise<void>((resolve) => {
      let received = 0;
      output.on("data", (c: Buffer) => {
        received += c.length;
        if (received > 3_000_000 && !output.destroyed) {
          output.destroy();
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(endless.destroyed).toBe(true);
  });
});
