import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDecimalText, type Program } from "@specready/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readCsvTable } from "../csv/read-csv-table.js";
import { loadInstalledPrograms } from "../programs/load-installed-programs.js";
import type { ByteCells, RowCells, TableSink } from "../table/cell.js";
import { UsageReader } from "./input-kinds.js";
import { ProblemList } from "./input-problem.js";
import {
  isBooleanBytes,
  isDecimalBytes,
  OTHER_SERVICE,
  RowTemplates,
  UsagePrefilter,
} from "./usage-prefilter.js";

let programs: Program[];
const byId = (id: string) => programs.find((p) => p.id === id) as Program;

beforeAll(async () => {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  programs = loaded.programs;
});

const HEADER =
  "Month,CustomerTenantId,CustomerName,ServiceGroup2,PartnerAttributionType,IsACRDuplicateAtMPNLevel,IsACRDuplicateAtPGALevel,CloudInstance,OfferType,ACR_USD";

/** Hides the CSV reader's bytes from the sink: every row is read the usual way, cell by cell. */
function withoutBytes(sink: TableSink): TableSink {
  return {
    header: (cells, line) => sink.header(cells, line),
    row: (cells, line) =>
      sink.row(
        { size: cells.size, get: (k) => cells.get(k), isBlank: (k) => cells.isBlank(k) } as RowCells,
        line,
      ),
  };
}

/**
 * Counts the rows the byte check accepted as other services, and the AI rows folded from their bytes
 * (found among the rows read before).
 */
function counting(): { restore: () => void; accepted: () => number; folded: () => number } {
  const check = UsagePrefilter.prototype.check;
  const find = RowTemplates.prototype.find;
  let accepted = 0;
  let folded = 0;
  UsagePrefilter.prototype.check = function (this: UsagePrefilter, row) {
    const result = check.call(this, row);
    if (result === OTHER_SERVICE) accepted++;
    return result;
  };
  RowTemplates.prototype.find = function <T>(this: RowTemplates<T>, row: ByteCells) {
    const found = find.call(this, row) as T | undefined;
    if (found !== undefined) folded++;
    return found;
  };
  return {
    restore: () => {
      UsagePrefilter.prototype.check = check;
      RowTemplates.prototype.find = find;
    },
    accepted: () => accepted,
    folded: () => folded,
  };
}

/**
 * A value as text, its maps as their entries in order, but a customer's eligible months, which are in
 * no particular order (`CustomerUsage.eligible`): sorted.
 */
function inOrder(value: unknown): string {
  return JSON.stringify(value, (key, v) =>
    v instanceof Map
      ? key === "eligible"
        ? [...v].sort(([a], [b]) => (a < b ? -1 : 1))
        : [...v]
      : typeof v === "bigint"
        ? `${v}n`
        : v instanceof Error
          ? v.message
          : v,
  );
}

/**
 * The sink, with the rows its `ByteRowRule` had the CSV reader count in WebAssembly counted, and the
 * templates it was told were new.
 */
function countingRule(
  sink: TableSink,
  counted: { rows: number; newTemplates?: number; summed?: number; combined?: number },
): TableSink {
  return {
    header: (cells, line) => sink.header(cells, line),
    row: (cells, line) => sink.row(cells, line),
    byteRows: () => {
      const rule = sink.byteRows?.();
      return (
        rule && {
          ...rule,
          allowance: () => rule.allowance(),
          counted: (rows: number) => {
            counted.rows += rows;
            rule.counted(rows);
          },
          countedIn: (month: string, rows: number) => rule.countedIn(month, rows),
          newTemplate: () => {
            counted.newTemplates = (counted.newTemplates ?? 0) + 1;
            rule.newTemplate();
          },
          combine: (classTemplate: unknown, customerTemplate: unknown) => {
            counted.combined = (counted.combined ?? 0) + 1;
            return rule.combine?.(classTemplate, customerTemplate);
          },
          summed: (template: unknown, month: string, units: bigint, scale: number, rows: number) => {
            counted.summed = (counted.summed ?? 0) + 1;
            rule.summed(template, month, units, scale, rows);
          },
        }
      );
    },
  };
}

/**
 * Reads CSV text three ways: every cell decoded; the byte check in the reader (`UsagePrefilter`); and
 * the rows of other groups counted, and the AI rows of known templates summed, by the CSV reader in
 * WebAssembly (`ByteRowRule`, record-split.ts), whatever the file's size. All must give the same
 * summary (in the same order), rows and problems.
 */
