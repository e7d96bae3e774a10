import type { Readable } from "node:stream";

/*
 * What the evidence binder is made of, independent of the database: the route builds it from the
 * workspace (readiness at the audit date, the register, the stored revisions) and `writeBinder` turns it
 * into the ZIP an auditor downloads. Keeping the binder off the database lets it be tested with files in
 * a temporary folder and keeps one shape for every store (disk or Azure Blob Storage).
 */

/** Everything the binder shows: the cover, the readiness summary, the controls and the check data. */
export interface BinderModel {
  /** The partner organization's name. */
  readonly organization: string;
  /** ISO timestamp; also the modification time of every ZIP entry, so a binder is reproducible. */
  readonly generatedAt: string;
  /** The person who downloaded the binder. */
  readonly generatedBy: string;
  readonly program: { readonly id: string; readonly name: string };
  readonly plan: BinderPlan;
  readonly moduleAWaived: boolean;
  readonly waiverText: string | null;
  /**
   * What evidence the binder holds: `approved` — approved evidence only (what counts), the default; or
   * `all` — also the evidence not approved yet, each item marked with its review status.
   */
  readonly contents: "approved" | "all";
  /** Audit readiness at the audit date. */
  readonly summary: { readonly controlsMet: number; readonly controlsTotal: number; readonly ready: boolean };
  /** In checklist order, Module A then Module B (the binder keeps this order within a module). */
  readonly controls: readonly BinderControl[];
  /** The rows of `check-data/`, so `specready check` on the unzipped binder gives the same answer. */
  readonly checkData: {
    readonly auditEvidence: readonly AuditEvidenceRow[];
    readonly auditHistory: readonly AuditHistoryRow[];
  };
}

/** The audit plan as the cover shows it. */
export interface BinderPlan {
  /** Calendar dates, `YYYY-MM-DD`. */
  readonly applicationDate: string | null;
  readonly auditDate: string | null;
  readonly modules: "B" | "A+B";
  /** The checklist version of each module live on the audit date. */
  readonly checklists: { readonly A: string; readonly B: string };
}

/** One checklist control, evaluated at the audit date. */
export interface BinderControl {
  /** "A1.1", "B2.3". */
  readonly id: string;
  readonly module: "A" | "B";
  readonly title: string;
  readonly status: "met" | "not_met" | "waived";
  /** Customers that count for the control at the audit date (approved evidence only). */
  readonly customerCount: number;
  /** Evidence not approved yet: its items, and the customers that would count once it is approved. */
  readonly pending: { readonly items: number; readonly customers: number };
  /** Customers the control requires. */
  readonly required: number;
  readonly minimumArtifactsPerCustomer: number | null;
  /** The practice specialty chosen, for controls that ask for one. */
  readonly specialty: string | null;
  /** What is still missing, in plain words; null when nothing is. */
  readonly missing: string | null;
  readonly customers: readonly BinderCustomer[];
}

/** A customer with evidence for one control. */
export interface BinderCustomer {
  readonly tenantId: string;
  readonly name: string | null;
  readonly projects: readonly { readonly name: string; readonly completionDate: string }[];
  /** Whether the customer counts for the control at the audit date. */
  readonly counts: boolean;
  readonly items: readonly BinderItem[];
}

/** The stored revision of an evidence file, as the database records it. */
export interface BinderFile {
  /** The key the evidence store opens; never shown. */
  readonly storageKey: string;
  /** The name the file was uploaded under. */
  readonly fileName: string;
  readonly size: number;
  /** Lowercase hex SHA-256 recorded at upload; the binder checks the bytes against it. */
  readonly sha256: string;
  readonly mediaType: string;
  readonly revision: number;
  /** ISO timestamp. */
  readonly uploadedAt: string;
  /** Person name. */
  readonly uploadedBy: string;
}

/**
 * One piece of evidence for one control and customer. An item linked to several controls is listed
 * under each of them, and the binder puts a copy in each control's folder.
 */
export interface BinderItem {
  readonly evidenceId: string;
  readonly title: string;
  readonly artifactType: string;
  /** Review status ("draft", "ready", "approved", "changes_requested"). */
  readonly status: string;
  /** The approval in effect (for the content in the binder), or null. */
  readonly approval: BinderApproval | null;
  readonly project: string;
  /** `YYYY-MM-DD`. */
  readonly completionDate: string;
  readonly kind: "file" | "link" | "note";
  /** Required when `kind` is "file". */
  readonly file?: BinderFile | undefined;
  /** Required when `kind` is "link". */
  readonly url?: string | undefined;
  /** Required when `kind` is "note". */
  readonly note?: string | undefined;
}

/** Who approved an item and when; self-approved when they had produced it themselves. */
export interface BinderApproval {
  readonly by: string;
  /** ISO timestamp. */
  readonly at: string;
  readonly selfApproved: boolean;
}

/** A row of the contract's `audit-evidence` file. */
export interface AuditEvidenceRow {
  readonly module: string;
  readonly control: string;
  readonly customerTenantId: string;
  readonly customerName: string | null;
  /** `YYYY-MM-DD`. */
  readonly deploymentDate: string;
  readonly evidence: string | null;
}

/** A row of the contract's `audit-history` file. */
export interface AuditHistoryRow {
  readonly module: string;
  readonly result: "Pass" | "No Pass";
  /** `YYYY-MM-DD`. */
  readonly date: string;
}

/** Opens the stored bytes of an evidence file (the evidence store's `open`). */
export type OpenEvidenceFile = (storageKey: string) => Promise<Readable>;
