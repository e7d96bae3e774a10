import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
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

function usageFile(rows: number, options: { badLines?: number[]; quotedNewlines?: boolean } = {}): string {
  const lines = [
    "Month,CustomerTenantId,CustomerName,ServiceGroup2,PartnerAttributionType,IsACRDuplicateAtMPNLevel,CloudInstance,OfferType,ACR_USD",
  ];
  const groups = ["AI", "Compute", "ai", "Data"];
  const attributions = [
    "Partner admin link",
    "CSP Tier 1",
    "Partner of record",
    "Transacting partner of record",
  ];
  for (let i = 0; i < rows; i++) {
    const line = lines.length + 1;
    const month = `2025-0${5 + (i % 4)}`;
    const name =
      options.quotedNewlines && i % 3 === 0 ? `"Customer ${i % 50},\nLtd"` : `"Customer ${i % 50}, Ltd"`;
    const amount = options.badLines?.includes(line)
      ? '"12,34"'
      : i % 17 === 0
        ? `"1,${String(i % 1000).padStart(3, "0")}.25"`
        : `${(i % 300) + 0.5}`;
    lines.push(
      `${month},T-${i % 50},${name},${groups[i % 4]},${attributions[i % 4]},${i % 29 === 0 ? 1 : 0},${i % 31 === 0 ? "Fairfax" : "AzureCloud"},Azure plan,${amount}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("reading a usage CSV on several threads", () => {
  it("gives exactly the figures of a single-threaded read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-par-"));
    await writeFile(join(dir, "azure-usage.csv"), usageFile(40_000));
    const single = await check(dir, { SPECREADY_THREADS: "1", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    const parallel = await check(dir, { SPECREADY_THREADS: "3", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    expect(parallel.stdout.length).toBeGreaterThan(1000);
    expect(JSON.parse(parallel.stdout)).toEqual(JSON.parse(single.stdout));
  });

  it("reports problems with their line numbers in the whole file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-par-"));
    await writeFile(join(dir, "azure-usage.csv"), usageFile(30_000, { badLines: [7, 15_001, 29_999] }));
    const parallel = await check(dir, { SPECREADY_THREADS: "3", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    expect(parallel).toMatchObject({ code: 2, stdout: "" });
    for (const line of [7, 15_001, 29_999])
      expect(parallel.stderr).toContain(`azure-usage.csv, line ${line}, column ACR_USD`);
    expect(parallel.stderr).toContain("3 problems");
  });

  it("falls back to one thread when a split lands inside a quoted line break", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-par-"));
    await writeFile(
      join(dir, "azure-usage.csv"),
      usageFile(20_000, { quotedNewlines: true, badLines: [30_001] }),
    );
    const single = await check(dir, { SPECREADY_THREADS: "1", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    const parallel = await check(dir, { SPECREADY_THREADS: "4", SPECREADY_PARALLEL_MIN_BYTES: "0" });
    expect(parallel.stderr).toBe(single.stderr);
    expect(parallel.stdout).toBe(single.stdout);
  });
});
