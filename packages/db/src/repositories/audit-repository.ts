import { randomUUID } from "node:crypto";
import { json, type Sql, type SqlValue } from "../sql.js";

/** Which modules the partner is audited on: Module B alone (Module A waived) or both. */
export type AuditPlanModules = "B" | "A+B";

/** The partner's audit dates as last saved; the core computes the timeline and fees from them. */
export interface AuditPlanRecord {
  /** `YYYY-MM-DD`, or null while not known. */
  readonly applicationDate: string | null;
  readonly auditDate: string | null;
  readonly modules: AuditPlanModules;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** The practice specialty a partner chose for a control that asks for one (B1.1, B2.1). */
export interface ControlSpecialty {
  readonly controlId: string;
  readonly specialty: string;
  readonly chosenBy: string;
  readonly chosenAt: string;
}

export type AuditFindingStatus = "open" | "resolved";

/** A gap the auditor found against a control, the partner's response, and whether it is resolved. */
export interface AuditFinding {
  readonly id: string;
  readonly controlId: string;
  readonly text: string;
  readonly status: AuditFindingStatus;
  readonly response: string | null;
  readonly respondedBy: string | null;
  readonly respondedAt: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
}

/** A gap report as the auditor issued it, with the findings as they stood then. */
export interface AuditGapReport {
  readonly id: string;
  /** `YYYY-MM-DD`: the audit timeline counts the remediation period from it. */
  readonly issuedOn: string;
  readonly summary: string | null;
  /** The findings at issue time, as the caller gave them: later answers and resolutions do not change it. */
  readonly findings: readonly Record<string, unknown>[];
  readonly issuedBy: string;
  readonly issuedAt: string;
}

export type AuditResultModule = "A" | "B" | "A+B";
export type AuditResultOutcome = "Pass" | "No Pass";

/** An audit result the auditor recorded; with the imported audit-history file, the history the rules read. */
export interface AuditResultRecord {
  readonly id: string;
  readonly module: AuditResultModule;
  readonly result: AuditResultOutcome;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly checklistVersion: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  /** Findings still open when it was recorded (the auditor acknowledged them). */
  readonly openFindings: number;
  /** Set once withdrawn: the result stays in the history, marked, and the rules leave it out. */
  readonly withdrawn: { readonly by: string; readonly at: string; readonly reason: string } | null;
}

const PLAN = `application_date as "applicationDate", audit_date as "auditDate", modules,
  updated_by_name as "updatedBy", updated_at as "updatedAt"`;
const SPECIALTY = `control_id as "controlId", specialty, chosen_by_name as "chosenBy", chosen_at as "chosenAt"`;
const FINDING = `id, control_id as "controlId", text, status, response, responded_by_name as "respondedBy",
  responded_at as "respondedAt", created_by_name as "createdBy", created_at as "createdAt",
  resolved_by_name as "resolvedBy", resolved_at as "resolvedAt"`;
const GAP_REPORT = `id, issued_on as "issuedOn", summary, findings, issued_by_name as "issuedBy",
  issued_at as "issuedAt"`;
const RESULT = `id, module, result, date, checklist_version as "checklistVersion", recorded_by_name as "recordedBy",
  recorded_at as "recordedAt", open_findings as "openFindings", withdrawn_by_name as "w_by",
  withdrawn_at as "w_at", withdrawn_reason as "w_reason"`;

type ResultRow = Omit<AuditResultRecord, "withdrawn"> & {
  w_by: string | null;
  w_at: string | null;
  w_reason: string | null;
};

function presentResult({ w_by, w_at, w_reason, ...r }: ResultRow): AuditResultRecord {
  return {
    ...r,
    withdrawn: w_at === null ? null : { by: w_by as string, at: w_at, reason: w_reason as string },
  };
}

/**
 * The audit itself, around the evidence: the plan (dates and modules), the practice specialties chosen,
 * and what the auditor records (findings, gap reports, results). People are kept by name: the record
 * stays readable after an account or token is gone. Whether a control or specialty exists is the
 * checklist's business (the core checks it), so a new checklist version needs no migration.
 */
export class AuditRepository {
  constructor(private readonly sql: Sql) {}

  /* ---------------------------------------------------------------- the plan (one per organization) */

  /** Null until someone saves a plan. */
  async getPlan(orgId: string): Promise<AuditPlanRecord | null> {
    const [row] = await this.sql.query<AuditPlanRecord>(`select ${PLAN} from audit_plans where org_id = $1`, [
      orgId,
    ]);
    return row ?? null;
  }