async function readBothWays(text: string | Buffer, programId = "ai-ml-azure-fy24") {
  const path = join(await mkdtemp(join(tmpdir(), "specready-prefilter-")), "azure-usage.csv");
  await writeFile(path, text);
  const counted = { rows: 0, combined: 0 };
  const read = async (bytes: boolean, wasm = false, chunkSize?: number) => {
    const problems = new ProblemList(100);
    const reader = new UsageReader("azure-usage.csv", byId(programId), problems);
    const sink = !bytes ? withoutBytes(reader) : wasm ? countingRule(reader, counted) : reader;
    let error: unknown;
    try {
      await readCsvTable(path, "azure-usage.csv", sink, { structuralScan: wasm, chunkSize });
    } catch (e) {
      error = e;
    }
    return {
      summary: reader.summary(),
      rows: reader.rows,
      problems: problems.items,
      total: problems.total,
      error,
    };
  };
  const count = counting();
  let fast: Awaited<ReturnType<typeof read>>;
  try {
    fast = await read(true);
  } finally {
    count.restore();
  }
  const slow = await read(false);
  expect(fast).toEqual(slow);
  const wasm = await read(true, true);
  expect(wasm).toEqual(slow);
  // Maps in the order of their keys' first rows, as the figures and advice list them.
  expect(inOrder(fast)).toBe(inOrder(slow));
  expect(inOrder(wasm)).toBe(inOrder(slow));
  // In chunks, so that records and the two regions of the scanner's memory meet chunk ends anywhere.
  const whole = { ...counted };
  for (const chunkSize of [97, 256, 4096])
    expect(inOrder(await read(true, true, chunkSize))).toBe(inOrder(slow));
  Object.assign(counted, whole);
  // WebAssembly counts the rows of other groups the byte check accepts, and sums the AI rows the reader
  // folds (those of a template read before), but for amounts it leaves to the reader (over 15 digits,
  // or sums past 10^18); and it sums the rows of new templates it makes of two read before.
  expect(counted.rows).toBeLessThanOrEqual(count.accepted() + count.folded() + counted.combined);
  return {
    ...fast,
    accepted: count.accepted(),
    folded: count.folded(),
    counted: counted.rows,
    combined: counted.combined,
  };
}

