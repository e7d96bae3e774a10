import { createRoute, z } from "@hono/zod-openapi";
import {
  type CertificationRecord,
  certificationStatusAt,
  certificationsCsv,
  classifyCertifications,
  knownKnowledge,
  lookupsOf,
  type Program,
  todayFrom,
} from "@specready/core";
import { type Role, repositories, type Person as StoredPerson } from "@specready/db";
import { bodyLimit } from "hono/body-limit";
import {
  CertificationInput,
  CertificationPatch,
  PeopleList,
  Person,
  PersonCertification,
  PersonInput,
  PersonPatch,
} from "../../api/people-schemas.js";
import { errorResponses, json, OrgParams, Uuid } from "../../api/schemas.js";
import { withActions } from "../../auth/allowed-actions.js";
import { AppError, errors } from "../../errors/app-error.js";
import { answerOf } from "../../http/domain-errors.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import type { AppContext } from "../../services/app-context.js";
import {
  addCertification,
  createPerson,
  deleteCertification,
  deletePerson,
  updateCertification,
  updatePerson,
} from "../../services/people/people-commands.js";
import { workspaceCertifications } from "../../services/people/workspace-certifications.js";
import { selectionFor } from "../../services/program-service.js";

const tags = ["People"];
const PersonParams = OrgParams.extend({ personRef: Uuid });
const CertificationParams = PersonParams.extend({ certificationId: Uuid });
/** A person with fifty certifications is far under this; anything bigger is not a form. */
export const PEOPLE_BODY_LIMIT = 64 * 1024;

const listPeople = createRoute({
  method: "get",
  path: "/orgs/{orgId}/people",
  tags,
  summary:
    "The certified people and their certifications, each with where it stands today, and the certifications to choose from",
  request: { params: OrgParams },
  responses: { 200: json(PeopleList, "People"), ...errorResponses(401, 404) },
});

const exportPeople = createRoute({
  method: "get",
  path: "/orgs/{orgId}/people/export",
  tags,
  summary:
    "The certifications the evaluation reads, as certifications.csv (the contract's columns): `specready check` on it gives the same knowledge result",
  request: { params: OrgParams },
  responses: {
    200: { description: "certifications.csv", content: { "text/csv": { schema: z.string() } } },
    ...errorResponses(401, 404),
  },
});

const createPersonRoute = createRoute({
  method: "post",
  path: "/orgs/{orgId}/people",
  tags,
  summary: "Add a certified person, with the certifications they hold",
  request: {
    params: OrgParams,
    body: { required: true, content: { "application/json": { schema: PersonInput } } },
  },
  responses: { 201: json(Person, "Added"), ...errorResponses(400, 401, 403, 404, 409, 413) },
});

const updatePersonRoute = createRoute({
  method: "patch",
  path: "/orgs/{orgId}/people/{personRef}",
  tags,
  summary: "Change a person's PersonId or name",
  request: {
    params: PersonParams,
    body: { required: true, content: { "application/json": { schema: PersonPatch } } },
  },
  responses: { 200: json(Person, "Changed"), ...errorResponses(400, 401, 403, 404, 409, 413) },
});

const deletePersonRoute = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/people/{personRef}",
  tags,
  summary: "Remove a person and their certifications",
  request: { params: PersonParams },
  responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404) },
});

const addCertificationRoute = createRoute({
  method: "post",
  path: "/orgs/{orgId}/people/{personRef}/certifications",
  tags,
  summary: "Note a certification a person earned (from the program's list or free text)",
  request: {
    params: PersonParams,
    body: { required: true, content: { "application/json": { schema: CertificationInput } } },
  },
  responses: { 201: json(PersonCertification, "Added"), ...errorResponses(400, 401, 403, 404, 413) },
});