  /** Replaces the plan as a whole. */
  async upsertPlan(
    orgId: string,
    p: {
      applicationDate: string | null;
      auditDate: string | null;
      modules: AuditPlanModules;
      updatedByName: string;
    },
  ): Promise<AuditPlanRecord> {
    const [row] = await this.sql.query<AuditPlanRecord>(
      `insert into audit_plans (org_id, application_date, audit_date, modules, updated_by_name)
       values ($1, $2, $3, $4, $5)
       on conflict (org_id) do update set application_date = excluded.application_date,
         audit_date = excluded.audit_date, modules = excluded.modules, updated_by_name = excluded.updated_by_name,
         updated_at = now()
       returning ${PLAN}`,
      [orgId, p.applicationDate, p.auditDate, p.modules, p.updatedByName],
    );
    return row as AuditPlanRecord;
  }

  /* ---------------------------------------------------------------- practice specialties */

  /** By control id (byte order, the same on every backend). */
  async listSpecialties(orgId: string): Promise<ControlSpecialty[]> {
    return this.sql.query<ControlSpecialty>(
      `select ${SPECIALTY} from control_specialties where org_id = $1 order by control_id collate "C"`,
      [orgId],
    );
  }

  /** Chooses (or changes) the control's specialty. */
  async setSpecialty(
    orgId: string,
    controlId: string,
    specialty: string,
    chosenByName: string,
  ): Promise<ControlSpecialty> {
    const [row] = await this.sql.query<ControlSpecialty>(
      `insert into control_specialties (org_id, control_id, specialty, chosen_by_name) values ($1, $2, $3, $4)
       on conflict (org_id, control_id) do update set specialty = excluded.specialty,
         chosen_by_name = excluded.chosen_by_name, chosen_at = now()
       returning ${SPECIALTY}`,
      [orgId, controlId, specialty, chosenByName],
    );
    return row as ControlSpecialty;
  }

  /** Whether there was a choice to clear. */
  async clearSpecialty(orgId: string, controlId: string): Promise<boolean> {
    const rows = await this.sql.query(
      "delete from control_specialties where org_id = $1 and control_id = $2 returning control_id",
      [orgId, controlId],
    );
    return rows.length > 0;
  }

  /* ---------------------------------------------------------------- findings (never deleted) */

  /** Oldest first (ties by id). */
  async listFindings(
    orgId: string,
    filter: { controlId?: string | undefined; status?: AuditFindingStatus | undefined } = {},
  ): Promise<AuditFinding[]> {
    const where = ["org_id = $1"];
    const params: SqlValue[] = [orgId];
    if (filter.controlId !== undefined) {
      params.push(filter.controlId);
      where.push(`control_id = $${params.length}`);
    }
    if (filter.status !== undefined) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    return this.sql.query<AuditFinding>(
      `select ${FINDING} from audit_findings where ${where.join(" and ")} order by created_at, id`,
      params,
    );
  }

  /** Null when the organization has no such finding. */
  async getFinding(orgId: string, id: string): Promise<AuditFinding | null> {
    const [row] = await this.sql.query<AuditFinding>(
      `select ${FINDING} from audit_findings where org_id = $1 and id = $2`,
      [orgId, id],
    );
    return row ?? null;
  }

  /** A new open finding; its id is made here unless given. */
  async createFinding(
    orgId: string,
    f: { id?: string | undefined; controlId: string; text: string; createdByName: string },
  ): Promise<AuditFinding> {
    const [row] = await this.sql.query<AuditFinding>(
      `insert into audit_findings (id, org_id, control_id, text, created_by_name) values ($1, $2, $3, $4, $5)
       returning ${FINDING}`,
      [f.id ?? randomUUID(), orgId, f.controlId, f.text.trim(), f.createdByName],
    );
    return row as AuditFinding;
  }

  /**
   * Marks the finding resolved by `byName`; resolving a resolved finding changes nothing (who resolved
   * it first stays). Null when the organization has no such finding.
   */
  async resolveFinding(orgId: string, id: string, byName: string): Promise<AuditFinding | null> {
    const [row] = await this.sql.query<AuditFinding>(
      `update audit_findings set status = 'resolved', resolved_by_name = $3, resolved_at = now()
       where org_id = $1 and id = $2 and status = 'open' returning ${FINDING}`,
      [orgId, id, byName],
    );
    return row ?? this.getFinding(orgId, id);
  }

