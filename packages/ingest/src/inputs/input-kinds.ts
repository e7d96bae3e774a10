import {
  type AuditEvidenceRecord,
  type AuditHistoryRecord,
  type CapabilityScoreRecord,
  type CertificationRecord,
  type InputWarning,
  lookupsOf,
  type Program,
  programControls,
  UsageAccumulator,
  type UsageSummary,
} from "@specready/core";
import type { RowCells, TableSink } from "../table/cell.js";
import { bindColumns, type ColumnSpec, RowReader } from "./columns.js";
import type { ProblemList } from "./input-problem.js";

/** The five inputs of the contract, by file base name. */
export const inputKinds = [
  "azure-usage",
  "certifications",
  "capability-score",
  "audit-evidence",
  "audit-history",
] as const;
export type InputKind = (typeof inputKinds)[number];

/** What reading one file gives: its result, how many data rows it had, and what was set aside. */
export interface KindReader<T> extends TableSink {
  result(): T;
  readonly rows: number;
  readonly warnings: InputWarning[];
}

/** Shared plumbing: binds the header, then hands each row to `convert` through a `RowReader`. */
abstract class BaseReader<T> implements KindReader<T> {
  rows = 0;
  readonly warnings: InputWarning[] = [];
  protected reader!: RowReader;
  protected columns: readonly string[] = [];

  constructor(
    protected readonly file: string,
    protected readonly program: Program,
    protected readonly problems: ProblemList,
    private readonly specs: readonly ColumnSpec[],
  ) {}

  header(cells: readonly string[], line: number): readonly number[] {
    const bound = bindColumns(this.file, cells, this.specs, line, this.problems);
    this.columns = bound.names;
    for (const name of bound.repeated) {
      this.warn(
        "header.repeated",
        `the column ${name} appears more than once in the header; the first one is read`,
        1,
      );
    }
    this.reader = new RowReader(
      this.file,
      bound.names,
      this.problems,
      bound.indexes.map((i) => i >= 0),
    );
    this.onHeader(bound.indexes);
    return bound.indexes;
  }

  protected onHeader(_indexes: readonly number[]): void {}

  row(cells: RowCells, line: number): void {
    this.rows++;
    this.reader.start(cells, line);
    this.convert(this.reader);
  }

  protected warn(code: string, message: string, count: number): void {
    this.warnings.push({ code, file: this.file, message, count });
  }

  protected abstract convert(r: RowReader): void;
  abstract result(): T;
}

/* ------------------------------------------------------------------ azure-usage */

function rowsAre(n: number, noun = "row"): string {
  return n === 1 ? `1 ${noun} is` : `${n} ${noun}s are`;
}

function rowsHave(n: number): string {
  return n === 1 ? "1 AI row has" : `${n} AI rows have`;
}

const U = {
  month: 0,
  tenant: 1,
  group: 2,
  attribution: 3,
  acr: 4,
  name: 5,
  subscription: 6,
  duplicate: 7,
  offer: 8,
  cloud: 9,
  association: 10,
};

/** Reads the Partner Center Insights Azure usage report into a usage summary (rows are not kept). */
export class UsageReader extends BaseReader<UsageSummary> {
  private readonly acc: UsageAccumulator;
  private useAssociation = false;

  constructor(file: string, program: Program, problems: ProblemList) {
    super(file, program, problems, [
      { name: "Month", required: true },
      { name: "CustomerTenantId", required: true },
      { name: "ServiceGroup2", required: true },
      // Required, but a file may carry it as AssociationType instead: checked in onHeader.
      { name: "PartnerAttributionType", required: false },
      { name: "ACR_USD", required: true },
      { name: "CustomerName", required: false },
      { name: "SubscriptionId", required: false },
      { name: "IsACRDuplicateAtMPNLevel", required: false },
      { name: "OfferType", required: false },
      { name: "CloudInstance", required: false },
      { name: "AssociationType", required: false },
    ]);
    this.acc = new UsageAccumulator(program, file);
  }

