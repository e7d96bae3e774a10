import {
  type AuditEvidenceRecord,
  type AuditHistoryRecord,
  type CapabilityScoreRecord,
  type CertificationRecord,
  type CustomerProjectRecord,
  certificationWarnings,
  type DesignationRecord,
  eachListed,
  filterColumns,
  type InputWarning,
  lookupsOf,
  type PreparedUsage,
  type Program,
  parseValidDecimalBytes,
  parseYearMonth,
  programControls,
  tenantIdProblem,
  UsageAccumulator,
  type UsageFilterColumn,
  type UsageRecord,
  type UsageSummary,
  usageFilterColumns,
  usageWarnings,
} from "@specready/core";
import {
  type ByteRowRule,
  isByteCells,
  type RowCells,
  TableFormatError,
  type TableSink,
} from "../table/cell.js";
import { formatLimitCount } from "../table/table-limits.js";
import { bindColumns, type ColumnMapping, type ColumnSpec, RowReader } from "./columns.js";
import { echo } from "./echo.js";
import { columnIndexes, type ImportKind, inputColumns, usageServiceColumns } from "./input-columns.js";
import type { ProblemList } from "./input-problem.js";
import { OTHER_SERVICE, RowTemplates, UNSURE, UsagePrefilter } from "./usage-prefilter.js";

/** What every reader takes besides the file, the program and where problems go. */
export interface ReaderOptions {
  /** The user's choice of header per column, over matching by name (see `bindColumns`). */
  readonly mapping?: ColumnMapping | undefined;
  /**
   * The most data rows the file may have (none when undefined): a row past it ends the reading with a
   * `TableFormatError` ("file.limit") naming its line and `rowLimitSetting`.
   */
  readonly rowLimit?: number | undefined;
  /** The variable that sets `rowLimit`, named in its problem. */
  readonly rowLimitSetting?: string | undefined;
}

/** What reading one file gives: its result, how many data rows it had, and what was set aside. */
export interface KindReader<T> extends TableSink {
  result(): T;
  readonly rows: number;
  readonly warnings: InputWarning[];
}

/**
 * Shared plumbing: binds the header to the columns of the kind (once per file, mapping included), then
 * hands each row to `convert` through a `RowReader`.
 */
abstract class BaseReader<T> implements KindReader<T> {
  rows = 0;
  readonly warnings: InputWarning[] = [];
  protected reader!: RowReader;
  protected columns: readonly string[] = [];

  constructor(
    protected readonly file: string,
    protected readonly program: Program,
    protected readonly problems: ProblemList,
    private readonly kind: ImportKind,
    protected readonly options: ReaderOptions,
  ) {}

