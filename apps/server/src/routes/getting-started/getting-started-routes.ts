import { createRoute } from "@hono/zod-openapi";
import { inputGuides, todayFrom } from "@specready/core";
import guidesJson from "@specready/core/guides/partner-center-inputs.json" with { type: "json" };
import sourcesJson from "@specready/core/sources/sources.json" with { type: "json" };
import { repositories } from "@specready/db";
import { GettingStarted } from "../../api/people-schemas.js";
import { errorResponses, json, OrgParams } from "../../api/schemas.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";
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
    // Counts only, made by the database: the checklist shows how much each input holds, never the
    // records themselves (the people, the evidence and the imported files read whole would cost the
    // server's thread tens of milliseconds on every dashboard load, and grow with the workspace).
    const [months, people, score, imported, evidence] = await Promise.all([
      // The months only, not their summaries (megabytes of JSON for a large export).
      r.imports.effectiveUsageMonths(orgId, { summaries: false }),
      r.people.counts(orgId),
      r.capabilityScore.summary(orgId),
      r.imports.effectiveRecordCounts(orgId, ["certifications", "capability-score", "audit-evidence"]),
      r.evidence.count(orgId),
    ]);
    const monthList = [...new Set(months.map((m) => m.month))].sort();
    const evidenceRows = evidence + (imported.get("audit-evidence") ?? 0);
    const state: Record<string, { done: boolean; status: string }> = {
      "azure-usage": {
        done: monthList.length > 0,
        status:
          monthList.length === 0
            ? "No usage imported yet."
            : `${count(monthList.length, "month", "months")} imported, ${monthList[0]} to ${monthList[monthList.length - 1]}.`,
      },
      certifications: {
        done: people.certifications > 0 || imported.has("certifications"),
        status:
          people.certifications === 0
            ? "No certified people yet."
            : `${count(people.people, "person", "people")} with ${count(people.certifications, "certification", "certifications")}.`,
      },
      "capability-score": {
        done: score.latestShownOn !== null || imported.has("capability-score"),
        status:
          score.latestShownOn === null
            ? "No score entered yet."
            : `${count(score.entries, "entry", "entries")}, the latest as shown on ${score.latestShownOn}.`,
      },
      "audit-evidence": {
        done: evidenceRows > 0,
        status:
          evidenceRows === 0
            ? "No evidence yet."
            : `${count(evidenceRows, "evidence row", "evidence rows")}.`,
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
