import type { CalendarDate, YearMonth } from "../calendar/calendar-date.js";
import type { ServiceValues } from "../program/performance-rules.js";

/** Where a record came from: the file as the user named it and its 1-based line (the header is line 1). */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** One row of the Partner Center Insights Azure usage report, as far as the rules read it. */
export interface UsageRecord {
  readonly month: YearMonth;
  readonly customerTenantId: string;
  readonly customerName?: string | undefined;
  /** `PartnerName`: the partner the report is for. A customer named like it is the partner's own tenant. */
  readonly partnerName?: string | undefined;
  readonly subscriptionId?: string | undefined;
  readonly serviceGroup2: string;
  /** `PartnerAttributionType`, or `AssociationType` when the file has no `PartnerAttributionType`. */
  readonly attribution: string;
  /** Validated decimal text, exact ("1,234.56" is kept as written and parsed exactly when summed). */
  readonly acrUsd: string;
  readonly isDuplicateAtMpnLevel?: boolean | undefined;
  /** `IsACRDuplicateAtPGALevel`: read only when the program sets rows aside by the PGA flag. */
  readonly isDuplicateAtPgaLevel?: boolean | undefined;
  readonly offerType?: string | undefined;
  readonly cloudInstance?: string | undefined;
  /**
   * The service columns the file has (ServiceLevel1–4, ServiceGroup3, ComputeOS, …), read only for a
   * program whose performance sub-rules filter on them: a column the file lacks is absent here.
   */
  readonly services?: ServiceValues | undefined;
  readonly source: SourceRef;
}

/** One certification held by one person. */
export interface CertificationRecord {
  readonly personId: string;
  readonly personName?: string | undefined;
  readonly certification: string;
  readonly earnedDate?: CalendarDate | undefined;
  readonly expirationDate?: CalendarDate | undefined;
  /** Whether the person's Microsoft Learn profile is associated with the partner; absent counts as true. */
  readonly associated?: boolean | undefined;
  readonly source: SourceRef;
}

/** Points of one metric of one solution area, as Partner Center shows them. */
export interface CapabilityScoreRecord {
  /** The canonical area name when the area is eligible, else the text of the file. */
  readonly solutionArea: string;
  /** The canonical metric name. */
  readonly metric: string;
  /** Validated decimal text, >= 0. */
  readonly points: string;
  readonly source: SourceRef;
}

/**
 * A Solutions Partner designation as Partner Center shows it (Membership > Solutions Partner): the
 * solution area, its status, and the dates it was attained and reaches its anniversary.
 */
export interface DesignationRecord {
  /** The canonical area name when the area is eligible, else the text of the file. */
  readonly solutionArea: string;
  /** The status in the program's spelling ("Enrolled", "Enrolled (Renewal due)", "Qualified", ...). */
  readonly status: string;
  readonly attainedDate?: CalendarDate | undefined;
  readonly anniversaryDate?: CalendarDate | undefined;
  readonly source: SourceRef;
}

/** One piece of evidence: a customer project backing one audit control. */
export interface AuditEvidenceRecord {
  readonly module: string;
  /** The full control id, with its module ("A1.1", "B2.3"). */
  readonly control: string;
  readonly customerTenantId: string;
  readonly customerName?: string | undefined;
  /** When that customer's project was completed. */
  readonly deploymentDate: CalendarDate;
  readonly evidence?: string | undefined;
  readonly source: SourceRef;
}

/** An earlier audit result. */
export interface AuditHistoryRecord {
  /** "A", "B", "A+B" or "AEMSP-3.A", canonical spelling. */
  readonly module: string;
  readonly result: "Pass" | "No Pass";
  readonly date: CalendarDate;
  readonly source: SourceRef;
}

/**
 * One customer project of the partner's register: what was built for which customer and when it was
 * completed. The register backs the audit's customer evidence; the same project often serves several
 * controls.
 */
export interface CustomerProjectRecord {
  readonly customerTenantId: string;
  readonly customerName?: string | undefined;
  readonly project: string;
  readonly workload?: string | undefined;
  /** The Azure AI services the project used, as written, in file order. */
  readonly aiServices?: readonly string[] | undefined;
  readonly completionDate: CalendarDate;
  /** A new solution rather than an extension of one the customer already had. */
  readonly greenfield?: boolean | undefined;
  readonly stage?: "production" | "pilot" | undefined;
  readonly source: SourceRef;
}

/** Something the readers or the rules set aside, with how many rows it concerns. */
export interface InputWarning {
  readonly code: string;
  readonly file?: string | undefined;
  readonly message: string;
  readonly count: number;
}
