import { type CalendarDate, type KnowledgeDetails, type ReminderSnapshot, todayFrom } from "@specready/core";
import { repositories } from "@specready/db";
import type { AppContext } from "../app-context.js";
import { auditPlan, auditReadiness } from "../audit-workspace-service.js";
import { readinessOf } from "../evaluation-service.js";
import { selectionFor } from "../program-service.js";

/** A stored timestamp's calendar date, as the server's clock reads dates (`todayFrom`). */
function dateOf(timestamp: string): CalendarDate {
  return todayFrom(new Date(timestamp));
}

/**
 * What reminders are about in one organization on `today`, from the computations every page shows: the
 * evaluation (certifications of the knowledge rule, performance change dates), control readiness on the
 * planned audit date (when each project ages out), the audit plan's deadlines, the evidence register and
 * the open findings. Null when the organization is gone.
 */
export async function reminderSnapshot(
  ctx: AppContext,
  orgId: string,
  today: CalendarDate,
): Promise<ReminderSnapshot | null> {
  const r = repositories(ctx.db);
  const org = await r.organizations.get(orgId);
  if (org === undefined) return null;
  const [members, readiness, plan, evidence, findings, since] = await Promise.all([
    r.users.members(orgId),
    readinessOf(ctx, org, today, () => selectionFor(ctx, orgId, today)),
    auditPlan(ctx, orgId),
    r.evidence.list(orgId),
    r.audit.listFindings(orgId),
    r.reminders.evidenceStatusSince(orgId),
  ]);
  const knowledge = readiness.evaluation.requirements.find((q) => q.id === "knowledge");
  const people = (knowledge?.details as KnowledgeDetails | undefined)?.people ?? [];
  let projects: ReminderSnapshot["projects"] = [];
  if (plan.auditDate !== null) {
    const controls = (await auditReadiness(ctx, orgId, plan.auditDate)).controls;
    const seen = new Map<string, ReminderSnapshot["projects"][number]>();
    for (const c of controls)
      for (const customer of c.customers)
        for (const p of customer.projects)
          seen.set(p.projectId, {
            id: p.projectId,
            name: `${p.project} (${customer.name ?? customer.tenantId})`,
            agesOutOn: p.agesOutOn,
          });
    projects = [...seen.values()];
  }
  return {
    orgName: org.name,
    members: members.map((m) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role })),
    certifications: people.flatMap((p) =>
      p.certifications.map((c) => ({
        personId: p.personId,
        personName: p.name,
        certification: c.certification,
        expiresOn: c.expiresOn,
        renewableUntil: c.renewableUntil,
        counting: c.counting,
      })),
    ),
    auditDate: plan.auditDate,
    projects,
    performanceChanges: readiness.evaluation.timeline.filter((e) => e.requirement === "performance"),
    evidence: evidence.map((e) => ({
      id: e.id,
      title: e.title,
      status: e.status,
      since: dateOf(since.get(e.id) ?? e.updatedAt),
      authorUserId: e.authorId ?? e.createdById,
    })),
    openFindings: findings
      .filter((f) => f.status === "open")
      .map((f) => ({ id: f.id, controlId: f.controlId, text: f.text, openedOn: dateOf(f.createdAt) })),
    auditSteps: plan.timeline.map((s) => ({ id: s.id, step: s.step, due: s.due })),
  };
}
