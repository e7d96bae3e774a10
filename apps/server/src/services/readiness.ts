import { gzipSync } from "node:zlib";
import type { AuditPendingFigures, DashboardCharts, Evaluation } from "@specready/core";

/**
 * A JSON body encoded once per cached entry: the UTF-8 bytes, and gzip made on first demand. A partner
 * with thousands of customers has an evaluation of megabytes (every customer's months are the records
 * behind the figure); encoding it per request would cost more than computing it once.
 */
export class EncodedJson {
  readonly bytes: Uint8Array;
  private gzipped: Uint8Array | undefined;

  constructor(text: string) {
    this.bytes = Buffer.from(text, "utf8");
  }

  get gzip(): Uint8Array {
    this.gzipped ??= gzipSync(this.bytes, { level: 6 });
    return this.gzipped;
  }
}

export interface Readiness {
  readonly evaluation: Evaluation;
  readonly charts: DashboardCharts;
  /** Evidence pending review beside the audit's approved figures; null without an evidence register. */
  readonly auditPending: AuditPendingFigures | null;
  /** The evaluation as JSON, encoded once per cached entry. */
  readonly evaluationJson: EncodedJson;
  /** `{evaluation, charts, auditPending}` as JSON. */
  readonly dashboardJson: EncodedJson;
}
