import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import yauzl from "yauzl";
import type { BinderItem } from "./binder-model.js";
import {
  buildControl,
  buildCustomer,
  buildModel,
  buildNoteItem,
  streamToFile,
} from "./test-support/binder-fixtures.js";
import { writeBinder } from "./write-binder.js";

/*
 * A binder over 4 GB, with a file over 4 GB: ZIP64. Reads and writes more than 8 GB, so it runs only when
 * asked: SPECREADY_BINDER_ZIP64=1 npx vitest run apps/server/src/binder/write-binder-zip64.test.ts
 */
const SIZE = 4 * 1024 ** 3 + 12_345;

async function entries(path: string): Promise<{ name: string; size: number; sha256: string }[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const out: { name: string; size: number; sha256: string }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("end", () => resolve());
    zip.on("error", reject);
    zip.on("entry", (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const hash = createHash("sha256");
        pipeline(stream, hash).then(() => {
          out.push({ name: entry.fileName, size: entry.uncompressedSize, sha256: hash.digest("hex") });
          zip.readEntry();
        }, reject);
      }),
    );
    zip.readEntry();
  });
  return out;
}

describe.runIf(process.env.SPECREADY_BINDER_ZIP64 === "1")("writeBinder over 4 GB", () => {
  it("writes a ZIP64 archive whose big file and later entries read back intact", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-binder-zip64-"));
    try {
      // A sparse file: zeros that take no disk space.
      const big = join(dir, "big.vhdx");
      await writeFile(big, "");
      await truncate(big, SIZE);
      const hash = createHash("sha256");
      await pipeline(createReadStream(big), hash);
      const sha256 = hash.digest("hex");
      const item: BinderItem = {
        ...buildNoteItem({ title: "Disk image" }),
        kind: "file",
        note: undefined,
        file: {
          storageKey: big,
          fileName: "big.vhdx",
          size: SIZE,
          sha256,
          mediaType: "application/octet-stream",
          revision: 1,
          uploadedAt: "2025-03-20T09:15:00.000Z",
          uploadedBy: "Ana Ruiz",
        },
      };
      const model = buildModel({
        controls: [
          buildControl({
            customers: [buildCustomer({ items: [item, buildNoteItem({ title: "Z after" })] })],
          }),
        ],
      });
      const zip = await streamToFile(writeBinder(model, async (key) => createReadStream(key)));
      const read = await entries(zip);
      const file = read.find((e) => e.name.endsWith("Disk image - big.vhdx"));
      expect(file).toEqual({ name: expect.any(String), size: SIZE, sha256 });
      expect(read.at(-1)?.name.endsWith("02 Z after.txt")).toBe(true);
      await rm(zip);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
