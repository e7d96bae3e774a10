import type { AuditEvidenceRow, AuditHistoryRow } from "./binder-model.js";
import { CSV_BOM, type CsvValue, csvCell } from "./csv-cell.js";

/*
 * The binder's `check-data/` folder holds the contract's `audit-evidence` and `audit-history` files, so
 * `specready check <binder>/check-data` gives the auditor the same readiness the workspace showed.
 * The contract trims values and compares ids exactly, so only the free-text columns (CustomerName,
 * Evidence) are made formula-safe: an apostrophe before an id or a date would change what is read.
 */

function line(cells: readonly [CsvValue, boolean][]): string {
  return `${cells.map(([v, free]) => csvCell(v, { formulaSafe: free })).join(",")}\r\n`;
}

/** `check-data/audit-evidence.csv`: Module, Control, CustomerTenantId, CustomerName, DeploymentDate, Evidence. */
export function* auditEvidenceCsv(rows: readonly AuditEvidenceRow[]): Generator<string> {
  yield `${CSV_BOM}Module,Control,CustomerTenantId,CustomerName,DeploymentDate,Evidence\r\n`;
  for (const r of rows) {
    yield line([
      [r.module, false],
      [r.control, false],
      [r.customerTenantId, false],
      [r.customerName, true],
      [r.deploymentDate, false],
      [r.evidence, true],
    ]);
  }
}

/** `check-data/audit-history.csv`: Module, Result, Date. */
export function* auditHistoryCsv(rows: readonly AuditHistoryRow[]): Generator<string> {
  yield `${CSV_BOM}Module,Result,Date\r\n`;
  for (const r of rows) {
    yield line([
      [r.module, false],
      [r.result, false],
      [r.date, false],
    ]);
  }
}