  protected override onHeader(indexes: readonly number[]): void {
    if (indexes[U.attribution] === -1) {
      if (indexes[U.association] !== -1) this.useAssociation = true;
      else {
        this.problems.add({
          file: this.file,
          line: 1,
          column: "PartnerAttributionType",
          code: "column.missing",
          message: "the required column PartnerAttributionType (or AssociationType) is missing",
        });
      }
    }
  }

  protected convert(r: RowReader): void {
    const serviceGroup2 = r.requiredText(U.group);
    const month = r.month(U.month);
    const acrUsd = r.decimal(U.acr);
    const isDuplicateAtMpnLevel = r.boolean(U.duplicate);
    const attributionColumn = this.useAssociation ? U.association : U.attribution;
    if (serviceGroup2 !== undefined && !this.acc.isAiServiceGroup(serviceGroup2)) {
      // Most rows are other services: they only need to be valid, their texts are never used.
      r.requirePresent(U.tenant);
      r.requirePresent(attributionColumn);
      if (r.ok && this.problems.total === 0) this.acc.addOtherService();
      return;
    }
    const customerTenantId = r.requiredText(U.tenant);
    const attribution = r.requiredText(attributionColumn);
    const customerName = r.text(U.name);
    const subscriptionId = r.text(U.subscription);
    const offerType = r.text(U.offer);
    const cloudInstance = r.text(U.cloud);
    if (!r.ok || this.problems.total > 0) return; // once a file has problems, nothing is evaluated: save the work
    this.acc.add({
      month: month as string,
      customerTenantId: customerTenantId as string,
      customerName,
      subscriptionId,
      serviceGroup2: serviceGroup2 as string,
      attribution: attribution as string,
      acrUsd: acrUsd as string,
      isDuplicateAtMpnLevel,
      offerType,
      cloudInstance,
      source: { file: this.file, line: r.line },
    });
  }

  /** The summary of the rows read, without warnings (for merging parts read in parallel). */
  summary(): UsageSummary {
    return this.acc.summary();
  }

  result(): UsageSummary {
    const summary = this.acc.summary();
    this.warnings.push(...usageWarnings(this.program, this.file, summary));
    return summary;
  }
}

/** What a usage summary set aside, as warnings with row counts. */
export function usageWarnings(program: Program, file: string, summary: UsageSummary): InputWarning[] {
  const warnings: InputWarning[] = [];
  const warn = (code: string, message: string, count: number) =>
    warnings.push({ code, file, message, count });
  const ig = summary.ignored;
  if (ig.notAi > 0)
    warn(
      "usage.not-ai",
      `${rowsAre(ig.notAi)} not AI services (ServiceGroup2 is not ${program.performance.serviceGroup2.join(" or ")}) and do not count`,
      ig.notAi,
    );
  if (ig.duplicates > 0)
    warn(
      "usage.duplicate",
      `${rowsAre(ig.duplicates, "AI row")} flagged IsACRDuplicateAtMPNLevel and are not summed again`,
      ig.duplicates,
    );
  for (const [attribution, n] of ig.ineligibleAttributions) {
    warn(
      "usage.attribution",
      `${rowsHave(n)} the attribution "${attribution}", which does not count (only ${program.performance.eligibleAttributions.map((a) => a.type).join(", ")})`,
      n,
    );
  }
  for (const [offer, n] of ig.excludedOffers) {
    warn("usage.offer", `${rowsHave(n)} the offer type "${offer}", which is excluded`, n);
  }
  if (ig.governmentPal > 0) {
    warn(
      "usage.government-pal",
      `${rowsAre(ig.governmentPal, "AI row")} government subscriptions attributed through PAL, which do not count`,
      ig.governmentPal,
    );
  }
  return warnings;
}

/* ------------------------------------------------------------------ certifications */

export class CertificationsReader extends BaseReader<CertificationRecord[]> {
  private readonly records: CertificationRecord[] = [];

