/*
 * Fuzzing `specready check` (issue 10): valid data folders (the contract examples, as CSV and as XLSX)
 * mutated the ways real and hostile files go wrong — byte flips, truncation, stray quotes and line
 * breaks, huge numbers, impossible dates, byte-order marks, UTF-16, broken zips and broken XML — must
 * give exit 0, 1 or 2, never a stack trace, and with 2 every problem names a file of the folder.
 *
 * `npm test` runs a short round (SPECREADY_FUZZ_RUNS, default 40 in-process and 3 through bin/specready);
 * `npm run fuzz` runs 10,000 and prints the figures. A failure prints fast-check's seed and path:
 * rerun with SPECREADY_FUZZ_SEED and SPECREADY_FUZZ_PATH to replay it.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { inputKinds } from "@specready/ingest";
import { buildZip, handWorkbookParts } from "@specready/ingest/test-support";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliIo, main } from "./main.js";

const repo = new URL("../../../", import.meta.url).pathname;
const RUNS = Number(process.env.SPECREADY_FUZZ_RUNS ?? 40);
const PROCESS_RUNS = Number(process.env.SPECREADY_FUZZ_PROCESS_RUNS ?? Math.max(3, Math.round(RUNS / 200)));
/** Each run's seed is printed with its figures: a round can be replayed whole. */
const SEED = Number(process.env.SPECREADY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PATH = process.env.SPECREADY_FUZZ_PATH;

const KINDS = inputKinds;
type Kind = (typeof KINDS)[number];

/** The valid inputs: the contract examples, an audit history and a designation as Partner Center shows it. */
async function baseFolders(): Promise<Record<Kind, string>[]> {
  const history = "Module,Result,Date\nA,Pass,2024-05-02\nB,No Pass,2023-11-30\nAEMSP-3.A,Pass,2025-01-15\n";
  const designation =
    "SolutionArea,Status,AttainedDate,AnniversaryDate\nData & AI (Azure),Enrolled,2025-03-15,2026-03-15\n";
  const extra: Partial<Record<Kind, string>> = { "audit-history": history, designation };
  const folders: Record<Kind, string>[] = [];
  for (const name of ["ready", "gaps"]) {
    const dir = join(repo, "examples/contract-examples", name, "data");
    const files = {} as Record<Kind, string>;
    for (const kind of KINDS) {
      files[kind] = extra[kind] ?? (await readFile(join(dir, `${kind}.csv`), "utf8"));
    }
    folders.push(files);
  }
  return folders;
}

/** The parts of a workbook holding a CSV text: inline strings, numbers as number cells. */
function workbookParts(csv: string, sharedStrings: boolean): Record<string, string> {
  const strings: string[] = [];
  const rows = csv
    .split(/\r?\n/)
    .filter((line) => line !== "")
    .map((line, r) => {
      const cells = line.split(",").map((value, c) => {
        const ref = `${String.fromCharCode(65 + (c % 26))}${r + 1}`;
        if (/^-?\d+(\.\d+)?$/.test(value)) return `<c r="${ref}"><v>${value}</v></c>`;
        const text = value.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
        if (!sharedStrings) return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
        strings.push(`<si><t>${text}</t></si>`);
        return `<c r="${ref}" t="s"><v>${strings.length - 1}</v></c>`;
      });
      return `<row r="${r + 1}">${cells.join("")}</row>`;
    });
  return handWorkbookParts({
    sheets: [{ name: "Data", sheetData: rows.join("") }],
    sharedStrings: sharedStrings ? strings : undefined,
  });
}

// ------------------------------------------------------------------------------------------ mutations

const NASTY_VALUES = [
  "",
  '"',
  '""',
  '"a,b',
  "a\nb",
  "\r",
  ",,,,",
  "\uFEFF",
  "\u0000",
  "\uFFFD",
  "\uD83D",
  "😀",
  "99999999999999999999999999999999999999.99",
  "-0",
  "1e308",
  "1,2",
  "1,234,5678",
  "NaN",
  "Infinity",
  "0x10",
  "2024-02-30",
  "2/30/2024",
  "2024-13-45",
  "0000-00-00",
  "9999-12-31",
  "0001-01-01",
  "13/45/2024",
  "2024-02-29T25:61",
  "yes please",
  "TRUE",
  "A9.9",
  "B",
  "Pass ",
  "No  Pass",
  "Data & AI (Azure)",
  "x".repeat(70_000),
  "=cmd|' /C calc'!A0",
  '<c r="ZZZZZZ1">',
];

const text = fc.oneof(
  fc.constantFrom(...NASTY_VALUES),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.bigInt().map(String),
  fc.double().map(String),
  fc
    .date({ noInvalidDate: false })
    .map((d) => (Number.isNaN(d.getTime()) ? "Invalid" : d.toISOString().slice(0, 10))),
);

const XML_BREAKS = [
  "<",
  ">",
  "&",
  "&bogus;",
  "&#0;",
  "&#xD800;",
  "</row>",
  "<row>",
  '<c r="ZZZZZZ1"><v>1</v></c>',
  '<c r="A1048577"><v>1</v></c>',
  '<c t="s"><v>99999</v></c>',
  '<c t="s"><v>-1</v></c>',
  '<c t="b"><v>2</v></c>',
  '<c t="d"><v>2024-99-99</v></c>',
  '<c s="99999"><v>1</v></c>',
  '<c r="A2" s="0"><v>1e400</v></c>',
  "<![CDATA[x]]>",
  "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
  "<?xml version='1.0'?>",
  "\u0000",
];

type Mutation =
  | { readonly op: "flip"; readonly at: number; readonly bytes: number[] }
  | { readonly op: "truncate"; readonly at: number }
  | { readonly op: "insert"; readonly at: number; readonly text: string }
  | { readonly op: "cell"; readonly row: number; readonly column: number; readonly text: string }
  | { readonly op: "bom"; readonly bytes: number[] }
  | { readonly op: "utf16"; readonly littleEndian: boolean; readonly cut: boolean }
  | { readonly op: "line-ends"; readonly crlf: boolean }
  | { readonly op: "xml"; readonly part: number; readonly at: number; readonly text: string };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant("flip" as const),
    at: fraction,
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ op: fc.constant("truncate" as const), at: fraction }),
  fc.record({ op: fc.constant("insert" as const), at: fraction, text }),
  fc.record({ op: fc.constant("cell" as const), row: fraction, column: fc.nat(20), text }),
  fc.record({
    op: fc.constant("bom" as const),
    bytes: fc.constantFrom(
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
      [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
    ),
  }),
  fc.record({ op: fc.constant("utf16" as const), littleEndian: fc.boolean(), cut: fc.boolean() }),
  fc.record({ op: fc.constant("line-ends" as const), crlf: fc.boolean() }),
  fc.record({
    op: fc.constant("xml" as const),
    part: fc.nat(10),
    at: fraction,
    text: fc.oneof(fc.constantFrom(...XML_BREAKS), text),
  }),
);

