import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditFiguresAt, fromFormulaSafe, type Program } from "@specready/core";
import { formatProblem, loadDataDir, loadInstalledPrograms } from "@specready/ingest";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditEvidenceRow } from "./binder-model.js";
import { auditEvidenceCsv } from "./check-data-csv.js";

let program: Program;
beforeAll(async () => {
  const loaded = await loadInstalledPrograms();
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  program = loaded.programs.find((p) => p.id === "ai-ml-azure-fy24") as Program;
});

/** Text as people type it into names and titles, hostile starts included (trimmed, as the register keeps it). */
const freeText = fc
  .tuple(
    fc.constantFrom("", "=", "+", "-", "@", "'", "''=", "=HYPERLINK(", "-2+", "@SUM("),
    fc.string({ maxLength: 12 }),
  )
  .map(([lead, rest]) => `${lead}${rest}`.trim())
  .filter((t) => t !== "" && !/[\r\n]/.test(t) && !/^[\s\uFEFF]|[\s\uFEFF]$/.test(t));

/** Tenant ids: GUIDs as the register holds them, and, from an imported audit-evidence file, anything. */
const tenantId = fc.oneof(fc.uuid(), freeText);

const rowArb: fc.Arbitrary<AuditEvidenceRow> = fc.record({
  module: fc.constant("B"),
  control: fc.constantFrom("B2.2", "B3.1", "B4.2"),
  customerTenantId: tenantId,
  customerName: fc.option(freeText, { nil: null }),
  deploymentDate: fc.constantFrom("2025-01-10", "2025-06-30", "2023-01-01"),
  evidence: fc.option(freeText, { nil: null }),
});

async function readBack(rows: readonly AuditEvidenceRow[]) {
  const dir = await mkdtemp(join(tmpdir(), "specready-check-data-"));
  try {
    await writeFile(join(dir, "audit-evidence.csv"), [...auditEvidenceCsv(rows)].join(""));
    const loaded = await loadDataDir(dir, program);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join("\n"));
    return loaded.inputs.auditEvidence ?? [];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("check-data/audit-evidence.csv", () => {
  it("stays input `specready check` reads, with the same counts, whatever the names, titles and imported ids", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 8 }), async (rows) => {
        const read = await readBack(rows);
        expect(read).toHaveLength(rows.length);
        // Text comes back formula-safe; dropping the one apostrophe added gives what was written.
        expect(read.map((r) => fromFormulaSafe(r.customerTenantId))).toEqual(
          rows.map((r) => r.customerTenantId),
        );
        expect(read.map((r) => (r.evidence === undefined ? null : fromFormulaSafe(r.evidence)))).toEqual(
          rows.map((r) => r.evidence),
        );
        expect(read.map((r) => r.deploymentDate)).toEqual(rows.map((r) => r.deploymentDate));
        // Distinct customers stay distinct (and equal ones equal): the counts are the rows' own.
        const asRecords = rows.map((r, i) => ({
          ...r,
          customerName: r.customerName ?? undefined,
          evidence: r.evidence ?? undefined,
          source: { file: "rows", line: i + 2 },
        }));
        expect(auditFiguresAt(program, read, [], "2025-07-01").counts).toEqual(
          auditFiguresAt(program, asRecords, [], "2025-07-01").counts,
        );
        // No cell a spreadsheet would run: a formula start only in a plain number.
        for (const r of read)
          for (const cell of [r.customerTenantId, r.customerName ?? "", r.evidence ?? ""])
            if (/^[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-][\d,]+(\.\d+)?$/);
      }),
      { numRuns: 40 },
    );
  });

  it("writes a register's GUIDs, dates and ids exactly as they are", async () => {
    const row: AuditEvidenceRow = {
      module: "B",
      control: "B3.1",
      customerTenantId: "5f0c6a52-0d7e-4a8b-9c1d-2e3f4a5b6c7d",
      customerName: '=HYPERLINK("http://evil.example","Contoso")',
      deploymentDate: "2025-06-30",
      evidence: "Signed SOW (Signed SOW)",
    };
    const [read] = await readBack([row]);
    expect(read).toMatchObject({
      module: "B",
      control: "B3.1",
      customerTenantId: row.customerTenantId,
      customerName: '\'=HYPERLINK("http://evil.example","Contoso")',
      deploymentDate: "2025-06-30",
      evidence: "Signed SOW (Signed SOW)",
    });
  });
});
