/*
 * `specready check` on hostile and malformed files (issues 10 and 17): exit 2, nothing on stdout, and on
 * stderr one problem naming the file, its line and what is wrong, never a stack trace.
 */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  certificationsUtf16,
  certificationsWithBytes,
  oneLineCsv,
  truncatedUtf16Certifications,
  xlsxCellBeyondXfd,
  xlsxSharedStringsBomb,
  xlsxSheetBomb,
} from "@specready/ingest/test-support";
import { describe, expect, it } from "vitest";
import { type CliIo, main } from "./main.js";

const repo = new URL("../../../", import.meta.url).pathname;
const MB = 1024 * 1024;

async function folder(files: Record<string, Buffer | string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specready-hostile-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

async function check(dir: string, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    now: () => new Date("2025-09-10T12:00:00"),
    cwd: repo,
  };
  const code = await main(["check", dir, "--as-of", "2025-09-10"], io);
  return { code, stdout, stderr };
}

const STACK = /\n\s+at .+:\d+:\d+|RangeError|TypeError|heap/;

describe("specready check on hostile files", () => {
  it.each([
    [
      "a 50 MB line of a,a,a,…",
      "certifications.csv",
      () => oneLineCsv(50 * MB),
      /line 1: the row has more than 1,000 columns/,
    ],
    [
      "a 50 MB line without commas",
      "certifications.csv",
      () => oneLineCsv(50 * MB, false),
      /line 1: the line is longer than 1 MB/,
    ],
    [
      "a header cell r=ZZZZZZ1",
      "certifications.xlsx",
      () => xlsxCellBeyondXfd(),
      /line 1: .*ZZZZZZ1, beyond Excel's last cell XFD1048576/,
    ],
    [
      "shared strings unpacking to 1.26 GB",
      "certifications.xlsx",
      () => xlsxSharedStringsBomb(),
      /xl\/sharedStrings\.xml .*SPECREADY_XLSX_MAX_RATIO/,
    ],
    [
      "a sheet unpacking to 1.26 GB",
      "certifications.xlsx",
      () => xlsxSheetBomb(),
      /xl\/worksheets\/sheet1\.xml .*SPECREADY_XLSX_MAX_RATIO/,
    ],
    [
      "a UTF-16 file cut off mid-character",
      "certifications.csv",
      truncatedUtf16Certifications,
      /line 1, column 6: ends in the middle of a UTF-16 character/,
    ],
    [
      "a Windows-1252 é",
      "certifications.csv",
      () => certificationsWithBytes(3, Buffer.from([0xe9])),
      /line 3, column PersonName: holds bytes that are not UTF-8/,
    ],
    [
      "a NUL byte",
      "certifications.csv",
      () => certificationsWithBytes(2, Buffer.from([0])),
      /line 2, column PersonName: holds a NUL byte/,
    ],
  ])("exits 2 on %s, naming the file and the problem", async (_name, file, content, problem) => {
    const result = await check(await folder({ [file]: content() }));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((l) => l.startsWith("  "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^  ${file.replace(".", "\\.")}`));
    expect(lines[0]).toMatch(problem);
    expect(result.stderr).not.toMatch(STACK);
  });

  it("reads a whole UTF-16 certifications file", async () => {
    const result = await check(await folder({ "certifications.csv": certificationsUtf16() }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
  });

  it("takes its limits from the environment, and names a variable that is not one", async () => {
    const dir = await folder({
      "certifications.csv": "PersonId,Certification\np1,DP-100\np2,AI-102\np3,AI-102\n",
    });
    const limited = await check(dir, { SPECREADY_MAX_ROWS_CERTIFICATIONS: "2" });
    expect(limited).toMatchObject({ code: 2, stdout: "" });
    expect(limited.stderr).toContain(
      "certifications.csv, line 4: the file has more than 2 data rows, the most a certifications file may have (the limit, set by SPECREADY_MAX_ROWS_CERTIFICATIONS)",
    );
    const wrong = await check(dir, { SPECREADY_MAX_LINE_KB: "1MB", SPECREADY_XLSX_MAX_RATIO: "0" });
    expect(wrong).toMatchObject({ code: 2, stdout: "" });
    expect(wrong.stderr).toContain('SPECREADY_MAX_LINE_KB="1MB" is not a whole number from 1 to 1,048,576');
    expect(wrong.stderr).toContain('SPECREADY_XLSX_MAX_RATIO="0" is not a whole number from 2 to 100,000');
  });

  it("lists the limits and their variables in --help", async () => {
    let stdout = "";
    await main(["check", "--help"], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => undefined },
      env: {},
      now: () => new Date(),
      cwd: repo,
    });
    for (const name of [
      "SPECREADY_MAX_LINE_KB=1024",
      "SPECREADY_XLSX_MAX_RATIO=100",
      "SPECREADY_MAX_ROWS_AUDIT_EVIDENCE=",
    ])
      expect(stdout).toContain(name);
    expect(stdout).not.toContain("SPECREADY_MAX_ROWS_CUSTOMER_PROJECTS");
  });

  it("exits 2 from bin/specready on the truncated UTF-16 file of issue 17 (143 bytes)", async () => {
    const dir = await folder({ "certifications.csv": truncatedUtf16Certifications() });
    const result = await promisify(execFile)(join(repo, "bin/specready"), ["check", dir]).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain(
      "certifications.csv, line 1, column 6: ends in the middle of a UTF-16 character",
    );
  });
});
