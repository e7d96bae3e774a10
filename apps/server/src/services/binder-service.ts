import type { Readable } from "node:stream";
import {
  type CalendarDate,
  controlReadiness,
  evidenceItemCounts,
  type Program,
  todayFrom,
  workspaceAuditEvidence,
} from "@specready/core";
import { type EvidenceForReadiness, repositories } from "@specready/db";
import { type BinderLayout, layoutBinder } from "../binder/binder-layout.js";
import type { BinderControl, BinderCustomer, BinderItem, BinderModel } from "../binder/binder-model.js";
import type { AppContext } from "./app-context.js";
import { evidenceVersions, loadAuditWorkspace } from "./audit-workspace-service.js";

/*
 * The evidence binder of an organization: readiness at the planned audit date (today when none is
 * planned), the approved evidence under each control and customer it backs (with `includePending`, also
 * the evidence not approved yet, marked with its status), and check-data/ with the register's approved
 * evidence as the contract's audit-evidence rows plus the audit history, so `specready check` on the
 * binder agrees with the dashboard. The model is built from the database; `writeBinder` streams it.
 */

export interface BinderOptions {
  /** Also bind evidence not approved yet (drafts, submitted, changes requested), marked with its status. */
  readonly includePending?: boolean | undefined;
  /** Measure readiness on this date instead of the planned audit date. */
  readonly date?: CalendarDate | undefined;
  /**
   * The program of the specialization the binder is for (default: the AI Platform's, `ctx.program`).
   * Module A is shared: its evidence is in the binder of each specialization audited with Module A.
   */
  readonly program?: Program | undefined;
}

/** Builds the binder model of an organization at its audit date. */
export async function binderModel(
  ctx: AppContext,
  orgId: string,
  organization: string,
  generatedBy: string,
  options: BinderOptions = {},
): Promise<BinderModel> {
  const { date, includePending = false } = options;
  const program = options.program ?? ctx.program;
  const [workspace, plan] = await Promise.all([
    loadAuditWorkspace(ctx.db, orgId),
    repositories(ctx.db).audit.getPlan(orgId),
  ]);
  const now = ctx.now();
  // The planned audit date, or today when none is planned (as the readiness page measures).
  const measuredOn = date ?? plan?.auditDate ?? todayFrom(now);
  const readiness = controlReadiness(program, workspace, measuredOn, todayFrom(now));
  const byId = new Map<string, EvidenceForReadiness>(workspace.evidenceRows.map((e) => [e.id, e]));

  const controls: BinderControl[] = readiness.controls.map((control) => {
    const customers: BinderCustomer[] = [];
    for (const customer of control.customers) {
      const items: BinderItem[] = [];
      for (const project of customer.projects) {
        for (const listed of project.items) {
          const item = byId.get(listed.id);
          // Only approved evidence (for its current content) unless asked for everything.
          if (item === undefined || (!listed.approved && !includePending)) continue;
          items.push(binderItem(item, project.project, project.completionDate));
        }
      }
      // A customer known only from an imported audit-evidence file has no stored evidence to bind (its
      // rows travel in check-data/), nor has one whose evidence is all pending when that is left out.
      if (items.length === 0) continue;
      customers.push({
        tenantId: customer.tenantId,
        name: customer.name,
        projects: customer.projects.map((p) => ({ name: p.project, completionDate: p.completionDate })),
        counts: customer.counts,
        items,
      });
    }
    return {
      id: control.id,
      module: control.module,
      title: control.title,
      status: control.status,
      customerCount: control.customerCount,
      pending: { items: control.pending.items, customers: control.pending.customers },
      required: control.required,
      minimumArtifactsPerCustomer: control.artifactsNeeded,
      specialty: control.specialty?.chosen ?? null,
      missing: control.missing.length === 0 ? null : control.missing.join(" "),
      customers,
    };
  });

  const checkData = workspaceAuditEvidence(program, workspace);
  const waiver = readiness.waiver;
  return {
    organization,
    generatedAt: now.toISOString(),
    generatedBy,
    program: { id: program.id, name: program.name },
    plan: {
      applicationDate: plan?.applicationDate ?? null,
      auditDate: measuredOn,
      modules: plan?.modules ?? (readiness.moduleAWaived ? "B" : "A+B"),
      checklists: readiness.checklists,
    },
    moduleAWaived: readiness.moduleAWaived,
    contents: includePending ? "all" : "approved",
    waiverText:
      waiver === null
        ? null
        : `Module ${waiver.module} passed on ${waiver.date}; the waiver holds until ${waiver.until} (${waiver.basis}).`,
    summary: {
      controlsMet: controls.filter((c) => c.status !== "not_met").length,
      controlsTotal: controls.length,
      ready: readiness.status === "met",
    },
    controls,
    checkData: {
      auditEvidence: checkData.map((row) => ({
        module: row.module,
        control: row.control,
        customerTenantId: row.customerTenantId,
        customerName: row.customerName ?? null,
        deploymentDate: row.deploymentDate,
        evidence: row.evidence ?? null,
      })),
      auditHistory: workspace.history.map((h) => ({ module: h.module, result: h.result, date: h.date })),
    },
  };
}