  constructor(file: string, program: Program, problems: ProblemList) {
    super(file, program, problems, [
      { name: "PersonId", required: true },
      { name: "Certification", required: true },
      { name: "PersonName", required: false },
      { name: "EarnedDate", required: false },
      { name: "ExpirationDate", required: false },
      { name: "Associated", required: false },
    ]);
  }

  protected convert(r: RowReader): void {
    const personId = r.requiredText(0);
    const certification = r.requiredText(1);
    const personName = r.text(2);
    const earnedDate = r.date(3, false);
    const expirationDate = r.date(4, false);
    const associated = r.boolean(5);
    if (!r.ok) return;
    this.records.push({
      personId: personId as string,
      certification: certification as string,
      personName,
      earnedDate,
      expirationDate,
      associated,
      source: { file: this.file, line: r.line },
    });
  }

  result(): CertificationRecord[] {
    const lookups = lookupsOf(this.program);
    const others = this.records.filter((c) => !lookups.certifications.has(c.certification.toLowerCase()));
    if (others.length > 0) {
      const names = [...new Set(others.map((c) => c.certification))];
      this.warn(
        "certifications.other",
        `${others.length} ${others.length === 1 ? "row holds" : "rows hold"} other certifications (${names.join(", ")}), shown but not counted for this program`,
        others.length,
      );
    }
    return this.records;
  }
}

/* ------------------------------------------------------------------ capability-score */

export class CapabilityScoreReader extends BaseReader<CapabilityScoreRecord[]> {
  private readonly records: CapabilityScoreRecord[] = [];
  private readonly seen = new Map<string, number>();
  private readonly otherAreas = new Map<string, number>();
  private readonly otherMetrics = new Map<string, number>();

  constructor(file: string, program: Program, problems: ProblemList) {
    super(file, program, problems, [
      { name: "SolutionArea", required: true },
      { name: "Metric", required: true },
      { name: "Points", required: true },
    ]);
  }

