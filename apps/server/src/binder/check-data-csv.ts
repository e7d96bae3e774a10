import { CSV_BOM, csvLine } from "@specready/core";
import type { AuditEvidenceRow, AuditHistoryRow } from "./binder-model.js";

/*
 * The binder's `check-data/` folder holds the contract's `audit-evidence` and `audit-history` files, so
 * `specready check <binder>/check-data` gives the auditor the same readiness the workspace showed.
 * Written by the product's one CSV writer (`csvLine` of @specready/core): every text cell is
 * formula-safe, and the files stay valid input. Module, control, dates, results and the register's
 * tenant ids (GUIDs) never start with = + - @ tab or CR, so they are written as they are; a customer
 * name or evidence title that does gets an apostrophe, which `specready check` reads as part of the
 * text (a name, shown) — and since the prefix keeps distinct values distinct, an imported tenant id
 * that needs one still counts as the same distinct customer.
 */

/** `check-data/audit-evidence.csv`: Module, Control, CustomerTenantId, CustomerName, DeploymentDate, Evidence. */
export function* auditEvidenceCsv(rows: readonly AuditEvidenceRow[]): Generator<string> {
  yield `${CSV_BOM}${csvLine(["Module", "Control", "CustomerTenantId", "CustomerName", "DeploymentDate", "Evidence"])}`;
  for (const r of rows)
    yield csvLine([r.module, r.control, r.customerTenantId, r.customerName, r.deploymentDate, r.evidence]);
}

/** `check-data/audit-history.csv`: Module, Result, Date. */
export function* auditHistoryCsv(rows: readonly AuditHistoryRow[]): Generator<string> {
  yield `${CSV_BOM}${csvLine(["Module", "Result", "Date"])}`;
  for (const r of rows) yield csvLine([r.module, r.result, r.date]);
}