/** One file of a case: its kind, its form, and what happens to it. */
interface FileCase {
  readonly kind: Kind;
  readonly form: "csv" | "xlsx-inline" | "xlsx-shared" | "absent";
  readonly name: "lower" | "upper";
  readonly mutations: readonly Mutation[];
}

const fileCase = (kind: Kind): fc.Arbitrary<FileCase> =>
  fc.record({
    kind: fc.constant(kind),
    form: fc.constantFrom("csv", "csv", "xlsx-inline", "xlsx-shared", "absent"),
    name: fc.constantFrom("lower", "upper"),
    // Most files stay valid, so that folders are also evaluated (exit 0 or 1), not only refused.
    mutations: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
    ),
  });

const folderCase = fc.record({
  base: fc.nat(1),
  files: fc.tuple(...KINDS.map(fileCase)),
  asOf: fc.constantFrom("2025-09-10", "2024-02-29", "2026-01-31"),
  format: fc.constantFrom("json", "text"),
  /** A second file for one kind (csv beside xlsx): an ambiguous folder. */
  twin: fc.oneof(
    { weight: 19, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom(...KINDS) },
  ),
});
type FolderCase = typeof folderCase extends fc.Arbitrary<infer T> ? T : never;

function at(length: number, f: number): number {
  return Math.min(length, Math.floor(f * (length + 1)));
}