const updateCertificationRoute = createRoute({
  method: "patch",
  path: "/orgs/{orgId}/people/{personRef}/certifications/{certificationId}",
  tags,
  summary: "Change a certification row (the next import shows it as a conflict rather than overwrite it)",
  request: {
    params: CertificationParams,
    body: { required: true, content: { "application/json": { schema: CertificationPatch } } },
  },
  responses: { 200: json(PersonCertification, "Changed"), ...errorResponses(400, 401, 403, 404, 413) },
});

const deleteCertificationRoute = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/people/{personRef}/certifications/{certificationId}",
  tags,
  summary: "Remove a certification row",
  request: { params: CertificationParams },
  responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404) },
});

type PersonView = Omit<z.infer<typeof Person>, "allowedActions">;

/** A stored person with where each certification stands on `asOf` under `program`. */
function viewOf(program: Program, person: StoredPerson, asOf: string): PersonView {
  const records: CertificationRecord[] = person.certifications.map((c) => ({
    personId: person.personId,
    certification: c.certification,
    earnedDate: c.earnedOn ?? undefined,
    expirationDate: c.expiresOn ?? undefined,
    associated: c.associated ?? undefined,
    source: { file: "", line: 0 },
  })) as CertificationRecord[];
  const classified = classifyCertifications(program, records);
  return {
    ...person,
    certifications: person.certifications.map((c, i) => {
      const k = classified[i];
      if (k === undefined) throw new Error("classification lost a row");
      return {
        id: c.id,
        certification: c.certification,
        earnedOn: c.earnedOn,
        expiresOn: c.expiresOn,
        associated: c.associated,
        effectiveExpiry: k.expiresOn ?? null,
        status: certificationStatusAt(k, asOf as never),
        countsAs: k.definition?.id ?? null,
        origin: c.importId === null ? ("workspace" as const) : ("import" as const),
        importId: c.importId,
        sourceLine: c.sourceLine,
        editedAt: c.editedAt,
        editedByName: c.editedByName,
        updatedAt: c.updatedAt,
      };
    }),
  };
}

/** The certifications to choose from: the program's, those it also accepts, and the credential registry's. */
function choicesOf(program: Program) {
  const lookups = lookupsOf(program);
  const seen = new Map<string, { id: string; title: string; countsAs: string | null }>();
  for (const c of knownKnowledge(program)?.certifications ?? []) {
    seen.set(c.id, { id: c.id, title: c.title, countsAs: c.id });
    for (const a of c.alsoAccepted ?? []) seen.set(a.id, { id: a.id, title: a.title, countsAs: c.id });
  }
  for (const [id, credential] of program.credentials)
    if (!seen.has(id))
      seen.set(id, {
        id,
        title: credential.certification,
        countsAs: lookups.certifications.get(id.toLowerCase())?.id ?? null,
      });
  return [...seen.values()];
}

