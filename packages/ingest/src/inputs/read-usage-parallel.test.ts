import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usageCsv } from "./test-support/usage-csv.js";

/*
 * A large usage file read on two threads while it is still being written (an upload as it arrives).
 * The reader's worker threads run the compiled package, so the read runs in a child process of its
 * own (read-usage-parallel.test-child.mjs), on the build `npm test` makes first.
 */
const child = fileURLToPath(new URL("./read-usage-parallel.test-child.mjs", import.meta.url));
const compiled = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const exec = promisify(execFile);

/** About 36 MB: the first range (46%) spans several of the reader's 4 MB chunks, so its progress shows. */
const ROWS = 420_000;

interface ChildReport {
  readonly wholeThreads?: number;
  readonly wholeProblems: number;
  readonly stalled: boolean;
  readonly readBeforeTheRest: number;
  readonly earlyThreads?: number;
  readonly earlyRows?: number;
  readonly earlyProblems?: number;
  readonly same: boolean;
  readonly error?: string;
}

describe("a large usage file read on two threads as it arrives", () => {
  let dir: string;
  let complete: string;
  let size: number;
  beforeAll(async () => {
    if (!existsSync(compiled)) throw new Error("packages/ingest is not built: run `npm run build` first");
    dir = await mkdtemp(join(tmpdir(), "specready-growing-parallel-"));
    complete = join(dir, "complete.csv");
    const csv = usageCsv(ROWS);
    size = Buffer.byteLength(csv);
    await writeFile(complete, csv);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Three quarters of the file written, the rest held back until the read has read 30% of it. This
   * thread reads the first range (about 46% of the file) as its bytes arrive, reporting its progress
   * every 4 MB read; the worker thread gets its range once the file is split to its end, so the read
   * can pass 30% (three reports) but not the first range's end before the rest is written.
   */
  async function readWhileWritten(name: string, ending: "end" | "abandon"): Promise<ChildReport> {
    const { stdout } = await exec(
      process.execPath,
      [
        child,
        complete,
        join(dir, name),
        String(Math.floor(size * 0.75)),
        String(Math.floor(size * 0.3)),
        ending,
      ],
      // The child gives up waiting after 15 s (it then reports `stalled`): this is the backstop.
      { maxBuffer: 1024 * 1024, timeout: 25_000 },
    );
    return JSON.parse(stdout) as ChildReport;
  }

  it("reads as the bytes arrive, on two threads, with the figures of the complete file", async () => {
    const report = await readWhileWritten("growing.csv", "end");
    expect(report).toMatchObject({
      wholeThreads: 2,
      wholeProblems: 0,
      stalled: false,
      earlyThreads: 2,
      earlyRows: ROWS,
      earlyProblems: 0,
      same: true,
    });
    expect(report.readBeforeTheRest).toBeGreaterThanOrEqual(Math.floor(size * 0.3));
    expect(report.readBeforeTheRest).toBeLessThanOrEqual(Math.floor(size * 0.75));
  });

  it("fails the read when the upload is given up half way", async () => {
    const report = await readWhileWritten("abandoned.csv", "abandon");
    expect(report.stalled).toBe(false);
    expect(report.error).toMatch(/abandoned/);
  });
});