function mutateText(csv: string, m: Mutation): string {
  if (m.op === "cell") {
    const lines = csv.split("\n");
    const row = at(lines.length - 1, m.row);
    const cells = (lines[row] ?? "").split(",");
    cells[m.column % Math.max(1, cells.length)] = m.text;
    lines[row] = cells.join(",");
    return lines.join("\n");
  }
  if (m.op === "line-ends") return m.crlf ? csv.replace(/\r?\n/g, "\r\n") : csv.replace(/\r\n/g, "\n");
  return csv;
}

function mutateBytes(bytes: Buffer, m: Mutation): Buffer {
  switch (m.op) {
    case "flip": {
      const out = Buffer.from(bytes);
      if (out.length === 0) return out;
      m.bytes.forEach((b, k) => {
        out[(at(out.length - 1, m.at) + k * 7919) % out.length] = b;
      });
      return out;
    }
    case "truncate":
      return bytes.subarray(0, at(bytes.length, m.at));
    case "insert": {
      const i = at(bytes.length, m.at);
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(m.text, "utf8"), bytes.subarray(i)]);
    }
    case "bom":
      return Buffer.concat([Buffer.from(m.bytes), bytes]);
    case "utf16": {
      let units = Buffer.from(bytes.toString("utf8"), "utf16le");
      if (!m.littleEndian) units = Buffer.from(units).swap16();
      const out = Buffer.concat([Buffer.from(m.littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]), units]);
      return m.cut && out.length > 3 ? out.subarray(0, out.length - 1 - (out.length % 2)) : out;
    }
    default:
      return bytes;
  }
}

/** The files of a case, by file name. */
function buildFolder(bases: Record<Kind, string>[], c: FolderCase): Map<string, Buffer> {
  const base = bases[c.base % bases.length] as Record<Kind, string>;
  const files = new Map<string, Buffer>();
  for (const f of c.files) {
    if (f.form === "absent") continue;
    let csv = base[f.kind];
    for (const m of f.mutations) csv = mutateText(csv, m);
    let bytes: Buffer;
    if (f.form === "csv") {
      bytes = Buffer.from(csv, "utf8");
    } else {
      const parts = workbookParts(csv, f.form === "xlsx-shared");
      const names = Object.keys(parts);
      for (const m of f.mutations) {
        if (m.op !== "xml") continue;
        const name = names[m.part % names.length] as string;
        const xml = parts[name] as string;
        const i = at(xml.length, m.at);
        parts[name] = xml.slice(0, i) + m.text + xml.slice(i);
      }
      bytes = buildZip(parts);
    }
    for (const m of f.mutations) bytes = mutateBytes(bytes, m);
    const ext = f.form === "csv" ? ".csv" : ".xlsx";
    const name = f.name === "upper" ? `${f.kind.toUpperCase()}${ext.toUpperCase()}` : `${f.kind}${ext}`;
    files.set(name, bytes);
    if (c.twin === f.kind) files.set(`${f.kind}${ext === ".csv" ? ".xlsx" : ".csv"}`, bytes);
  }
  return files;
}

// --------------------------------------------------------------------------------------------- checks

const STACK = /\n\s+at .*:\d+:\d+|\b(TypeError|RangeError|SyntaxError|ReferenceError)\b|unexpected error/;

/** What must hold of every run, whatever the files. */
function expectSound(
  result: { code: number; stdout: string; stderr: string },
  names: string[],
  format: string,
) {
  expect([0, 1, 2]).toContain(result.code);
  expect(result.stdout + result.stderr).not.toMatch(STACK);
  if (result.code === 2) {
    expect(result.stdout).toBe("");
    const problems = result.stderr
      .split("\n")
      .filter((line) => line.startsWith("  ") && !line.startsWith("  … and "));
    expect(problems.length).toBeGreaterThan(0);
    for (const line of problems) {
      const named = names.some((n) => line.startsWith(`  ${n}`));
      if (!named) throw new Error(`a problem names no file of the folder (${names.join(", ")}):\n${line}`);
    }
  } else if (format === "json") {
    expect(JSON.parse(result.stdout).ready).toBe(result.code === 0);
  } else {
    expect(result.stdout).toMatch(result.code === 0 ? /READY/ : /NOT READY/);
  }
}