  /** Opens a resolved finding again (who resolved it is forgotten); null when there is no such finding. */
  async reopenFinding(orgId: string, id: string): Promise<AuditFinding | null> {
    const [row] = await this.sql.query<AuditFinding>(
      `update audit_findings set status = 'open', resolved_by_name = null, resolved_at = null
       where org_id = $1 and id = $2 and status = 'resolved' returning ${FINDING}`,
      [orgId, id],
    );
    return row ?? this.getFinding(orgId, id);
  }

  /**
   * Records the partner's response, replacing an earlier one (an empty or null response clears it);
   * null when the organization has no such finding.
   */
  async respondToFinding(
    orgId: string,
    id: string,
    response: string | null,
    respondedByName: string | null = null,
  ): Promise<AuditFinding | null> {
    const text = response?.trim() || null;
    const [row] = await this.sql.query<AuditFinding>(
      `update audit_findings set response = $3::text,
         responded_by_name = case when $3::text is null then null else $4::text end,
         responded_at = case when $3::text is null then null else now() end
       where org_id = $1 and id = $2 returning ${FINDING}`,
      [orgId, id, text, respondedByName],
    );
    return row ?? null;
  }

  /* ---------------------------------------------------------------- gap reports (kept as issued) */

  /** `findings` is stored as given: the caller passes the findings as the report shows them. */
  async createGapReport(
    orgId: string,
    g: {
      id?: string | undefined;
      issuedOn: string;
      summary: string | null;
      findings: readonly object[];
      issuedByName: string;
    },
  ): Promise<AuditGapReport> {
    const [row] = await this.sql.query<AuditGapReport>(
      `insert into audit_gap_reports (id, org_id, issued_on, summary, findings, issued_by_name)
       values ($1, $2, $3, $4, $5, $6) returning ${GAP_REPORT}`,
      [g.id ?? randomUUID(), orgId, g.issuedOn, g.summary, json(g.findings), g.issuedByName],
    );
    return row as AuditGapReport;
  }

  /** Latest first: the first is the report in effect. */
  async listGapReports(orgId: string): Promise<AuditGapReport[]> {
    return this.sql.query<AuditGapReport>(
      `select ${GAP_REPORT} from audit_gap_reports where org_id = $1 order by issued_on desc, issued_at desc, id`,
      [orgId],
    );
  }

  /* ---------------------------------------------------------------- results */

  async createResult(
    orgId: string,
    r: {
      id?: string | undefined;
      module: AuditResultModule;
      result: AuditResultOutcome;
      date: string;
      checklistVersion: string;
      recordedByName: string;
      openFindings?: number | undefined;
    },
  ): Promise<AuditResultRecord> {
    const [row] = await this.sql.query<ResultRow>(
      `insert into audit_results (id, org_id, module, result, date, checklist_version, recorded_by_name,
         open_findings)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${RESULT}`,
      [
        r.id ?? randomUUID(),
        orgId,
        r.module,
        r.result,
        r.date,
        r.checklistVersion,
        r.recordedByName,
        r.openFindings ?? 0,
      ],
    );
    return presentResult(row as ResultRow);
  }

  /** Latest audit date first (ties: latest recorded first), withdrawn ones included. */
  async listResults(orgId: string): Promise<AuditResultRecord[]> {
    const rows = await this.sql.query<ResultRow>(
      `select ${RESULT} from audit_results where org_id = $1 order by date desc, recorded_at desc, id`,
      [orgId],
    );
    return rows.map(presentResult);
  }

  /** Null when the organization has no such result. */
  async getResult(orgId: string, id: string): Promise<AuditResultRecord | null> {
    const [row] = await this.sql.query<ResultRow>(
      `select ${RESULT} from audit_results where org_id = $1 and id = $2`,
      [orgId, id],
    );
    return row === undefined ? null : presentResult(row);
  }

  /**
   * Marks a result withdrawn, with who, when and why; it stays in the history. Null when the
   * organization has no such result or it was withdrawn already (the first withdrawal stays).
   */
  async withdrawResult(
    orgId: string,
    id: string,
    w: { byName: string; reason: string },
  ): Promise<AuditResultRecord | null> {
    const [row] = await this.sql.query<ResultRow>(
      `update audit_results set withdrawn_at = now(), withdrawn_by_name = $3, withdrawn_reason = $4
       where org_id = $1 and id = $2 and withdrawn_at is null returning ${RESULT}`,
      [orgId, id, w.byName, w.reason.trim()],
    );
    return row === undefined ? null : presentResult(row);
  }
}