describe("the byte check of usage rows of other service groups", () => {
  it("agrees with isDecimalText on numbers and near-numbers", () => {
    const texts = [
      "0",
      "12",
      "-12.5",
      "+3",
      "1234.56",
      "1,234.56",
      "12,345,678.9",
      "-1,234",
      ".5",
      "-.5",
      "+.25",
      "0.00",
      "007",
      "1,2",
      "1,23",
      "1,2345",
      "0,123",
      "01,234",
      "1234,567",
      ",123",
      "1,",
      "1.",
      ".",
      "-",
      "+",
      "",
      "1e3",
      "12O",
      "1.2.3",
      "1,234.",
      "1,234.5.6",
      "--1",
      "1 234",
      "1,234,56",
      "999,999",
      "1000,000",
      "1,000,000.000001",
      "١٢",
      "12-",
      "1.5,000",
    ];
    for (const t of texts) {
      const b = Buffer.from(t);
      expect(isDecimalBytes(b, 0, b.length), t).toBe(isDecimalText(t));
    }
  });

  it("reads the yes/no words in any case, and nothing else", () => {
    const yes = ["true", "TRUE", "True", "false", "FaLsE", "yes", "YES", "no", "No", "1", "0"];
    const no = ["t", "y", "n", "2", "truе", "tru", "ye", "nah", "00", "off", "on", "Nö", "yes!", "10"];
    for (const t of yes) expect(isBooleanBytes(Buffer.from(t), 0, Buffer.from(t).length), t).toBe(true);
    for (const t of no) expect(isBooleanBytes(Buffer.from(t), 0, Buffer.from(t).length), t).toBe(false);
  });

  it("skips valid rows of other groups and gives the same figures as reading every cell", async () => {
    const rows = [
      HEADER,
      '2025-06,T1,"Contoso, Ltd",AI,PAL,0,0,AzureCloud,Azure plan,"1,000.00"',
      "2025-06,T1,Contoso,Compute,PAL,0,0,AzureCloud,Azure plan,5.00",
      "6/3/2025,T2,Fabrikam,Storage,CSP Tier 1,,,AzureCloud,Azure plan,-3.25",
      '2025-07-01,T3,"Name with ""AI"" in it, and a comma",Networking,Partner of record,FALSE,No,,,"2,500"',
      '2025-07,T3,"AI",Data,PAL,0,0,AzureCloud,AI trial,12',
      '2025-07,T4,"multi\nline, AI\nname",Web,PAL,0,0,AzureCloud,Azure plan,1.5',
    ];
    const r = await readBothWays(`${rows.join("\n")}\n`);
    expect(r.total).toBe(0);
    expect(r.rows).toBe(6);
    expect(r.accepted).toBe(5);
  });

  it("never skips an AI row, whatever its case, spaces or quotes", async () => {
    const rows = [
      HEADER,
      "2025-06,T1,A,AI,PAL,0,0,AzureCloud,Azure plan,10",
      "2025-06,T2,B,ai,PAL,0,0,AzureCloud,Azure plan,20",
      "2025-06,T3,C,Ai,PAL,0,0,AzureCloud,Azure plan,30",
      "2025-06,T4,D, AI ,PAL,0,0,AzureCloud,Azure plan,40",
      '2025-06,T5,E,"aI",PAL,0,0,AzureCloud,Azure plan,50',
      '2025-06,T6,F," AI\t",PAL,0,0,AzureCloud,Azure plan,60',
      "2025-06,T7,G,\u00a0AI,PAL,0,0,AzureCloud,Azure plan,70",
      "2025-06,T8,H,Compute,PAL,0,0,AzureCloud,Azure plan,80",
    ];
    const r = await readBothWays(`${rows.join("\r\n")}\r\n`);
    expect(r.accepted).toBe(1);
    const customers = [...r.summary.customers.keys()].sort();
    expect(customers).toEqual(["t1", "t2", "t3", "t4", "t5", "t6", "t7"]);
  });

  it("folds an AI row like one read before from its month and amount, with the same figures", async () => {
    const rows = [HEADER];
    // Each AI row shape twice or more, in other months and amounts: eligible, a duplicate, an excluded
    // offer, an ineligible attribution, a government subscription through PAL, no offer or cloud, a
    // quoted name with a comma, a non-ASCII name, and other flags or spellings (each its own shape).
    const shapes = [
      'T1,"Contoso, Ltd",AI,PAL,0,0,AzureCloud,Azure plan',
      "T1,Contoso,AI,PAL,1,0,AzureCloud,Azure plan",
      "T2,Fabrikam,AI,PAL,0,0,AzureCloud,Free Trial",
      "T3,Tailspin,AI,Deal registration,0,0,AzureCloud,Azure plan",
      "T4,Gov Agency,AI,PAL,0,0,AzureUSGovernment,Azure plan",
      "T5,Nobody,ai,CSP Tier 1,false,no,,",
      "T6,Société Générale,AI,DPOR,0,0,AzureCloud,Azure plan",
      "T6,Société Générale,AI,dpor,0,0,AzureCloud,Azure plan",
      "t6,Société Générale,AI,DPOR,0,0,AzureCloud,Azure plan",
    ];
    const months = ["2025-05", "2025-06", "6/15/2025", "2025-07"];
    months.forEach((month, m) => {
      shapes.forEach((shape, k) => {
        const [tenant, ...rest] = shape.split(",");
        rows.push(`${month},${tenant},${rest.join(",")},"${m + 1},${k}00.${m}${k}"`);
      });
    });
    rows.push("2025-07,T7,Other,Compute,PAL,0,0,AzureCloud,Azure plan,5");
    const r = await readBothWays(`${rows.join("\n")}\n`);
    expect(r.total).toBe(0);
    expect(r.rows).toBe(shapes.length * months.length + 1);
    expect(r.accepted).toBe(1);
    // The first row of each shape is read cell by cell; the others are folded.
    expect(r.folded).toBe(shapes.length * (months.length - 1));
    expect(r.summary.eligibleRowCount).toBeGreaterThan(0);
    expect(r.summary.ignored.duplicates).toBe(months.length);
  });

  it("folds AI rows that differ only in the duplicate flag the program does not read, and checks that flag", async () => {
    // The program reads IsACRDuplicateAtMPNLevel: rows differing in the PGA-level flag alone are one
    // template (read once, then folded), but a PGA-level cell that is not a yes/no word is still reported.
    const rows = [HEADER];
    for (const [k, pga] of ["0", "1", "", "TRUE", "no", "0"].entries())
      rows.push(`2025-0${k + 1},T1,A,AI,PAL,0,${pga},AzureCloud,Azure plan,1.5`);
    const good = await readBothWays(`${rows.join("\n")}\n`);
    expect(good.total).toBe(0);
    expect(good.folded).toBe(5);
    expect(good.counted).toBe(5);
    const bad = await readBothWays(
      `${[...rows, "2025-07,T1,A,AI,PAL,0,maybe,AzureCloud,Azure plan,1.5"].join("\n")}\n`,
    );
    expect(bad.total).toBe(1);
    expect(bad.problems[0]).toMatchObject({ line: 8, column: "IsACRDuplicateAtPGALevel" });
  });

  it("reports a required cell of white space only as empty, in AI rows and others alike", async () => {
    const rows = [
      HEADER,
      "2025-06,T1,A,AI,\v,0,0,AzureCloud,Azure plan,10",
      "2025-06,T1,A,AI,\f ,0,0,AzureCloud,Azure plan,10",
      "2025-06,\u00a0,A,Compute,PAL,0,0,AzureCloud,Azure plan,10",
      "2025-06,\v,A,Compute,PAL,0,0,AzureCloud,Azure plan,10",
      '2025-06,T1,A,AI,"\n",0,0,AzureCloud,Azure plan,10',
      "2025-06,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,10",
    ];
    const r = await readBothWays(`${rows.join("\r\n")}\r\n`);
    expect(r.error).toBeUndefined();
    expect(r.problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, "PartnerAttributionType", "is empty; a value is required"],
      [3, "PartnerAttributionType", "is empty; a value is required"],
      [4, "CustomerTenantId", "is empty; a value is required"],
      [5, "CustomerTenantId", "is empty; a value is required"],
      [6, "PartnerAttributionType", "is empty; a value is required"],
    ]);
  });

  it("reports every bad cell of other groups' rows exactly as before (line, column, message)", async () => {
    const rows = [
      HEADER,
      "2025-13,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,10",
      "2/30/2025,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,10",
      ",T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,10",
      "2025-06,,A,Compute,PAL,0,0,AzureCloud,Azure plan,10",
      "2025-06,T1,A,Compute,,0,0,AzureCloud,Azure plan,10",
      "2025-06,T1,A,,PAL,0,0,AzureCloud,Azure plan,10",
      "2025-06,T1,A,Compute,PAL,maybe,0,AzureCloud,Azure plan,10",
      "2025-06,T1,A,Compute,PAL,0,2,AzureCloud,Azure plan,10",
      '2025-06,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,"1,2"',
      "2025-06,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,1e3",
      "2025-06,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,",
      '2025-06,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,"12""5"',
      "2025-06,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,１２",
      "2025-06,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,12.50",
    ];
    const r = await readBothWays(`${rows.join("\n")}\n`);
    expect(r.total).toBe(13);
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "Month"],
      [3, "Month"],
      [4, "Month"],
      [5, "CustomerTenantId"],
      [6, "PartnerAttributionType"],
      [7, "ServiceGroup2"],
      [8, "IsACRDuplicateAtMPNLevel"],
      [9, "IsACRDuplicateAtPGALevel"],
      [10, "ACR_USD"],
      [11, "ACR_USD"],
      [12, "ACR_USD"],
      [13, "ACR_USD"],
      [14, "ACR_USD"],
    ]);
    expect(r.accepted).toBe(1);
  });

  it("works with a byte-order mark, CRLF line ends, padded cells and columns in another order", async () => {
    const header =
      "acr usd,Offer-Type,service_group2,CUSTOMER TENANT ID,Partner Attribution Type,month,IsACRDuplicateAtMPNLevel";
    const rows = [
      header,
      '"1,234.50",Azure plan,Compute , T1 , PAL ,2025-06,0',
      " 12.00 ,Azure plan,AI,T1,PAL, 2025-07 ,0",
      '" -5 ",Azure plan,"Storage",T2,CSP,"7/15/2025","TRUE"',
      "7.00,Azure plan,Compute,T2,CSP,2025-08,",
    ];
    const r = await readBothWays(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${rows.join("\r\n")}\r\n`)]),
    );
    expect(r.total).toBe(0);
    expect(r.rows).toBe(4);
    expect(r.accepted).toBe(3);
    expect([...r.summary.byMonth.keys()]).toEqual(["2025-06", "2025-07", "2025-08"]);
  });

  it("reads the attribution from AssociationType when the file has only that, and short rows", async () => {
    const header = "Month,CustomerTenantId,ServiceGroup2,AssociationType,ACR_USD";
    const rows = [
      header,
      "2025-06,T1,Compute,PAL,1",
      "2025-06,T1,Compute,,1",
      "2025-06,T1,Compute",
      "2025-06,T2,AI,PAL,3",
    ];
    const r = await readBothWays(`${rows.join("\n")}\n`);
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "AssociationType"],
      [4, "ACR_USD"],
      [4, "AssociationType"],
    ]);
  });

  it("is the same on a file without the optional columns and with a missing required one", async () => {
    const r1 = await readBothWays(
      "Month,CustomerTenantId,ServiceGroup2,PartnerAttributionType,ACR_USD\n2025-06,T,Compute,PAL,1\n",
    );
    expect(r1.accepted).toBe(1);
    const r2 = await readBothWays("Month,CustomerTenantId,ServiceGroup2,ACR_USD\n2025-06,T,Compute,1\n");
    expect(r2.total).toBeGreaterThan(0);
  });

  it("is not used for a program whose sub-rules read more than the service group", async () => {
    const withRules = programs.find((p) => (p.performance.rules ?? []).length > 0);
    if (withRules === undefined) throw new Error("no installed program has performance sub-rules");
    const rows = [
      HEADER,
      "2025-06,T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,10",
      "2025-06,T1,A,Data,PAL,0,0,AzureCloud,Azure plan,10",
    ];
    const r = await readBothWays(`${rows.join("\n")}\n`, withRules.id);
    expect(r.accepted).toBe(0);
  });

  it("counts in WebAssembly exactly the rows the byte check accepts, on any mix of good and bad cells", async () => {
    // Each cell from values that are valid, nearly valid or not: padded, quoted, with "" escapes,
    // other cases, non-ASCII bytes, empty; rows short or long; LF or CRLF.
    const month = fc.constantFrom(
      "2025-06",
      "2025-6",
      "6/3/2025",
      "2025-13",
      "",
      " 2025-07 ",
      '"2025-08"',
      "2025-09-31",
      "2025-0é",
    );
    const tenant = fc.constantFrom("T1", "t2", "", " ", '"T3"', "\u00a0", '"T""4"');
    const group = fc.constantFrom(
      "AI",
      "ai",
      " Compute ",
      '"Storage"',
      "Compüte",
      "",
      '"A""I"',
      "Data",
      "\tWeb",
    );
    const attribution = fc.constantFrom("PAL", "", "CSP Tier 1", '"Partner of record"', "POR ");
    const flag = fc.constantFrom("0", "1", "true", "FALSE", "yes", "No", "", "2", "t", " no ");
    const amount = fc.constantFrom(
      "1",
      "1,000.00",
      "-3.25",
      ".5",
      "1.",
      "1,2",
      "abc",
      "",
      '"2,500"',
      "0,123",
      "+7",
    );
    const row = fc
      .tuple(month, tenant, group, attribution, flag, flag, amount, fc.constantFrom(10, 10, 10, 8, 11))
      .map(([m, t, g, a, f1, f2, acr, width]) =>
        [m, t, "Name", g, a, f1, f2, "AzureCloud", "Azure plan", acr, "extra"].slice(0, width).join(","),
      );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), fc.constantFrom("\n", "\r\n"), async (rows, end) => {
        const r = await readBothWays(`${[HEADER, ...rows].join(end)}${end}`);
        expect(r.counted).toBe(r.accepted + r.folded);
      }),
      { numRuns: 150 },
    );
  });

  it("sums amounts exactly past what 64 bits hold, and long amounts, as the reader adds them", async () => {
    const rows = [HEADER];
    for (let k = 0; k < 3000; k++) {
      // 15 digits summed past 10^18 (WebAssembly hands such rows back), 17 digits (never summed there),
      // and small amounts of growing scale.
      rows.push(`2025-06,T1,A,AI,PAL,0,0,AzureCloud,Azure plan,99999999999999.9`);
      rows.push(`2025-07,T1,A,AI,PAL,0,0,AzureCloud,Azure plan,12345678901234567`);
      rows.push(`2025-08,T2,B,AI,CSP,0,0,AzureCloud,AI trial,${k % 7 === 0 ? "0.0001" : `${k}.5`}`);
    }
    const r = await readBothWays(`${rows.join("\n")}\n`);
    expect(r.total).toBe(0);
    expect(r.rows).toBe(9000);
    // The 17-digit rows, and the 15-digit ones once their sum passed 10^18, were the reader's.
    expect(r.counted).toBeGreaterThan(3000);
    expect(r.counted).toBeLessThan(r.accepted + r.folded);
    const t1 = r.summary.customers.get("t1");
    expect(t1?.eligible.get("2025-06")).toEqual({ units: 2999999999999997000n, scale: 1 });
    expect(t1?.eligible.get("2025-07")).toEqual({ units: 37037036703703701000n, scale: 0 });
  });

  it("knows a month by any of its dates, past the room WebAssembly has for month texts", async () => {
    // 2,190 dates of 72 months (WebAssembly holds 1,024 texts of 128 months): rows of the dates past
    // that are the reader's, with the same figures.
    const rows = [HEADER];
    for (let day = 0; day < 2190; day++) {
      const date = new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10);
      rows.push(`${date},T1,A,Compute,PAL,0,0,AzureCloud,Azure plan,1.25`);
      rows.push(`${date},T2,B,AI,PAL,0,0,AzureCloud,Azure plan,2.5`);
    }
    const r = await readBothWays(`${rows.join("\n")}\n`);
    expect(r.total).toBe(0);
    expect(r.summary.byMonth.size).toBe(72);
    expect(r.counted).toBeGreaterThan(2000);
    expect(r.counted).toBeLessThan(r.accepted + r.folded);
    const small = await readBothWays(`${rows.slice(0, 801).join("\n")}\n`);
    expect(small.counted).toBe(small.accepted + small.folded);
  });

  it("keeps a new template's key whole when its row ends a chunk and the next chunk is read over it", async () => {
    // An AI row of 32,000 bytes ending exactly at a 64 KiB chunk's end, then 100 more of it: its
    // template is new once. Its key is copied from the row's bytes, which the read of the chunk after
    // next overwrites: copied late, the key was garbage and the template new again.
    const chunk = 64 * 1024;
    const head = `${HEADER},Extra\n`;
    const ai = "2025-06,T1,A,AI,PAL,0,0,AzureCloud,Azure plan,2.5,";
    const row = `${ai}${"x".repeat(32_000 - ai.length - 1)}\n`;
    const other = (k: number) => `2025-06,T9,Z,Compute,PAL,0,0,AzureCloud,Azure plan,${k},\n`;
    const parts = [head];
    let length = head.length;
    const before = chunk - row.length;
    for (let k = 0; length + other(k).length + 60 <= before; k++) {
      parts.push(other(k));
      length += other(k).length;
    }
    const pad = "2025-06,T9,Z,Compute,PAL,0,0,AzureCloud,Azure plan,1,";
    parts.push(`${pad}${"p".repeat(before - length - pad.length - 1)}\n`);
    expect(parts.join("").length).toBe(before);
    parts.push(row);
    for (let k = 0; k < 2200; k++) parts.push(`2025-07,T8,Q,Compute,PAL,1,1,AzureCloud,Azure plan,${k},\n`);
    for (let k = 0; k < 100; k++) parts.push(row);
    const path = join(await mkdtemp(join(tmpdir(), "specready-prefilter-")), "azure-usage.csv");
    await writeFile(path, parts.join(""));
    for (let run = 0; run < 20; run++) {
      const counted = { rows: 0, newTemplates: 0 };
      const reader = new UsageReader("azure-usage.csv", byId("ai-ml-azure-fy24"), new ProblemList(100));
      await readCsvTable(path, "azure-usage.csv", countingRule(reader, counted), {
        structuralScan: true,
        chunkSize: chunk,
      });
      expect(counted.newTemplates).toBe(1);
      expect(reader.summary().customers.get("t1")?.eligible.get("2025-06")).toEqual({
        units: 2525n,
        scale: 1,
      });
    }
  });

  it("sums a set-aside template's month apart once it was told, and tells those sums when the read ends", async () => {
    // Rows of a trial offer (set aside) in one month, each followed by a row the reader must read (17
    // digits): every sum of the trial rows was told before the reader's next row. Once the month was
    // told once, the rest are summed apart and told at the end: a few sums, not one per row.
    const rows = [HEADER];
    for (let k = 0; k < 500; k++) {
      rows.push(`2025-08,T2,B,AI,CSP,0,0,AzureCloud,AI trial,${k}.25`);
      rows.push(`2025-07,T1,A,AI,PAL,0,0,AzureCloud,Azure plan,12345678901234567`);
    }
    const r = await readBothWays(`${rows.join("\n")}\n`);
    expect(r.total).toBe(0);
    const [byReason] = [...(r.summary.customers.get("t2")?.ineligible.values() ?? [])];
    expect([...(byReason?.values() ?? [])]).toEqual([{ units: 12487500n, scale: 2 }]);
    const path = join(await mkdtemp(join(tmpdir(), "specready-prefilter-")), "azure-usage.csv");
    await writeFile(path, `${rows.join("\n")}\n`);
    const counted = { rows: 0, summed: 0 };
    const reader = new UsageReader("azure-usage.csv", byId("ai-ml-azure-fy24"), new ProblemList(100));
    await readCsvTable(path, "azure-usage.csv", countingRule(reader, counted), { structuralScan: true });
    // The first trial row is the reader's (a new template), the second is told before the next row, the
    // other 498 in one sum at the end.
    expect(counted.rows).toBe(499);
    expect(counted.summed).toBe(2);
  });

  it("tells the sums it keeps apart whenever their table is full, with the same figures", async () => {
    // 17,000 set-aside templates (a customer each), each told in June and July, then summed apart in
    // both: 34,000 sums, more than the table holds (32,768), so it is told and emptied on the way.
    const n = 17_000;
    const rows = [HEADER];
    const row = (month: string, t: number, amount: string) =>
      `${month},T${t},C${t},AI,Deal registration,0,0,AzureCloud,Azure plan,${amount}`;
    for (let t = 0; t < n; t++) rows.push(row("2025-06", t, "1.5"));
    for (let t = 0; t < n; t++) rows.push(row("2025-06", t, "2"), row("2025-07", t, "3"));
    rows.push(row("2025-07", 0, "12345678901234567"));
    for (let t = 0; t < n; t++) rows.push(row("2025-06", t, "0.25"), row("2025-07", t, "4"));
    // Read in WebAssembly and cell by cell only (the three ways and the chunk sizes of `readBothWays`
    // take long on 85,000 rows; the tests above cover them).
    const path = join(await mkdtemp(join(tmpdir(), "specready-prefilter-")), "azure-usage.csv");
    await writeFile(path, `${rows.join("\n")}\n`);
    const read = async (wasm: boolean) => {
      const problems = new ProblemList(100);
      const reader = new UsageReader("azure-usage.csv", byId("ai-ml-azure-fy24"), problems);
      const counted = { rows: 0, summed: 0 };
      const sink = wasm ? countingRule(reader, counted) : withoutBytes(reader);
      await readCsvTable(path, "azure-usage.csv", sink, { structuralScan: wasm });
      return { summary: reader.summary(), rows: reader.rows, total: problems.total, counted };
    };
    const wasm = await read(true);
    const slow = await read(false);
    expect(inOrder(wasm.summary)).toBe(inOrder(slow.summary));
    expect(wasm.total).toBe(0);
    expect(wasm.rows).toBe(5 * n + 1);
    // All rows but the first n (new templates) and the 17-digit one were summed in WebAssembly: 2n in
    // order, 2n apart, told as 4n sums. Were a full table not told and emptied on the way, the rows past
    // its room would be the reader's.
    expect(wasm.counted.rows).toBe(4 * n);
    expect(wasm.counted.summed).toBe(4 * n);
    const last = wasm.summary.customers.get(`t${n - 1}`)?.ineligible;
    expect([...(last?.get("2025-06")?.values() ?? [])]).toEqual([{ units: 375n, scale: 2 }]);
    expect([...(last?.get("2025-07")?.values() ?? [])]).toEqual([{ units: 7n, scale: 0 }]);
  });

  it("makes a new template of the customer and the other cells of two rows read before, without reading the row", async () => {
    // T1's rows are duplicates (folded without its customer), T5's set aside, T9's eligible. Then rows
    // mixing their customers and other cells: their templates are made of those read before. T6's set-
    // aside row comes before T1's eligible one: T6 joins the customers first, as when every cell is read.
    const lines = [
      "2025-06,T1,One,AI,PAL,1,0,AzureCloud,Azure plan,1",
      "2025-06,T9,Nine,AI,PAL,0,0,AzureCloud,Azure plan,2",
      "2025-06,T5,Five,AI,Deal registration,0,0,AzureCloud,Azure plan,3",
      "2025-06,T6,Six,AI,PAL,1,0,AzureCloud,Azure plan,4",
      "2025-07,T6,Six,AI,Deal registration,0,0,AzureCloud,Azure plan,5",
      "2025-07,T1,One,AI,PAL,0,0,AzureCloud,Azure plan,6",
      "2025-08,T9,Nine,AI,Deal registration,0,0,AzureCloud,Azure plan,7",
      "2025-08,T5,Five,AI,PAL,1,0,AzureCloud,Azure plan,8",
      "2025-08,T1,One,AI,Deal registration,0,0,AzureCloud,Azure plan,9",
      // The partner's own tenant (its name is the partner's), found when its template is made.
      "2025-06,T7,Adatum Consulting,AI,CSP,1,0,AzureCloud,Azure plan,10",
      "2025-07,T7,Adatum Consulting,AI,PAL,0,0,AzureCloud,Azure plan,11",
    ];
    const rows = [`${HEADER},PartnerName`, ...lines.map((line) => `${line},Adatum Consulting`)];
    const counted = { rows: 0, newTemplates: 0 };
    const r = await readBothWays(`${rows.join("\n")}\n`);
    expect(r.total).toBe(0);
    expect([...r.summary.customers.keys()]).toEqual(["t9", "t5", "t6", "t1", "t7"]);
    expect(r.summary.customers.get("t1")?.eligible.get("2025-07")).toEqual({ units: 6n, scale: 0 });
    expect(r.summary.customers.get("t7")?.partnerOwnTenant).toBe(true);
    const path = join(await mkdtemp(join(tmpdir(), "specready-prefilter-")), "azure-usage.csv");
    await writeFile(path, `${rows.join("\n")}\n`);
    const reader = new UsageReader("azure-usage.csv", byId("ai-ml-azure-fy24"), new ProblemList(100));
    await readCsvTable(path, "azure-usage.csv", countingRule(reader, counted), { structuralScan: true });
    // Read by the reader: the first four rows and T7's first; the other six made of two read before.
    expect(counted.newTemplates).toBe(5);
    expect(counted.rows).toBe(6);
    expect(inOrder(reader.summary())).toBe(inOrder(r.summary));
  });

  it("reads the rows whose customer it has no room left to keep, with the same figures", async () => {
    // Customers of 800-character names: the table of template parts (1 MiB of keys) holds about 1,240 of
    // them. 1,300 customers, each with one row of one offer; then rows of another offer, whose templates
    // are made of the parts kept, and read where the customer was not kept.
    const name = (k: number) => `Customer ${k} ${"x".repeat(800)}`;
    const row = (k: number, offer: string) =>
      `2025-06,T${k},${name(k)},AI,PAL,0,0,AzureCloud,${offer},${k}.5`;
    const rows = [HEADER, row(0, "Azure plan"), row(0, "Pay-as-you-go")];
    for (let k = 1; k < 1300; k++) rows.push(row(k, "Azure plan"));
    for (let k = 1; k < 10; k++) rows.push(row(k, "Pay-as-you-go"));
    for (let k = 1290; k < 1300; k++) rows.push(row(k, "Pay-as-you-go"));
    const path = join(await mkdtemp(join(tmpdir(), "specready-prefilter-")), "azure-usage.csv");
    await writeFile(path, `${rows.join("\n")}\n`);
    const read = async (wasm: boolean) => {
      const reader = new UsageReader("azure-usage.csv", byId("ai-ml-azure-fy24"), new ProblemList(100));
      const counted = { rows: 0, newTemplates: 0 };
      await readCsvTable(
        path,
        "azure-usage.csv",
        wasm ? countingRule(reader, counted) : withoutBytes(reader),
        {
          structuralScan: wasm,
        },
      );
      return { summary: reader.summary(), rows: reader.rows, counted };
    };
    const wasm = await read(true);
    const slow = await read(false);
    expect(inOrder(wasm.summary)).toBe(inOrder(slow.summary));
    expect(wasm.rows).toBe(1320);
    expect(wasm.counted.rows).toBe(9);
    expect(wasm.counted.newTemplates).toBe(1311);
  });

  it("tells what it folded before a read stops at a problem, as reading every cell does", async () => {
    // Eligible rows summed in WebAssembly, then bytes that are not text: the read fails, and the rows
    // before agree with the figures (10 in June, from 2 rows).
    const good = "2025-06,T1,A,AI,PAL,0,0,AzureCloud,Azure plan,5\n";
    const r = await readBothWays(
      Buffer.concat([Buffer.from(`${HEADER}\n${good}${good}`), Buffer.from([0xff, 0x0a])]),
    );
    expect(r.error).toBeDefined();
    expect(r.rows).toBe(2);
    expect(r.summary.customers.get("t1")?.eligible.get("2025-06")).toEqual({ units: 10n, scale: 0 });
    const unclosed = await readBothWays(`${HEADER}\n${good}${good}2025-06,"T2`);
    expect(unclosed.error).toBeDefined();
  });
});
