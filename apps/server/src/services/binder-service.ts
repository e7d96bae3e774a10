import type { Readable } from "node:stream";
import { type CalendarDate, controlReadiness, todayFrom, workspaceAuditEvidence } from "@specready/core";
import { type EvidenceForReadiness, repositories } from "@specready/db";
import type { BinderControl, BinderCustomer, BinderItem, BinderModel } from "../binder/binder-model.js";
import { writeBinder } from "../binder/write-binder.js";
import type { AppContext } from "./app-context.js";
import { loadAuditWorkspace } from "./audit-workspace-service.js";

/*
 * The evidence binder of an organization: readiness at the planned audit date (today when none is
 * planned), every evidence item under each control and customer it backs, and check-data/ with the
 * register as the contract's audit-evidence rows plus the audit history, so `specready check` on the
 * binder agrees with the dashboard. The model is built from the database; `writeBinder` streams it.
 */

/** Builds the binder model of an organization at its audit date. */
export async function binderModel(
  ctx: AppContext,
  orgId: string,
  organization: string,
  generatedBy: string,
  date?: CalendarDate,
): Promise<BinderModel> {
  const [workspace, plan] = await Promise.all([
    loadAuditWorkspace(ctx.db, orgId),
    repositories(ctx.db).audit.getPlan(orgId),
  ]);
  const now = ctx.now();
  // The planned audit date, or today when none is planned (as the readiness page measures).
  const measuredOn = date ?? plan?.auditDate ?? todayFrom(now);
  const readiness = controlReadiness(ctx.program, workspace, measuredOn, todayFrom(now));
  const byId = new Map<string, EvidenceForReadiness>(workspace.evidenceRows.map((e) => [e.id, e]));

  const controls: BinderControl[] = readiness.controls.map((control) => {
    const customers: BinderCustomer[] = [];
    for (const customer of control.customers) {
      const items: BinderItem[] = [];
      for (const project of customer.projects) {
        for (const listed of project.items) {
          const item = byId.get(listed.id);
          if (item === undefined) continue;
          items.push(binderItem(item, project.project, project.completionDate));
        }
      }
      // A customer known only from an imported audit-evidence file has no stored evidence to bind;
      // its rows travel in check-data/.
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
      required: control.required,
      minimumArtifactsPerCustomer: control.artifactsNeeded,
      specialty: control.specialty?.chosen ?? null,
      missing: control.missing.length === 0 ? null : control.missing.join(" "),
      customers,
    };
  });

  const checkData = workspaceAuditEvidence(ctx.program, workspace);
  const waiver = readiness.waiver;
  return {
    organization,
    generatedAt: now.toISOString(),
    generatedBy,
    program: { id: ctx.program.id, name: ctx.program.name },
    plan: {
      applicationDate: plan?.applicationDate ?? null,
      auditDate: measuredOn,
      modules: plan?.modules ?? (readiness.moduleAWaived ? "B" : "A+B"),
      checklists: readiness.checklists,
    },
    moduleAWaived: readiness.moduleAWaived,
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
  const base = {
    evidenceId: item.id,
    title: item.title,
    artifactType: item.artifactType,
    status: item.status,
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

/** Starts streaming the binder; says how many evidence files and bytes it carries. */
export async function streamBinder(
  ctx: AppContext,
  orgId: string,
  organization: string,
  generatedBy: string,
): Promise<{ stream: Readable; files: number; bytes: number; model: BinderModel }> {
  const model = await binderModel(ctx, orgId, organization, generatedBy);
  let files = 0;
  let bytes = 0;
  for (const control of model.controls)
    for (const customer of control.customers)
      for (const item of customer.items)
        if (item.file !== undefined) {
          files += 1;
          bytes += item.file.size;
        }
  const stream = writeBinder(model, (key) => ctx.evidenceStore.open(key));
  return { stream, files, bytes, model };
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
