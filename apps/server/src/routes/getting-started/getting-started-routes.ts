import { createRoute } from "@hono/zod-openapi";
import { inputGuides, todayFrom } from "@specready/core";
import guidesJson from "@specready/core/guides/partner-center-inputs.json" with { type: "json" };
import sourcesJson from "@specready/core/sources/sources.json" with { type: "json" };
import { repositories } from "@specready/db";
import { GettingStarted } from "../../api/people-schemas.js";
import { errorResponses, json, OrgParams } from "../../api/schemas.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { loadAuditWorkspace } from "../../services/audit-workspace-service.js";
import { selectionFor } from "../../services/program-service.js";

const getGettingStarted = createRoute({
  method: "get",
  path: "/orgs/{orgId}/getting-started",
  tags: ["Getting started"],
  summary:
    "The checklist of the readiness inputs: where each lives in Partner Center (menu path and report, with sources), the form or upload that brings it in, and whether the workspace has it",
  request: { params: OrgParams },
  responses: { 200: json(GettingStarted, "The checklist"), ...errorResponses(401, 404) },
});

const sources = new Map(sourcesJson.sources.map((s) => [s.key, { title: s.title, url: s.url }]));
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function registerGettingStartedRoutes(routes: SecuredRoutes): void {
  routes.add(getGettingStarted, { kind: "org", action: "organization.read" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    const ctx = c.var.ctx;
    const { program } = await selectionFor(ctx, orgId, todayFrom(ctx.now()));
    const r = repositories(ctx.db);
    const [months, people, entries, records, workspace] = await Promise.all([
      // The months only, not their summaries (megabytes of JSON for a large export).
      r.imports.effectiveUsageMonths(orgId, { summaries: false }),
      r.people.list(orgId),
      r.capabilityScore.list(orgId),
      r.imports.effectiveRecords(orgId, ["certifications", "capability-score"]),
      loadAuditWorkspace(ctx.db, orgId),
    ]);
    const rows = people.reduce((n, p) => n + p.certifications.length, 0);
    const monthList = [...new Set(months.map((m) => m.month))].sort();
    const evidence = workspace.evidence.length + (workspace.importedEvidence?.length ?? 0);
    const latestEntry = entries[entries.length - 1];
    const state: Record<string, { done: boolean; status: string }> = {
      "azure-usage": {
        done: monthList.length > 0,
        status:
          monthList.length === 0
            ? "No usage imported yet."
            : `${count(monthList.length, "month", "months")} imported, ${monthList[0]} to ${monthList[monthList.length - 1]}.`,
      },
      certifications: {
        done: rows > 0 || records.has("certifications"),
        status:
          rows === 0
            ? "No certified people yet."
            : `${count(people.length, "person", "people")} with ${count(rows, "certification", "certifications")}.`,
      },
      "capability-score": {
        done: latestEntry !== undefined || records.has("capability-score"),
        status:
          latestEntry === undefined
            ? "No score entered yet."
            : `${count(entries.length, "entry", "entries")}, the latest as shown on ${latestEntry.shownOn}.`,
      },
      "audit-evidence": {
        done: evidence > 0,
        status: evidence === 0 ? "No evidence yet." : `${count(evidence, "evidence row", "evidence rows")}.`,
      },
    };
    const steps = inputGuides(guidesJson, program, sources).map((g) => ({
      ...g,
      where: g.where === null ? null : [...g.where],
      sources: [...g.sources],
      ...(state[g.kind] ?? { done: false, status: "" }),
    }));
    return c.json({ steps, done: steps.filter((s) => s.done).length, total: steps.length }, 200);
  });
}