  header(cells: readonly string[], line: number): readonly number[] {
    const bound = bindColumns(this.file, cells, this.specs(), line, this.problems, this.options.mapping);
    this.columns = bound.names;
    for (const name of bound.repeated) {
      this.warn(
        "header.repeated",
        `the column ${echo(name)} appears more than once in the header; the first one is read`,
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

  /** The columns the reader binds: the kind's. */
  protected specs(): readonly ColumnSpec[] {
    return inputColumns[this.kind];
  }

  row(cells: RowCells, line: number): void {
    this.rows++;
    const limit = this.options.rowLimit;
    if (limit !== undefined && this.rows > limit) {
      const setting = this.options.rowLimitSetting;
      throw new TableFormatError(
        this.file,
        `the file has more than ${formatLimitCount(limit)} data rows, the most a ${this.kind} file may have` +
          `${setting === undefined ? "" : ` (the limit, set by ${setting})`}; is this the right file?`,
        line,
        { code: "file.limit" },
      );
    }
    if (this.quick(cells)) return;
    this.reader.start(cells, line);
    this.convert(this.reader);
  }

  /** A reader's shortcut for rows it can check without decoding them: true when the row is done. */
  protected quick(_cells: RowCells): boolean {
    return false;
  }

  protected warn(code: string, message: string, count: number): void {
    this.warnings.push({ code, file: this.file, message, count });
  }

  protected abstract convert(r: RowReader): void;
  abstract result(): T;
}

/* ------------------------------------------------------------------ azure-usage */

const U = columnIndexes("azure-usage");

/** Reads the Partner Center Insights Azure usage report into a usage summary (rows are not kept). */
export class UsageReader extends BaseReader<UsageSummary> {
  private readonly acc: UsageAccumulator;
  private useAssociation = false;

  constructor(file: string, program: Program, problems: ProblemList, options: ReaderOptions = {}) {
    super(file, program, problems, "azure-usage", options);
    this.acc = new UsageAccumulator(program, file);
  }

  protected override specs(): readonly ColumnSpec[] {
    const base = inputColumns["azure-usage"];
    return this.acc.readsServiceColumns ? [...base, ...usageServiceColumns] : base;
  }

  protected override onHeader(indexes: readonly number[]): void {
    // Without PartnerAttributionType the attribution is read from AssociationType (`bindColumns` has
    // already reported a file that has neither).
    this.useAssociation = indexes[U.PartnerAttributionType] === -1 && indexes[U.AssociationType] !== -1;
    const attributionColumn = this.useAssociation ? U.AssociationType : U.PartnerAttributionType;
    // With sub-rules, whether a row counts depends on more than its service group: no shortcut then.
    this.prefilter = this.acc.readsServiceColumns
      ? undefined
      : UsagePrefilter.of([...lookupsOf(this.program).serviceGroups], {
          month: U.Month,
          serviceGroup2: U.ServiceGroup2,
          acrUsd: U.ACR_USD,
          booleans: [U.IsACRDuplicateAtMPNLevel, U.IsACRDuplicateAtPGALevel],
          required: [U.CustomerTenantId, attributionColumn].filter((k) => (indexes[k] ?? -1) >= 0),
        });
    // Every cell `convert` reads of an AI row but the month and the amount, and the duplicate flag the
    // program does not read: that one is only checked (a yes/no word or empty), as the byte check and the
    // WebAssembly check it in every row. Rows that differ in it alone fold alike.
    const templateCells = [
      U.ServiceGroup2,
      U.CustomerTenantId,
      attributionColumn,
      U.CustomerName,
      U.PartnerName,
      U.OfferType,
      U.CloudInstance,
      lookupsOf(this.program).duplicateFlag === "IsACRDuplicateAtPGALevel"
        ? U.IsACRDuplicateAtPGALevel
        : U.IsACRDuplicateAtMPNLevel,
    ];
    this.templates = new RowTemplates(templateCells);
    this.rule =
      this.prefilter === undefined ? undefined : this.byteRowRule(indexes, attributionColumn, templateCells);
    if (this.acc.readsServiceColumns) {
      const first = inputColumns["azure-usage"].length;
      this.serviceColumns = usageServiceColumns.flatMap((spec, i) =>
        indexes[first + i] === -1 ? [] : [[spec.name as UsageFilterColumn, first + i] as const],
      );
      this.warnUncheckedColumns(new Set(this.serviceColumns.map(([name]) => name)));
    }
  }

  /**
   * The rows of other service groups a CSV reader counts itself (`ByteRowRule`): what `quick` counts
   * of them, by the same check as the prefilter's, in the file's columns.
   */
  private rule: ByteRowRule | undefined;

  byteRows(): ByteRowRule | undefined {
    return this.rule;
  }

  /** What the last AI row folded or read was folded with (see `ByteRowRule.takeTemplate`). */
  private lastPrepared: PreparedUsage | undefined;

  private byteRowRule(
    indexes: readonly number[],
    attributionColumn: number,
    templateCells: readonly number[],
  ): ByteRowRule {
    const column = (k: number) => indexes[k] ?? -1;
    return {
      serviceGroup: column(U.ServiceGroup2),
      amount: column(U.ACR_USD),
      month: column(U.Month),
      required: [U.CustomerTenantId, attributionColumn].map(column).filter((col) => col >= 0),
      flags: [U.IsACRDuplicateAtMPNLevel, U.IsACRDuplicateAtPGALevel].map(column),
      groups: [...lookupsOf(this.program).serviceGroups].map((g) => g.toLowerCase()),
      allowance: () => {
        const limit = this.options.rowLimit;
        return limit === undefined ? Number.MAX_SAFE_INTEGER : Math.max(0, limit - this.rows);
      },
      counted: (rows) => {
        this.rows += rows;
      },
      countedIn: (month, rows) => {
        this.acc.addOtherServices(month, rows);
      },
      parseMonth: parseYearMonth,
      templateCells: templateCells.map(column),
      // The customer's cells, by their place among the template's.
      customerCells: [U.CustomerTenantId, U.CustomerName].map((k) => templateCells.indexOf(k)),
      combine: (classTemplate, customerTemplate) =>
        this.problems.total === 0
          ? this.acc.preparedLike(classTemplate as PreparedUsage, customerTemplate as PreparedUsage)
          : undefined,
      clean: () => this.problems.total === 0,
      newTemplate: () => {
        this.newTemplate = true;
      },
      takeTemplate: () => {
        const prepared = this.lastPrepared;
        this.lastPrepared = undefined;
        return prepared;
      },
      summed: (template, month, units, scale, rows) => {
        this.acc.addPrepared(template as PreparedUsage, month, { units, scale }, rows);
      },
      foldingOf: (template) => this.acc.bulkFolding(template as PreparedUsage),
      eligibleSum: (customer, month, units, scale) => {
        this.acc.addEligibleSum(customer, month, { units, scale });
      },
      monthCounts: (month, counts) => {
        this.acc.addMonthCounts(month, counts);
      },
    };
  }

  /** The byte-level check of rows (CSV files; see `UsagePrefilter`). */
  private prefilter: UsagePrefilter | undefined;
  /** What the AI rows read so far made, by the bytes of the cells it is made of (see `quick`). */
  private templates: RowTemplates<PreparedUsage> | undefined;
  /** Set while `convert` reads an AI row whose cells `templates` could key but did not hold. */
  private keepTemplate = false;
  /**
   * Set by the CSV reader before it hands over a valid AI row of a template its WebAssembly does not
   * have (`ByteRowRule.newTemplate`): the row is read the usual way at once, and what it makes is kept
   * for the WebAssembly (`takeTemplate`), not in `templates`.
   */
  private newTemplate = false;
  /** Set while `convert` reads such a row. */
  private templateForRule = false;

  /**
   * When the CSV reader gives a row's bytes, they are checked as bytes first. A row of another service
   * group is only counted in its month. An AI row is folded from its month and amount when an AI row
   * with the same other cells was read before (its customer, names, attribution, offer, cloud and
   * flags); the first one is read the usual way below, and what it made is kept for the next. A row
   * the check cannot accept is read the usual way, which reports its problems.
   */
  protected override quick(cells: RowCells): boolean {
    const prefilter = this.prefilter;
    this.lastPrepared = undefined;
    if (this.newTemplate) {
      this.newTemplate = false;
      this.keepTemplate = true;
      this.templateForRule = true;
      return false;
    }
    if (prefilter === undefined || !isByteCells(cells)) return false;
    const check = prefilter.check(cells);
    if (check === UNSURE) return false;
    if (check === OTHER_SERVICE) {
      if (this.problems.total === 0) this.acc.addOtherService(prefilter.month);
      return true;
    }
    const templates = this.templates as RowTemplates<PreparedUsage>;
    const prepared = templates.find(cells);
    if (prepared === undefined) {
      this.keepTemplate = templates.keyed;
      return false;
    }
    this.lastPrepared = prepared;
    if (this.problems.total === 0) {
      const amount = parseValidDecimalBytes(cells.bytes, prefilter.acrStart, prefilter.acrEnd);
      this.acc.addPrepared(prepared, prefilter.month, amount);
    }
    return true;
  }

  /** The service columns the file has, with their reader positions (a program with sub-rules). */
  private serviceColumns: readonly (readonly [UsageFilterColumn, number])[] = [];

  /** Says which sub-rules' conditions the file's missing service columns leave unchecked. */
  private warnUncheckedColumns(present: ReadonlySet<string>): void {
    for (const column of usageFilterColumns) {
      if (column === "ServiceGroup2" || present.has(column)) continue;
      const rules = (this.program.performance.rules ?? []).filter((rule) =>
        [rule.filter, ...rule.minimums.map((m) => m.filter)].some((f) => filterColumns(f).has(column)),
      );
      if (rules.length === 0) continue;
      this.warn(
        "usage.column-unchecked",
        `the file has no ${column} column: ${rules.map((rule) => rule.title).join(", ")} cannot confirm the rows whose counting depends on it; they are shown apart, as ACR that may count`,
        0,
      );
    }
  }

  /** The row's service values, by column, for the columns the file has. */
  private services(r: RowReader): Partial<Record<UsageFilterColumn, string>> {
    const out: Partial<Record<UsageFilterColumn, string>> = {};
    for (const [name, k] of this.serviceColumns) out[name] = r.text(k) ?? "";
    return out;
  }

  protected convert(r: RowReader): void {
    const keepTemplate = this.keepTemplate;
    const templateForRule = this.templateForRule;
    this.keepTemplate = false;
    this.templateForRule = false;
    const serviceGroup2 = r.requiredText(U.ServiceGroup2);
    const services =
      this.acc.readsServiceColumns && serviceGroup2 !== undefined
        ? { ...this.services(r), ServiceGroup2: serviceGroup2 }
        : undefined;
    const month = r.month(U.Month);
    const acrUsd = r.decimal(U.ACR_USD);
    const isDuplicateAtMpnLevel = r.boolean(U.IsACRDuplicateAtMPNLevel);
    const isDuplicateAtPgaLevel = r.boolean(U.IsACRDuplicateAtPGALevel);
    const attributionColumn = this.useAssociation ? U.AssociationType : U.PartnerAttributionType;
    if (
      serviceGroup2 !== undefined &&
      (services === undefined
        ? !this.acc.isAiServiceGroup(serviceGroup2)
        : !this.acc.isOfProgramServices({ serviceGroup2, services }))
    ) {
      // Most rows are other services: they only need to be valid, their texts are never used.
      r.requirePresent(U.CustomerTenantId);
      r.requirePresent(attributionColumn);
      if (r.ok && this.problems.total === 0) this.acc.addOtherService(month as string);
      return;
    }
    const customerTenantId = r.requiredText(U.CustomerTenantId);
    const attribution = r.requiredText(attributionColumn);
    const customerName = r.text(U.CustomerName);
    const partnerName = r.text(U.PartnerName);
    // SubscriptionId is not read: nothing the rules compute uses it, and decoding a 36-character id on
    // every AI row costs as much as any two other cells.
    const offerType = r.text(U.OfferType);
    const cloudInstance = r.text(U.CloudInstance);
    if (!r.ok || this.problems.total > 0) return; // once a file has problems, nothing is evaluated: save the work
    const record: UsageRecord = {
      month: month as string,
      customerTenantId: customerTenantId as string,
      customerName,
      partnerName,
      serviceGroup2: serviceGroup2 as string,
      attribution: attribution as string,
      acrUsd: acrUsd as string,
      isDuplicateAtMpnLevel,
      isDuplicateAtPgaLevel,
      offerType,
      cloudInstance,
      ...(services === undefined ? {} : { services }),
      source: { file: this.file, line: r.line },
    };
    if (!keepTemplate || !isByteCells(r.cells)) {
      this.acc.add(record);
      return;
    }
    const prepared = this.acc.prepare(record);
    this.acc.addPrepared(prepared, record.month, record.acrUsd);
    if (!templateForRule) this.templates?.add(r.cells, prepared);
    this.lastPrepared = prepared;
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

/* ------------------------------------------------------------------ certifications */

const C = columnIndexes("certifications");

export class CertificationsReader extends BaseReader<CertificationRecord[]> {
  private readonly records: CertificationRecord[] = [];

  constructor(file: string, program: Program, problems: ProblemList, options: ReaderOptions = {}) {
    super(file, program, problems, "certifications", options);
  }

  protected convert(r: RowReader): void {
    const personId = r.requiredText(C.PersonId);
    const certification = r.requiredText(C.Certification);
    const personName = r.text(C.PersonName);
    const earnedDate = r.date(C.EarnedDate, false);
    const expirationDate = r.date(C.ExpirationDate, false);
    const associated = r.boolean(C.Associated);
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
    this.warnings.push(...certificationWarnings(this.program, this.file, this.records));
    return this.records;
  }
}

/* ------------------------------------------------------------------ capability-score */

const S = columnIndexes("capability-score");

export class CapabilityScoreReader extends BaseReader<CapabilityScoreRecord[]> {
  private readonly records: CapabilityScoreRecord[] = [];
  private readonly seen = new Map<string, number>();
  private readonly otherAreas = new Map<string, number>();
  private readonly otherMetrics = new Map<string, number>();

  constructor(file: string, program: Program, problems: ProblemList, options: ReaderOptions = {}) {
    super(file, program, problems, "capability-score", options);
  }

  protected convert(r: RowReader): void {
    const area = r.requiredText(S.SolutionArea);
    const metric = r.requiredText(S.Metric);
    const points = r.decimal(S.Points);
    if (points?.trim().startsWith("-") && /[1-9]/.test(points)) {
      r.fail(S.Points, "cell.negative", `${echo(points)} is negative; points are 0 or more`);
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
        S.Metric,
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
    const rows = (n: number) => (n === 1 ? "1 row" : `${n} rows`);
    const are = (n: number) => (n === 1 ? "is" : "are");
    const areas = this.program.designation.eligibleAreas.map((a) => a.name).join(" and ");
    eachListed(
      [...this.otherAreas],
      (area, n) =>
        this.warn(
          "capability-score.other-area",
          `${rows(n)} of the solution area "${echo(area)}" ${are(n)} ignored (this program counts ${areas})`,
          n,
        ),
      (values, n) =>
        this.warn(
          "capability-score.other-area",
          `${rows(n)} of ${values} other solution areas ${are(n)} ignored (this program counts ${areas})`,
          n,
        ),
    );
    const metrics = this.program.designation.metrics.map((m) => m.name).join(", ");
    eachListed(
      [...this.otherMetrics],
      (metric, n) =>
        this.warn(
          "capability-score.unknown-metric",
          `${rows(n)} with the metric "${echo(metric)}" ${are(n)} ignored (the metrics are ${metrics})`,
          n,
        ),
      (values, n) =>
        this.warn(
          "capability-score.unknown-metric",
          `${rows(n)} with ${values} other metrics ${are(n)} ignored (the metrics are ${metrics})`,
          n,
        ),
    );
    return this.records;
  }
}

/* ------------------------------------------------------------------ designation */

const D = columnIndexes("designation");

/**
 * Reads the Solutions Partner status as Partner Center shows it: one row per solution area, with its
 * status and, for an enrolled area, the dates it was attained and reaches its anniversary.
 */
export class DesignationReader extends BaseReader<DesignationRecord[]> {
  private readonly records: DesignationRecord[] = [];
  private readonly seen = new Map<string, number>();
  private readonly otherAreas = new Map<string, number>();
  private readonly statuses: ReadonlyMap<string, string>;
  private readonly active: ReadonlySet<string>;

  constructor(file: string, program: Program, problems: ProblemList, options: ReaderOptions = {}) {
    super(file, program, problems, "designation", options);
    const key = (s: string) => s.toLowerCase().replace(/\s+/g, "");
    const rules = program.designation;
    this.statuses = new Map([...rules.activeStatuses, ...rules.otherStatuses].map((s) => [key(s), s]));
    this.active = new Set(rules.activeStatuses);
  }

  protected convert(r: RowReader): void {
    const area = r.requiredText(D.SolutionArea);
    const statusText = r.requiredText(D.Status);
    const attainedDate = r.date(D.AttainedDate, false);
    const anniversaryDate = r.date(D.AnniversaryDate, false);
    let status: string | undefined;
    if (statusText !== undefined) {
      status = this.statuses.get(statusText.toLowerCase().replace(/\s+/g, ""));
      if (status === undefined)
        r.fail(
          D.Status,
          "cell.value",
          `"${statusText}" is not a status Partner Center shows (expected ${[...this.statuses.values()].join(", ")})`,
        );
    }
    if (status !== undefined && this.active.has(status) && anniversaryDate === undefined && r.ok)
      r.fail(
        D.AnniversaryDate,
        "cell.required",
        `an ${status} designation needs its anniversary date, as Partner Center shows it`,
      );
    if (attainedDate !== undefined && anniversaryDate !== undefined && anniversaryDate < attainedDate)
      r.fail(
        D.AnniversaryDate,
        "cell.value",
        `${anniversaryDate} is before the attained date ${attainedDate}`,
      );
    if (!r.ok || area === undefined || status === undefined) return;
    const canonical = lookupsOf(this.program).areas.get(area.toLowerCase());
    if (canonical === undefined) {
      this.otherAreas.set(area, (this.otherAreas.get(area) ?? 0) + 1);
      return;
    }
    const first = this.seen.get(canonical);
    if (first !== undefined) {
      r.fail(
        D.SolutionArea,
        "row.duplicate",
        `${canonical} is listed twice (first on line ${first}); keep the row Partner Center shows now`,
      );
      return;
    }
    this.seen.set(canonical, r.line);
    this.records.push({
      solutionArea: canonical,
      status,
      attainedDate,
      anniversaryDate,
      source: { file: this.file, line: r.line },
    });
  }

  result(): DesignationRecord[] {
    for (const [area, n] of this.otherAreas) {
      this.warn(
        "designation.other-area",
        `${n === 1 ? "1 row" : `${n} rows`} of the solution area "${area}" ${n === 1 ? "is" : "are"} ignored (this program counts ${this.program.designation.eligibleAreas.map((a) => a.name).join(" and ")})`,
        n,
      );
    }
    return this.records;
  }
}

/* ------------------------------------------------------------------ audit-evidence */

const E = columnIndexes("audit-evidence");

export class AuditEvidenceReader extends BaseReader<AuditEvidenceRecord[]> {
  private readonly records: AuditEvidenceRecord[] = [];
  private readonly controls: ReadonlySet<string>;

  constructor(file: string, program: Program, problems: ProblemList, options: ReaderOptions = {}) {
    super(file, program, problems, "audit-evidence", options);
    this.controls = new Set(programControls(program).map((c) => c.id));
  }

  protected convert(r: RowReader): void {
    const moduleText = r.requiredText(E.Module);
    const controlText = r.requiredText(E.Control);
    const customerTenantId = r.requiredText(E.CustomerTenantId);
    const deploymentDate = r.date(E.DeploymentDate, true);
    const customerName = r.text(E.CustomerName);
    const evidence = r.text(E.Evidence);
    let module: string | undefined;
    if (moduleText !== undefined) {
      module = moduleText.toUpperCase();
      if (module !== "A" && module !== "B") {
        r.fail(E.Module, "cell.value", `"${echo(moduleText)}" is not a module (expected A or B)`);
        module = undefined;
      }
    }
    let control: string | undefined;
    if (controlText !== undefined && module !== undefined) {
      const c = controlText.toUpperCase().replace(/\s+/g, "");
      const prefixed = /^[A-Z]/.test(c);
      if (prefixed && !c.startsWith(module)) {
        r.fail(E.Control, "cell.value", `control ${echo(controlText)} contradicts Module ${module}`);
      } else {
        control = prefixed ? c : `${module}${c}`;
        if (!this.controls.has(control)) {
          const list = [...this.controls].filter((id) => id.startsWith(module as string)).join(", ");
          r.fail(
            E.Control,
            "cell.value",
            `"${echo(controlText)}" is not a control of Module ${module} (its controls: ${list})`,
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

const H = columnIndexes("audit-history");

export class AuditHistoryReader extends BaseReader<AuditHistoryRecord[]> {
  private readonly records: AuditHistoryRecord[] = [];
  private readonly modules: ReadonlyMap<string, string>;

  constructor(file: string, program: Program, problems: ProblemList, options: ReaderOptions = {}) {
    super(file, program, problems, "audit-history", options);
    this.modules = new Map(program.audit.historyModules.map((m) => [m.toLowerCase().replace(/\s+/g, ""), m]));
  }

  protected convert(r: RowReader): void {
    const moduleText = r.requiredText(H.Module);
    const resultText = r.requiredText(H.Result);
    const date = r.date(H.Date, true);
    let module: string | undefined;
    if (moduleText !== undefined) {
      module = this.modules.get(moduleText.toLowerCase().replace(/\s+/g, ""));
      if (module === undefined)
        r.fail(
          H.Module,
          "cell.value",
          `"${echo(moduleText)}" is not a module (expected ${this.program.audit.historyModules.join(", ")})`,
        );
    }
    let result: "Pass" | "No Pass" | undefined;
    if (resultText !== undefined) {
      const t = resultText.toLowerCase().replace(/\s+/g, " ");
      if (t === "pass") result = "Pass";
      else if (t === "no pass" || t === "nopass") result = "No Pass";
      else r.fail(H.Result, "cell.value", `"${echo(resultText)}" is not a result (expected Pass or No Pass)`);
    }
    if (!r.ok || module === undefined || result === undefined || date === undefined) return;
    this.records.push({ module, result, date, source: { file: this.file, line: r.line } });
  }

  result(): AuditHistoryRecord[] {
    return this.records;
  }
}

/* ------------------------------------------------------------------ customer-projects */

const P = columnIndexes("customer-projects");

/** Reads the partner's register of customer projects: what was built for which customer, and when. */
export class CustomerProjectsReader extends BaseReader<CustomerProjectRecord[]> {
  private readonly records: CustomerProjectRecord[] = [];

  constructor(file: string, program: Program, problems: ProblemList, options: ReaderOptions = {}) {
    super(file, program, problems, "customer-projects", options);
  }

  protected convert(r: RowReader): void {
    const customerTenantId = r.requiredText(P.CustomerTenantId);
    // The register holds customers by their Entra tenant id: anything else (a typo, a name, a formula)
    // would count as a customer of its own.
    if (customerTenantId !== undefined) {
      const problem = tenantIdProblem(customerTenantId);
      if (problem !== null) r.fail(P.CustomerTenantId, "cell.value", problem);
    }
    const customerName = r.text(P.CustomerName);
    const project = r.requiredText(P.Project);
    const workload = r.text(P.Workload);
    const services = r.text(P.AIServices);
    const completionDate = r.date(P.CompletionDate, true);
    const greenfield = r.boolean(P.Greenfield);
    const stageText = r.text(P.Stage);
    let stage: CustomerProjectRecord["stage"];
    if (stageText !== undefined) {
      const t = stageText.toLowerCase();
      if (t === "production" || t === "pilot") stage = t;
      else
        r.fail(P.Stage, "cell.value", `"${echo(stageText)}" is not a stage (expected Production or Pilot)`);
    }
    if (!r.ok) return;
    // Registers list services as Excel users type them: "Azure OpenAI; AI Search" or "OpenAI, Speech".
    const aiServices = services
      ?.split(/[;,]/)
      .map((s) => s.trim())
      .filter((s) => s !== "");
    this.records.push({
      customerTenantId: customerTenantId as string,
      customerName,
      project: project as string,
      workload,
      aiServices: aiServices !== undefined && aiServices.length > 0 ? aiServices : undefined,
      completionDate: completionDate as string,
      greenfield,
      stage,
      source: { file: this.file, line: r.line },
    });
  }

  result(): CustomerProjectRecord[] {
    return this.records;
  }
}
