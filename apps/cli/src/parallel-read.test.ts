import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEFAULT_THREADS_LIMIT, WORKER_YOUNG_GENERATION_MB } from "@specready/ingest";
import { usageCsv } from "@specready/ingest/test-support";
import { describe, expect, it } from "vitest";

// Large usage files are read on several threads by the compiled CLI. These tests run bin/specready as a
// process with the threshold forced to 0 bytes, and compare every figure with a single-threaded read.
const repo = new URL("../../../", import.meta.url).pathname;
const exec = promisify(execFile);

async function check(dir: string, env: Record<string, string>) {
  return exec(join(repo, "bin/specready"), ["check", dir, "--as-of", "2025-09-10", "--format", "json"], {
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { code: number; stdout: string; stderr: string }) => e);
}

describe("reading a usage CSV on several threads", () => {
  it("starts its early threads (bin/specready) with the young generation the reader's own threads get", async () => {
    const bin = await readFile(join(repo, "bin/specready"), "utf8");
    expect(bin).toContain(
      `new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: ${WORKER_YOUNG_GENERATION_MB} } })`,
    );
  });

  it("starts as many early threads (bin/specready) as the reader uses by default", async () => {
    const bin = await readFile(join(repo, "bin/specready"), "utf8");
    expect(bin).toContain(`Math.max(1, Math.min(${DEFAULT_THREADS_LIMIT}, availableParallelism() - 1))`);
  });

  it("reads the file on one thread when a split would cut a quoted field, with exact line numbers", async () => {
    // The middle of the data falls inside a customer name of 2,000 quoted lines: the range starting
    // after the first line feed past the middle would start mid-record.
    const header = "Month,CustomerTenantId,CustomerName,ServiceGroup2,PartnerAttributionType,ACR_USD";
    const before = Array.from({ length: 100 }, (_, i) => `2025-06,T-${i},Name ${i},AI,PAL,10.00`);
    const long = `2025-07,T-long,"${Array.from({ length: 2000 }, (_, i) => `line ${i} of a very long quoted name`).join("\n")}",AI,PAL,5.00`;
    const after = ['2025-08,T-x,After,AI,PAL,"12,34"', "2025-08,T-y,After,AI,PAL,1.00"];
    const dir = await mkdtemp(join(tmpdir(), "specready-par-"));
    await writeFile(join(dir, "azure-usage.csv"), `${[header, ...before, long, ...after].join("\n")}\n`);
    // The long name (70,000 characters) is over the default cell limit: raised for this file.
    const result = await check(dir, {
      SPECREADY_THREADS: "2",
      SPECREADY_PARALLEL_MIN_BYTES: "0",
      SPECREADY_MAX_CELL_CHARS: "100000",
    });
    // header (1) + 100 rows + 2,000 physical lines of the long record: the bad row is line 2,102.
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect((result as { stderr: string }).stderr).toContain("azure-usage.csv, line 2102, column ACR_USD");
    expect((result as { stderr: string }).stderr).toContain("— 1 problem in");
  });

  it("gives exactly the figures of a single-threaded read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-par-"));
    await writeFile(join(dir, "azure-usage.csv"), usageCsv(40_000));
    const single = await check(dir, { SPECREADY_THREADS: "1", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    const parallel = await check(dir, {
      SPECREADY_THREADS: "3",
      SPECREADY_PARALLEL_MIN_BYTES: "0",
      SPECREADY_VERBOSE: "1",
    });
    expect(parallel.stderr).toContain("azure-usage.csv: read on 3 threads");
    expect(single.stderr).not.toContain("threads");
    const a = JSON.parse(parallel.stdout);
    const b = JSON.parse(single.stdout);
    expect(a.inputs).toEqual([{ kind: "azure-usage", file: "azure-usage.csv", rows: 40_000 }]);
    // How the file was read is not part of the evaluation: the two are the same object.
    expect(a).toEqual(b);
  });

  it("reports problems with their line numbers in the whole file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-par-"));
    await writeFile(join(dir, "azure-usage.csv"), usageCsv(30_000, { badLines: [7, 15_001, 29_999] }));
    const parallel = await check(dir, { SPECREADY_THREADS: "3", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    expect(parallel).toMatchObject({ code: 2, stdout: "" });
    for (const line of [7, 15_001, 29_999])
      expect(parallel.stderr).toContain(`azure-usage.csv, line ${line}, column ACR_USD`);
    expect(parallel.stderr).toContain("3 problems");
  });

  it("names bytes that are not text with their line, found by a thread or not", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-par-"));
    const text = usageCsv(30_000);
    const at = text.indexOf("Customer 7, Ltd", text.length / 2);
    const line = text.slice(0, at).split("\n").length;
    const bytes = Buffer.from(text);
    bytes[at + "Customer 7".length] = 0xe9; // a Windows-1252 é
    await writeFile(join(dir, "azure-usage.csv"), bytes);
    const parallel = await check(dir, { SPECREADY_THREADS: "3", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    expect(parallel).toMatchObject({ code: 2, stdout: "" });
    expect(parallel.stderr).toContain(
      `azure-usage.csv, line ${line}, column CustomerName: holds bytes that are not UTF-8`,
    );
    expect(parallel.stderr).toContain("— 1 problem in");
  });

  it("falls back to one thread when a split lands inside a quoted line break", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-par-"));
    await writeFile(
      join(dir, "azure-usage.csv"),
      usageCsv(20_000, { quotedNewlines: true, badLines: [30_001] }),
    );
    const single = await check(dir, { SPECREADY_THREADS: "1", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    const parallel = await check(dir, { SPECREADY_THREADS: "4", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    // Whether a split landed inside a quoted line break depends on the byte offsets; either way the
    // result is the single-threaded one.
    expect(parallel.stderr).toBe(single.stderr);
    const withoutThreads = (text: string) => ({ ...JSON.parse(text), inputs: [] });
    expect(withoutThreads(parallel.stdout)).toEqual(withoutThreads(single.stdout));
  });
});