  protected convert(r: RowReader): void {
    const area = r.requiredText(0);
    const metric = r.requiredText(1);
    const points = r.decimal(2);
    if (points?.trim().startsWith("-") && /[1-9]/.test(points)) {
      r.fail(2, "cell.negative", `${points} is negative; points are 0 or more`);
    }
    if (!r.ok || area === undefined || metric === undefined || points === undefined) return;
    const lookups = lookupsOf(this.program);
    const canonicalMetric = lookups.metrics.get(metric.toLowerCase());
    const canonicalArea = lookups.areas.get(area.toLowerCase());
    // Rows of other areas are ignored whole (not checked for duplicates); so are unknown metrics.
    if (canonicalArea === undefined) {
      this.otherAreas.set(area, (this.otherAreas.get(area) ?? 0) + 1);
      return;
    }
    if (canonicalMetric === undefined) {
      this.otherMetrics.set(metric, (this.otherMetrics.get(metric) ?? 0) + 1);
      return;
    }
    const key = `${canonicalArea}\u0000${canonicalMetric}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      r.fail(
        1,
        "row.duplicate",
        `${canonicalArea} / ${canonicalMetric} is listed twice (first on line ${first}); keep one row per area and metric`,
      );
      return;
    }
    this.seen.set(key, r.line);
    this.records.push({
      solutionArea: canonicalArea,
      metric: canonicalMetric,
      points,
      source: { file: this.file, line: r.line },
    });
  }

  result(): CapabilityScoreRecord[] {
    for (const [area, n] of this.otherAreas) {
      this.warn(
        "capability-score.other-area",
        `${n === 1 ? "1 row" : `${n} rows`} of the solution area "${area}" ${n === 1 ? "is" : "are"} ignored (this program counts ${this.program.designation.eligibleAreas.map((a) => a.name).join(" and ")})`,
        n,
      );
    }
    for (const [metric, n] of this.otherMetrics) {
      this.warn(
        "capability-score.unknown-metric",
        `${n === 1 ? "1 row" : `${n} rows`} with the metric "${metric}" ${n === 1 ? "is" : "are"} ignored (the metrics are ${this.program.designation.metrics.map((m) => m.name).join(", ")})`,
        n,
      );
    }
    return this.records;
  }
}

/* ------------------------------------------------------------------ audit-evidence */

export class AuditEvidenceReader extends BaseReader<AuditEvidenceRecord[]> {
  private readonly records: AuditEvidenceRecord[] = [];
  private readonly controls: ReadonlySet<string>;

  constructor(file: string, program: Program, problems: ProblemList) {
    super(file, program, problems, [
      { name: "Module", required: true },
      { name: "Control", required: true },
      { name: "CustomerTenantId", required: true },
      { name: "DeploymentDate", required: true },
      { name: "CustomerName", required: false },
      { name: "Evidence", required: false },
    ]);
    this.controls = new Set(programControls(program).map((c) => c.id));
  }

  protected convert(r: RowReader): void {
    const moduleText = r.requiredText(0);
    const controlText = r.requiredText(1);
    const customerTenantId = r.requiredText(2);
    const deploymentDate = r.date(3, true);
    const customerName = r.text(4);
    const evidence = r.text(5);
    let module: string | undefined;
    if (moduleText !== undefined) {
      module = moduleText.toUpperCase();
      if (module !== "A" && module !== "B") {
        r.fail(0, "cell.value", `"${moduleText}" is not a module (expected A or B)`);
        module = undefined;
      }
    }
    let control: string | undefined;
    if (controlText !== undefined && module !== undefined) {
      const c = controlText.toUpperCase().replace(/\s+/g, "");
      const prefixed = /^[A-Z]/.test(c);
      if (prefixed && !c.startsWith(module)) {
        r.fail(1, "cell.value", `control ${controlText} contradicts Module ${module}`);
      } else {
        control = prefixed ? c : `${module}${c}`;
        if (!this.controls.has(control)) {
          const list = [...this.controls].filter((id) => id.startsWith(module as string)).join(", ");
          r.fail(
            1,
            "cell.value",
            `"${controlText}" is not a control of Module ${module} (its controls: ${list})`,
          );
          control = undefined;
        }
      }
    }
    if (!r.ok || module === undefined || control === undefined) return;
    this.records.push({
      module,
      control,
      customerTenantId: customerTenantId as string,
      customerName,
      deploymentDate: deploymentDate as string,
      evidence,
      source: { file: this.file, line: r.line },
    });
  }

  result(): AuditEvidenceRecord[] {
    return this.records;
  }
}

/* ------------------------------------------------------------------ audit-history */

export class AuditHistoryReader extends BaseReader<AuditHistoryRecord[]> {
  private readonly records: AuditHistoryRecord[] = [];
  private readonly modules: ReadonlyMap<string, string>;

  constructor(file: string, program: Program, problems: ProblemList) {
    super(file, program, problems, [
      { name: "Module", required: true },
      { name: "Result", required: true },
      { name: "Date", required: true },
    ]);
    this.modules = new Map(program.audit.historyModules.map((m) => [m.toLowerCase().replace(/\s+/g, ""), m]));
  }

  protected convert(r: RowReader): void {
    const moduleText = r.requiredText(0);
    const resultText = r.requiredText(1);
    const date = r.date(2, true);
    let module: string | undefined;
    if (moduleText !== undefined) {
      module = this.modules.get(moduleText.toLowerCase().replace(/\s+/g, ""));
      if (module === undefined)
        r.fail(
          0,
          "cell.value",
          `"${moduleText}" is not a module (expected ${this.program.audit.historyModules.join(", ")})`,
        );
    }
    let result: "Pass" | "No Pass" | undefined;
    if (resultText !== undefined) {
      const t = resultText.toLowerCase().replace(/\s+/g, " ");
      if (t === "pass") result = "Pass";
      else if (t === "no pass" || t === "nopass") result = "No Pass";
      else r.fail(1, "cell.value", `"${resultText}" is not a result (expected Pass or No Pass)`);
    }
    if (!r.ok || module === undefined || result === undefined || date === undefined) return;
    this.records.push({ module, result, date, source: { file: this.file, line: r.line } });
  }

  result(): AuditHistoryRecord[] {
    return this.records;
  }
}
