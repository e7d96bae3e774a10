import { createRoute, z } from "@hono/zod-openapi";
import {
  type CalendarDate,
  canonicalAreaName,
  capabilityScoreCsv,
  type DesignationRecord,
  scoreHistory,
} from "@specready/core";
import { repositories } from "@specready/db";
import { bodyLimit } from "hono/body-limit";
import { CapabilityScoreView, ScoreEntry, ScoreEntryInput } from "../../api/people-schemas.js";
import { errorResponses, json, OrgParams, Uuid } from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { AppError } from "../../errors/app-error.js";
import { answerOf } from "../../http/domain-errors.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { deleteScoreEntry, recordScore } from "../../services/capability-score/score-commands.js";
import { scoreEntriesOf, workspaceScore } from "../../services/capability-score/workspace-score.js";

const tags = ["Capability score"];
const EntryParams = OrgParams.extend({ entryId: Uuid });
const SCORE_BODY_LIMIT = 16 * 1024;

const getScore = createRoute({
  method: "get",
  path: "/orgs/{orgId}/capability-score",
  tags,
  summary:
    "The capability score's metrics, every entry (typed or imported) with its date, the history of each area's total against the minimum, and the score in effect",
  request: { params: OrgParams },
  responses: { 200: json(CapabilityScoreView, "The capability score"), ...errorResponses(401, 404) },
});

const exportScore = createRoute({
  method: "get",
  path: "/orgs/{orgId}/capability-score/export",
  tags,
  summary: "The score in effect as capability-score.csv (the contract's columns), as the evaluation reads it",
  request: { params: OrgParams },
  responses: {
    200: { description: "capability-score.csv", content: { "text/csv": { schema: z.string() } } },
    ...errorResponses(401, 404),
  },
});

const recordEntry = createRoute({
  method: "post",
  path: "/orgs/{orgId}/capability-score/entries",
  tags,
  summary: "Enter one solution area's points as shown in Partner Center on a date (every metric)",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: ScoreEntryInput } } },
  },
  responses: { 201: json(ScoreEntry, "Entered"), ...errorResponses(400, 401, 403, 404, 413) },
});

const deleteEntry = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/capability-score/entries/{entryId}",
  tags,
  summary: "Remove an entry typed in the form (an imported one goes with the import's undo)",
  request: { params: EntryParams },
  responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404, 409) },
});

function entryView(
  e: Awaited<ReturnType<ReturnType<typeof repositories>["capabilityScore"]["list"]>>[number],
) {
  return {
    id: e.id,
    shownOn: e.shownOn,
    kind: e.importId === null ? ("form" as const) : ("import" as const),
    solutionArea: e.solutionArea,
    points: e.points,
    importId: e.importId,
    importFileName: e.importFileName,
    createdByName: e.createdByName,
    createdAt: e.createdAt,
  };
}

export function registerCapabilityScoreRoutes(routes: SecuredRoutes): void {
  routes.app.use(
    "/orgs/:orgId/capability-score/*",
    bodyLimit({
      maxSize: SCORE_BODY_LIMIT,
      onError: () => {
        throw new AppError(
          413,
          "request.too_large",
          `A capability score request body holds at most ${SCORE_BODY_LIMIT / 1024} KB.`,
        );
      },
    }),
  );

  routes.add(getScore, { kind: "org", action: "capability-score.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    const { db, program } = c.var.ctx;
    const r = repositories(db);
    const [entries, effective] = await Promise.all([
      r.capabilityScore.list(orgId),
      r.imports.effectiveRecords(orgId, ["capability-score", "designation"]),
    ]);
    const inEffect = await workspaceScore(db, program, orgId, effective.get("capability-score"));
    const designation = (effective.get("designation")?.records ?? []) as DesignationRecord[];
    return c.json(
      {
        areas: program.designation.eligibleAreas.map((a) => a.name),
        metrics: program.designation.metrics.map((m) => ({
          name: m.name,
          category: m.category,
          maxPoints: m.maxPoints ?? null,
        })),
        minimumTotalPoints: program.designation.minimumTotalPoints,
        everyMetricAbove: program.designation.everyMetricAbove,
        entries: eachWithActions(role, "scoreEntry", entries.map(entryView)),
        history: scoreHistory(program, scoreEntriesOf(entries)),
        inEffect: (inEffect?.records ?? []).map((rec) => ({
          solutionArea: rec.solutionArea,
          metric: rec.metric,
          points: rec.points,
        })),
        anniversaries: designation.flatMap((d) =>
          d.anniversaryDate === undefined
            ? []
            : [{ area: canonicalAreaName(program, d.solutionArea), anniversaryDate: d.anniversaryDate }],
        ),
      },
      200,
    );
  });

  routes.add(exportScore, { kind: "org", action: "capability-score.read" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    const { db, program } = c.var.ctx;
    const latest = (await repositories(db).imports.effectiveRecords(orgId, ["capability-score"])).get(
      "capability-score",
    );
    const inEffect = await workspaceScore(db, program, orgId, latest);
    return c.body([...capabilityScoreCsv(inEffect?.records ?? [])].join(""), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="capability-score.csv"',
    });
  });

  routes.add(recordEntry, { kind: "org", action: "capability-score.write" }, async (c, auth) => {
    const access = commandAccess(auth);
    const input = c.req.valid("json");
    const entry = answerOf(
      await recordScore(c.var.ctx, access, { ...input, shownOn: input.shownOn as CalendarDate }),
    );
    return c.json(withActions(access.role, "scoreEntry", entryView(entry)), 201);
  });

  routes.add(deleteEntry, { kind: "org", action: "capability-score.write" }, async (c, auth) => {
    const { entryId } = c.req.valid("param");
    answerOf(await deleteScoreEntry(c.var.ctx, commandAccess(auth), { entryId }));
    return c.body(null, 204);
  });
}