function binderItem(item: EvidenceForReadiness, project: string, completionDate: string): BinderItem {
  const counts = evidenceItemCounts({ status: item.status, ...evidenceVersions(item) });
  const base = {
    evidenceId: item.id,
    title: item.title,
    artifactType: item.artifactType,
    status: item.status,
    // The approval shown is one for the content bound here (an approval of an earlier revision is not).
    approval:
      counts && item.approval !== null
        ? { by: item.approval.by, at: item.approval.at, selfApproved: item.approval.selfApproved }
        : null,
    project,
    completionDate,
    kind: item.kind,
  };
  if (item.kind === "link") return { ...base, url: item.url ?? "" };
  if (item.kind === "note") return { ...base, note: item.note ?? "" };
  const rev = item.currentRevision;
  if (rev === null) return base;
  return {
    ...base,
    file: {
      storageKey: rev.storageKey,
      fileName: rev.fileName,
      size: rev.size,
      sha256: rev.sha256,
      mediaType: rev.mediaType,
      revision: rev.revision,
      uploadedAt: rev.uploadedAt,
      uploadedBy: rev.uploadedBy,
    },
  };
}

/**
 * What a binder holds, counted as its manifest.csv lists it: `files` is its number of lines (one per
 * evidence file in the ZIP: uploaded files, and the .url and .txt files made for links and notes).
 */
export interface BinderCounts {
  readonly files: number;
  readonly uploadedFiles: number;
  readonly links: number;
  readonly notes: number;
  /** Of those, not approved yet (only with evidence pending review included). */
  readonly notApproved: number;
  readonly selfApproved: number;
  /** Bytes of the evidence files. */
  readonly bytes: number;
}

export function binderCounts(layout: BinderLayout): BinderCounts {
  const entries = layout.entries;
  const of = (kind: string) => entries.filter((e) => e.item.kind === kind).length;
  return {
    files: entries.length,
    uploadedFiles: of("file"),
    links: of("link"),
    notes: of("note"),
    notApproved: entries.filter((e) => e.item.approval === null).length,
    selfApproved: entries.filter((e) => e.item.approval?.selfApproved === true).length,
    bytes: entries.reduce((n, e) => n + e.size, 0),
  };
}

/** "61 files: 58 uploaded, 3 links and notes; 2 self-approved". */
export function binderCountsText(c: BinderCounts): string {
  const parts = [`${c.uploadedFiles} uploaded`];
  if (c.links + c.notes > 0)
    parts.push(`${c.links + c.notes} ${c.links + c.notes === 1 ? "link or note" : "links and notes"}`);
  const extra: string[] = [];
  if (c.notApproved > 0) extra.push(`${c.notApproved} not approved yet`);
  if (c.selfApproved > 0) extra.push(`${c.selfApproved} self-approved`);
  return `${c.files} ${c.files === 1 ? "file" : "files"}: ${parts.join(", ")}${extra.length > 0 ? `; ${extra.join(", ")}` : ""}`;
}

/** Starts streaming the binder; says what it carries, counted as its manifest lists it. */
export async function streamBinder(
  ctx: AppContext,
  orgId: string,
  organization: string,
  generatedBy: string,
  options: BinderOptions = {},
): Promise<{ stream: Readable; counts: BinderCounts; model: BinderModel }> {
  const model = await binderModel(ctx, orgId, organization, generatedBy, options);
  const layout = layoutBinder(model);
  // Loaded on first use: pdfkit and its fonts are about 14 MB an idle server does not need.
  const { writeBinder } = await import("../binder/write-binder.js");
  const stream = writeBinder(model, (key) => ctx.evidenceStore.open(key), layout);
  return { stream, counts: binderCounts(layout), model };
}

/** `specready-binder-<organization>-<date>.zip`, ASCII letters, digits and hyphens only. */
export function binderFileName(organization: string, now: Date): string {
  const slug =
    organization
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "organization";
  return `specready-binder-${slug}-${now.toISOString().slice(0, 10)}.zip`;
}
