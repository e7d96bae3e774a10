import { closeSync, openSync } from "node:fs";
import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Program } from "@specready/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readImportFile } from "../inputs/read-import-file.js";
import { countRepeatedRows } from "../inputs/repeated-rows.js";
import { loadInstalledPrograms } from "../programs/load-installed-programs.js";
import {
  AbandonedFileError,
  growingState,
  markEnded,
  markWritten,
  registerGrowingFile,
  unregisterGrowingFile,
} from "./growing-file.js";

const header =
  "PartnerID,PartnerName,Month,CustomerTenantId,CustomerName,SubscriptionId,ServiceLevel1,ServiceLevel2,ServiceGroup2,ServiceGroup3,PartnerAttributionType,AdminType,IsACRDuplicateAtMPNLevel,CloudInstance,OfferType,ACR_USD";
const row = (k: number) =>
  `4455667,Adatum,2025-0${1 + (k % 6)},tenant-${k % 50},Customer ${k % 50},sub-${k},AI + Machine Learning,Azure OpenAI,AI,Applied AI Services,Partner of record,,0,AzureCloud,Azure plan,${(k % 97) + 0.5}`;
const csv = `${[header, ...Array.from({ length: 3000 }, (_, k) => row(k)), row(7)].join("\n")}\n`;

describe("a file read while it is written", () => {
  let dir: string;
  let program: Program;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "specready-growing-"));
    const loaded = await loadInstalledPrograms();
    if (!loaded.ok) throw new Error("the programs do not load");
    program = loaded.programs.find((p) => p.id === "ai-ml-azure-fy24") as Program;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes `csv` to `path` in pieces, telling the readers after each, while `read` runs. */
  async function whileWritten<T>(path: string, read: () => Promise<T>, abandonAt?: number): Promise<T> {
    await writeFile(path, "");
    const shared = growingState();
    const fd = openSync(path, "r");
    registerGrowingFile(path, { fd, size: Buffer.byteLength(csv), shared });
    try {
      const reading = read();
      const bytes = Buffer.from(csv);
      for (let at = 0; at < bytes.length; at += 7000) {
        if (abandonAt !== undefined && at >= abandonAt) {
          markEnded(shared, false);
          break;
        }
        await appendFile(path, bytes.subarray(at, at + 7000));
        markWritten(shared, Math.min(at + 7000, bytes.length));
        await new Promise((r) => setTimeout(r, 1));
      }
      if (abandonAt === undefined) markEnded(shared, true);
      return await reading;
    } finally {
      unregisterGrowingFile(path);
      closeSync(fd);
    }
  }

  it("reads as the complete file reads: the same data, warnings and repeated rows", async () => {
    const complete = join(dir, "complete.csv");
    await writeFile(complete, csv);
    const read = (path: string) => readImportFile(path, "azure-usage.csv", "azure-usage", program);
    const count = (path: string) => countRepeatedRows(path, "azure-usage.csv", "csv");
    const growing = join(dir, "growing.csv");
    const [early, earlyCount] = await whileWritten(growing, () =>
      Promise.all([read(growing), count(growing)]),
    );
    expect(early).toEqual(await read(complete));
    expect(earlyCount).toEqual(await count(complete));
    expect(earlyCount.repeated).toBe(1);
  });

  it("fails the read when the writer gives up", async () => {
    const path = join(dir, "abandoned.csv");
    await expect(
      whileWritten(path, () => readImportFile(path, "azure-usage.csv", "azure-usage", program), 50_000),
    ).rejects.toBeInstanceOf(AbandonedFileError);
  });
});