export function registerPeopleRoutes(routes: SecuredRoutes): void {
  routes.app.use(
    "/orgs/:orgId/people/*",
    bodyLimit({
      maxSize: PEOPLE_BODY_LIMIT,
      onError: () => {
        throw new AppError(
          413,
          "request.too_large",
          `A People request body holds at most ${PEOPLE_BODY_LIMIT / 1024} KB.`,
        );
      },
    }),
  );
  routes.app.use(
    "/orgs/:orgId/people",
    bodyLimit({
      maxSize: PEOPLE_BODY_LIMIT,
      onError: () => {
        throw new AppError(
          413,
          "request.too_large",
          `A People request body holds at most ${PEOPLE_BODY_LIMIT / 1024} KB.`,
        );
      },
    }),
  );

  routes.add(listPeople, { kind: "org", action: "people.read" }, async (c, auth) => {
    const { orgId, role } = orgOf(auth);
    const ctx = c.var.ctx;
    const asOf = todayFrom(ctx.now());
    const { program } = await selectionFor(ctx, orgId, asOf);
    const people = await repositories(ctx.db).people.list(orgId);
    const rows = people.flatMap((p) => p.certifications);
    return c.json(
      {
        asOf,
        programId: program.id,
        minimumIndividuals: knownKnowledge(program)?.minimumIndividuals ?? null,
        people: people.map((p) => withActions(role, "person", viewOf(program, p, asOf))),
        choices: choicesOf(program),
        editedRows: rows.filter((r) => r.editedAt !== null).length,
      },
      200,
    );
  });

  routes.add(exportPeople, { kind: "org", action: "people.read" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    const db = c.var.ctx.db;
    const latest = (await repositories(db).imports.effectiveRecords(orgId, ["certifications"])).get(
      "certifications",
    );
    const inputs = await workspaceCertifications(db, orgId, latest);
    const text = [...certificationsCsv(inputs?.records ?? [])].join("");
    return c.body(text, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="certifications.csv"',
    });
  });

  routes.add(createPersonRoute, { kind: "org", action: "people.write" }, async (c, auth) => {
    const access = commandAccess(auth);
    const ctx = c.var.ctx;
    const person = answerOf(await createPerson(ctx, access, c.req.valid("json")));
    return c.json(await personView(ctx, access.orgId, access.role, person), 201);
  });

  routes.add(updatePersonRoute, { kind: "org", action: "people.write" }, async (c, auth) => {
    const access = commandAccess(auth);
    const ctx = c.var.ctx;
    const { personRef } = c.req.valid("param");
    const person = answerOf(await updatePerson(ctx, access, { personRef, ...c.req.valid("json") }));
    return c.json(await personView(ctx, access.orgId, access.role, person), 200);
  });

  routes.add(deletePersonRoute, { kind: "org", action: "people.write" }, async (c, auth) => {
    const { personRef } = c.req.valid("param");
    answerOf(await deletePerson(c.var.ctx, commandAccess(auth), { personRef }));
    return c.body(null, 204);
  });

  /** A person as the page shows it, with the caller's allowed actions on them. */
  async function personView(ctx: AppContext, orgId: string, role: Role, person: StoredPerson) {
    const asOf = todayFrom(ctx.now());
    const { program } = await selectionFor(ctx, orgId, asOf);
    return withActions(role, "person", viewOf(program, person, asOf));
  }

  /** One row of a person, as the page shows it. */
  async function rowView(ctx: AppContext, orgId: string, personRef: string, id: string) {
    const person = await repositories(ctx.db).people.get(orgId, personRef);
    const { program } = await selectionFor(ctx, orgId, todayFrom(ctx.now()));
    const view = person === null ? undefined : viewOf(program, person, todayFrom(ctx.now()));
    const row = view?.certifications.find((r) => r.id === id);
    if (row === undefined) throw errors.notFound("certification");
    return row;
  }

  routes.add(addCertificationRoute, { kind: "org", action: "people.write" }, async (c, auth) => {
    const access = commandAccess(auth);
    const ctx = c.var.ctx;
    const { personRef } = c.req.valid("param");
    const row = answerOf(await addCertification(ctx, access, { personRef, fields: c.req.valid("json") }));
    return c.json(await rowView(ctx, access.orgId, personRef, row.id), 201);
  });

  routes.add(updateCertificationRoute, { kind: "org", action: "people.write" }, async (c, auth) => {
    const access = commandAccess(auth);
    const ctx = c.var.ctx;
    const { personRef, certificationId } = c.req.valid("param");
    const row = answerOf(
      await updateCertification(ctx, access, { personRef, certificationId, patch: c.req.valid("json") }),
    );
    return c.json(await rowView(ctx, access.orgId, personRef, row.id), 200);
  });

  routes.add(deleteCertificationRoute, { kind: "org", action: "people.write" }, async (c, auth) => {
    const { personRef, certificationId } = c.req.valid("param");
    answerOf(await deleteCertification(c.var.ctx, commandAccess(auth), { personRef, certificationId }));
    return c.body(null, 204);
  });
}