const figures = {
  cases: 0,
  exit: { 0: 0, 1: 0, 2: 0 } as Record<number, number>,
  codes: new Map<string, number>(),
};

function count(stderr: string): void {
  for (const match of stderr.matchAll(/^ {2}[^:\n]+?(?:, line \d+)?(?:, column [^:\n]+)?: (.{0,30})/gm)) {
    const key = classify(match[1] ?? "");
    figures.codes.set(key, (figures.codes.get(key) ?? 0) + 1);
  }
}

function classify(message: string): string {
  if (/not UTF-8|NUL byte|UTF-16|surrogate/.test(message)) return "encoding";
  if (/limit|longer than|more than/.test(message)) return "limit";
  if (/damaged|not an XLSX|zip|XML|workbook|worksheet/.test(message)) return "xlsx";
  if (/missing|header/.test(message)) return "columns";
  return "cell";
}

describe("fuzzing specready check", () => {
  let bases: Record<Kind, string>[];
  let work: string;
  const started = Date.now();

  beforeAll(async () => {
    bases = await baseFolders();
    work = await mkdtemp(join(tmpdir(), "specready-fuzz-"));
  });
  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
    const seconds = (Date.now() - started) / 1000;
    const byProblem = [...figures.codes].map(([k, n]) => `${k} ${n}`).join(", ");
    // The figures the README's fuzzing section reports.
    console.log(
      `fuzz: seed ${SEED}, ${figures.cases} cases in ${seconds.toFixed(1)} s; exit 0: ${figures.exit[0]}, 1: ${figures.exit[1]}, 2: ${figures.exit[2]}; problems listed: ${byProblem}`,
    );
  });

  async function writeFolder(files: Map<string, Buffer>): Promise<string> {
    const dir = join(work, `case-${figures.cases}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    for (const [name, bytes] of files) await writeFile(join(dir, name), bytes);
    return dir;
  }

  it(
    `gives exit 0, 1 or 2, no stack trace, and a file in every problem (${RUNS} mutated folders, in-process)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(folderCase, async (c) => {
          const files = buildFolder(bases, c);
          const dir = await writeFolder(files);
          let stdout = "";
          let stderr = "";
          const io: CliIo = {
            stdout: { write: (s: string) => (stdout += s) },
            stderr: { write: (s: string) => (stderr += s) },
            env: {},
            now: () => new Date("2025-09-10T12:00:00"),
            cwd: repo,
          };
          const code = await main(["check", dir, "--as-of", c.asOf, "--format", c.format], io);
          figures.cases++;
          figures.exit[code] = (figures.exit[code] ?? 0) + 1;
          count(stderr);
          expectSound({ code, stdout, stderr }, [...files.keys(), dir], c.format);
          await rm(dir, { recursive: true, force: true });
        }),
        { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: true },
      );
    },
    60_000 + RUNS * 200,
  );

  it(
    `does the same through bin/specready as a process (${PROCESS_RUNS} folders)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(folderCase, async (c) => {
          const files = buildFolder(bases, c);
          const dir = await writeFolder(files);
          const result = await promisify(execFile)(
            join(repo, "bin/specready"),
            ["check", dir, "--as-of", c.asOf, "--format", c.format],
            { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
          ).then(
            (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
            (e: { code: number; stdout: string; stderr: string }) => e,
          );
          expectSound(result, [...files.keys(), dir], c.format);
          await rm(dir, { recursive: true, force: true });
        }),
        { numRuns: PROCESS_RUNS, seed: SEED, endOnFailure: true },
      );
    },
    60_000 + PROCESS_RUNS * 3_000,
  );
});
