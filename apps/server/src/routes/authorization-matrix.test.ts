import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type Role, repositories, roles, type TokenRole, tokenRoles } from "@specready/db";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Action, policy } from "../auth/policy.js";
import { sha256Hex } from "../auth/secrets.js";
import { totpCode } from "../auth/totp.js";
import type { Access } from "../http/secured-route.js";
import { unsubscribeToken } from "../services/reminders/unsubscribe-token.js";
import {
  type ApiClient,
  addMember,
  certificationsCsv,
  createOrg,
  createToken,
  createUser,
  errorCode,
  expectJson,
  importFile,
  orgState,
  STARTUP_TIMEOUT,
  TEST_PASSWORD,
  type TestOrg,
  TestServer,
  type TestToken,
  type UploadBody,
  waitForJob,
} from "../test-support/test-server.js";

/*
 * The authorization matrix: every route of the catalog, with every kind of caller. The fixture table
 * below is the reviewed statement of who may call what (the "Who" column of docs/api.md) and how to
 * build a request that reaches the route's handler; a route without a fixture fails the first test, so
 * a new route cannot skip the matrix.
 */

type Who =
  | "every role"
  | "partner admins, contributors and the auditor"
  | "partner admins and contributors"
  | "partner admins and the auditor"
  | "partner admins"
  | "the auditor";
const WHO: Record<Who, readonly Role[]> = {
  "every role": roles,
  "partner admins, contributors and the auditor": ["partner_admin", "contributor", "auditor"],
  "partner admins and contributors": ["partner_admin", "contributor"],
  "partner admins and the auditor": ["partner_admin", "auditor"],
  "partner admins": ["partner_admin"],
  "the auditor": ["auditor"],
};

/** A request that reaches the handler of its route for an allowed caller. */
interface Prepared {
  readonly path: string;
  readonly json?: unknown;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

interface Fixture {
  /** Anyone; anyone signed in or with a token; a signed-in person only; or these roles of the org. */
  readonly access: "public" | "signed-in" | "people" | Who;
  /** What an allowed caller gets: a status, with the error code when it is an error. */
  readonly ok: number | `${number} ${string}`;
  /** Builds the request in `org`, with fresh resources where the route changes or consumes them. */
  readonly prepare: (org: TestOrg) => Promise<Prepared>;
  /** The route ends the caller's sessions or changes the account: send it as a freshly signed-in person. */
  readonly endsSession?: true;
  /** The route is about the signed-in person's own settings: an API token (not a person) gets 403. */
  readonly personal?: true;
  /**
   * Requests the route's rule lets in but its handler checks against a narrower action of the policy
   * table (approving evidence, resolving a finding): each with who may make it.
   */
  readonly handlerChecks?: readonly HandlerCheck[];
}

interface HandlerCheck {
  /** What the request does, as docs/api.md says it in the "Who" column. */
  readonly what: string;
  readonly action: Action;
  readonly access: Who;
  readonly ok: number | `${number} ${string}`;
  readonly prepare: (org: TestOrg) => Promise<Prepared>;
}

let server: TestServer;
// Every route with every role: longer than a test's default on a shared two-core machine.
vi.setConfig({ testTimeout: 120_000 });

async function freshUpload(org: TestOrg): Promise<UploadBody> {
  const q = new URLSearchParams({ kind: "certifications", fileName: "certifications.csv" });
  const res = await org.admin.client.request(org.path(`/uploads?${q}`), {
    method: "POST",
    body: certificationsCsv("DP-100"),
  });
  return expectJson<UploadBody>(res, 201);
}

/** A saved plan of the organization (inactive): its id. */
async function freshPlan(org: TestOrg): Promise<string> {
  const res = await org.admin.client.post(org.path("/plans"), {
    name: `Plan ${randomUUID()}`,
    auditDate: "2099-01-31",
    active: false,
  });
  return (await expectJson<{ saved: { id: string } }>(res, 201)).saved.id;
}

/** An import of a file whose rows repeat, waiting for its confirmation: the job's id. */
async function jobWaitingForConfirmation(org: TestOrg): Promise<string> {
  const row = "twice@contoso.example,Twice,DP-100,2025-03-03,,";
  const csv = `PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated\n${row}\n${row}\n`;
  const q = new URLSearchParams({ kind: "certifications", fileName: "certifications.csv" });
  const uploaded = await expectJson<UploadBody>(
    await org.admin.client.request(org.path(`/uploads?${q}`), { method: "POST", body: csv }),
    201,
  );
  const started = await org.admin.client.post(org.path(`/uploads/${uploaded.id}/import`), {});
  const { jobId } = await expectJson<{ jobId: string }>(started, 202);
  const job = await waitForJob(org.admin.client, org.id, jobId);
  if (job.state !== "needs_confirmation") throw new Error(`the import is ${job.state}, not waiting`);
  return jobId;
}

async function freshInvitation(org: TestOrg): Promise<{ id: string; token: string }> {
  const email = `invitee.${randomUUID().slice(0, 8)}@example.com`;
  const res = await org.admin.client.post(org.path("/invitations"), { email, role: "viewer" });
  const body = await expectJson<{ id: string; url: string }>(res, 201);
  return { id: body.id, token: body.url.split("/invite/")[1] as string };
}

/** A password-reset link of a new account of the organization, as the e-mail would carry it. */
async function freshResetLink(org: TestOrg): Promise<string> {
  const person = await addMember(server, org.id, "viewer");
  const token = `reset-${randomUUID()}`;
  await repositories(server.db).accountSecurity.createToken({
    tokenHash: sha256Hex(token),
    userId: person.id,
    purpose: "password-reset",
    lifetimeSeconds: 3600,
  });
  return token;
}

/** A new member with an authenticator app, past their password: the step and the app's code now. */
async function freshCodeStep(org: TestOrg): Promise<{ challenge: string; code: string }> {
  const person = await addMember(server, org.id, "viewer");
  const start = await expectJson<{ secret: string }>(
    await person.client.post("/api/session/two-factor/enrolment"),
    201,
  );
  // The confirming code is of the step before, so the one sent now is a step not used yet.
  await expectJson(
    await person.client.post("/api/session/two-factor/enrolment/confirm", {
      code: totpCode(start.secret, Date.now() - 30_000),
    }),
    200,
  );
  const step = await expectJson<{ challenge: string }>(
    await server.anonymous.post("/api/session", { email: person.email, password: TEST_PASSWORD }),
    202,
  );
  return { challenge: step.challenge, code: totpCode(start.secret, Date.now()) };
}

/** A Teams reminder of the organization that failed for good: its delivery id. */
async function freshFailedDelivery(org: TestOrg): Promise<string> {
  const r = repositories(server.db).reminders;
  const key = `teams:matrix:${randomUUID()}`;
  await r.enqueue(org.id, new Date(), [
    { dedupeKey: key, channel: "teams", userId: null, kind: "open_finding", subject: key, payload: {} },
  ]);
  const d = (await r.list(org.id, 100)).find((x) => x.dedupeKey === key);
  if (d === undefined) throw new Error("the delivery was not queued");
  await r.markFailed(d.id, "HTTP 500", null);
  return d.id;
}

/** The unsubscribe link token of a new member, as a reminder e-mail would carry it. */
async function freshUnsubscribeToken(org: TestOrg): Promise<string> {
  return unsubscribeToken(server.db, { orgId: org.id, userId: await freshMember(org), topic: "acr_window" });
}

async function freshMember(org: TestOrg): Promise<string> {
  const user = await createUser(server, "Matrix member");
  await repositories(server.db).users.addMember(org.id, user.id, "viewer");
  return user.id;
}

let counter = 0;
/** A name no earlier request used: projects are unique per customer and name. */
const unique = (prefix: string) => `${prefix} ${++counter}-${randomUUID().slice(0, 6)}`;

async function freshProject(org: TestOrg): Promise<string> {
  const res = await org.admin.client.post(org.path("/customer-projects"), {
    customerTenantId: "11111111-1111-4111-8111-111111111111",
    customerName: "Matrix Customer",
    project: unique("Matrix project"),
    completionDate: "2025-06-01",
  });
  return (await expectJson<{ id: string }>(res, 201)).id;
}

/** The query of `POST …/evidence/files` for a signed SOW of a fresh project, backing B3.1. */
async function fileEvidenceQuery(org: TestOrg): Promise<string> {
  return new URLSearchParams({
    title: unique("Signed SOW"),
    artifactType: "Signed SOW",
    projectId: await freshProject(org),
    controls: "B3.1",
    fileName: "sow.txt",
  }).toString();
}

/**
 * A file item filed by the organization's contributor (so a partner admin is a second pair of eyes
 * for it), as a draft or submitted for review.
 */
async function freshEvidence(org: TestOrg, status: "draft" | "ready" = "draft"): Promise<string> {
  const res = await org.members.contributor.client.request(
    org.path(`/evidence/files?${await fileEvidenceQuery(org)}`),
    {
      method: "POST",
      body: "The statement of work, signed.",
      headers: { "content-type": "application/octet-stream" },
    },
  );
  const { id } = await expectJson<{ id: string }>(res, 201);
  if (status === "ready")
    await expectJson(
      await org.members.contributor.client.post(org.path(`/evidence/${id}/review`), { action: "submit" }),
      200,
    );
  return id;
}

/** A result the auditor recorded (to withdraw). */
async function freshResult(org: TestOrg): Promise<string> {
  const res = await org.members.auditor.client.post(org.path("/audit/results"), resultInput);
  return (await expectJson<{ id: string }>(res, 201)).id;
}

/** A result as the auditor records it; the findings other fixtures leave open are acknowledged. */
const resultInput = {
  module: "A+B",
  result: "No Pass",
  date: "2025-10-01",
  checklistVersion: "V1.7",
  acknowledgeOpenFindings: true,
};

async function freshFinding(org: TestOrg): Promise<string> {
  const res = await org.members.auditor.client.post(org.path("/audit/findings"), {
    controlId: "B3.1",
    text: unique("The SOW is not signed by the customer"),
  });
  return (await expectJson<{ id: string }>(res, 201)).id;
}

/** A person added on the People page, with one certification: its row id and the certification's. */
async function freshPerson(org: TestOrg): Promise<{ person: string; certification: string }> {
  const res = await org.admin.client.post(org.path("/people"), {
    personId: `${unique("person").replace(/\W+/g, ".")}@contoso.example`,
    name: "Matrix Person",
    certifications: [{ certification: "AI-102", earnedOn: "2025-02-01" }],
  });
  const body = await expectJson<{ id: string; certifications: { id: string }[] }>(res, 201);
  return { person: body.id, certification: body.certifications[0]?.id as string };
}

/** A capability score entry typed in the form. */
async function freshScoreEntry(org: TestOrg): Promise<string> {
  const res = await org.admin.client.post(org.path("/capability-score/entries"), scoreInput);
  return (await expectJson<{ id: string }>(res, 201)).id;
}

const scoreInput = {
  shownOn: "2025-09-01",
  solutionArea: "Data & AI (Azure)",
  points: {
    "Net customer adds": "20",
    "Intermediate certifications": "15",
    "Advanced certifications": "10",
    "Usage growth": "15",
    Deployments: "12",
  },
};

const octets = { "content-type": "application/octet-stream" };

const fixtures: Record<string, Fixture> = {
  "GET /health": { access: "public", ok: 200, prepare: async () => ({ path: "/api/health" }) },
  "GET /setup": { access: "public", ok: 200, prepare: async () => ({ path: "/api/setup" }) },
  // Accounts exist, so a valid first-run request is a conflict, whoever sends it.
  "POST /setup": {
    access: "public",
    ok: "409 setup.done",
    prepare: async () => ({
      path: "/api/setup",
      json: {
        organizationName: "Late Setup Ltd",
        name: "Late",
        email: "late@example.com",
        password: TEST_PASSWORD,
      },
    }),
  },
  "POST /session": {
    access: "public",
    ok: 200,
    prepare: async () => ({
      path: "/api/session",
      json: { email: (await createUser(server, "Signing in")).email, password: TEST_PASSWORD },
    }),
  },
  "GET /session": { access: "people", ok: 200, prepare: async () => ({ path: "/api/session" }) },
  "DELETE /session": {
    access: "people",
    ok: 204,
    endsSession: true,
    prepare: async () => ({ path: "/api/session" }),
  },
  "POST /session/sign-out-everywhere": {
    access: "people",
    ok: 204,
    endsSession: true,
    prepare: async () => ({ path: "/api/session/sign-out-everywhere" }),
  },
  "POST /session/password": {
    access: "people",
    ok: 204,
    endsSession: true,
    prepare: async () => ({
      path: "/api/session/password",
      json: { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" },
    }),
  },
  "GET /invitations/{token}": {
    access: "public",
    ok: 200,
    prepare: async (org) => ({ path: `/api/invitations/${(await freshInvitation(org)).token}` }),
  },
  "POST /invitations/{token}/accept": {
    access: "public",
    ok: 200,
    prepare: async (org) => ({
      path: `/api/invitations/${(await freshInvitation(org)).token}/accept`,
      json: { name: "New member", password: TEST_PASSWORD },
    }),
  },
  "POST /password-reset": {
    access: "public",
    // The matrix's server sends no e-mail (email.test.ts sends real ones).
    ok: "409 mail.off",
    prepare: async (org) => ({ path: "/api/password-reset", json: { email: org.members.viewer.email } }),
  },
  "GET /password-reset/{token}": {
    access: "public",
    ok: 200,
    prepare: async (org) => ({ path: `/api/password-reset/${await freshResetLink(org)}` }),
  },
  "POST /password-reset/{token}": {
    access: "public",
    ok: 204,
    prepare: async (org) => ({
      path: `/api/password-reset/${await freshResetLink(org)}`,
      json: { password: "a brand new passphrase" },
    }),
  },
  "GET /session/two-factor": {
    access: "people",
    ok: 200,
    prepare: async () => ({ path: "/api/session/two-factor" }),
  },
  "POST /session/two-factor/enrolment": {
    access: "people",
    ok: 201,
    prepare: async () => ({ path: "/api/session/two-factor/enrolment" }),
  },
  "POST /session/two-factor/enrolment/confirm": {
    access: "people",
    // A fresh person has not started (two-factor.test.ts confirms real enrolments).
    ok: "409 two_factor.not_started",
    endsSession: true,
    prepare: async () => ({ path: "/api/session/two-factor/enrolment/confirm", json: { code: "123456" } }),
  },
  "POST /session/two-factor/disable": {
    access: "people",
    ok: 204,
    endsSession: true,
    prepare: async () => ({ path: "/api/session/two-factor/disable", json: { password: TEST_PASSWORD } }),
  },
  "POST /session/code": {
    access: "public",
    ok: 200,
    prepare: async (org) => {
      const { challenge, code } = await freshCodeStep(org);
      return { path: "/api/session/code", json: { challenge, code } };
    },
  },
  "GET /orgs": { access: "signed-in", ok: 200, prepare: async () => ({ path: "/api/orgs" }) },
  "POST /orgs": {
    access: "people",
    ok: 201,
    prepare: async () => ({ path: "/api/orgs", json: { name: "Another practice" } }),
  },
  "GET /orgs/{orgId}/reminders/preferences": {
    access: "every role",
    ok: 200,
    personal: true,
    prepare: async (org) => ({ path: org.path("/reminders/preferences") }),
  },
  "PUT /orgs/{orgId}/reminders/preferences": {
    access: "every role",
    ok: 200,
    personal: true,
    prepare: async (org) => ({
      path: org.path("/reminders/preferences"),
      json: { disabledKinds: ["acr_window"], digest: true },
    }),
  },
  "GET /orgs/{orgId}/reminders/settings": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/reminders/settings") }),
  },
  "PUT /orgs/{orgId}/reminders/settings": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/reminders/settings"), json: { reviewWaitDays: 7 } }),
  },
  "GET /orgs/{orgId}/reminders/deliveries": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/reminders/deliveries") }),
  },
  "POST /orgs/{orgId}/reminders/deliveries/{deliveryId}/retry": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({
      path: org.path(`/reminders/deliveries/${await freshFailedDelivery(org)}/retry`),
    }),
  },
  "GET /unsubscribe/{token}": {
    access: "public",
    ok: 200,
    prepare: async (org) => ({ path: `/api/unsubscribe/${await freshUnsubscribeToken(org)}` }),
  },
  "POST /unsubscribe/{token}": {
    access: "public",
    ok: 200,
    prepare: async (org) => ({ path: `/api/unsubscribe/${await freshUnsubscribeToken(org)}` }),
  },
  // The matrix's server has no Entra app configured: the routes answer so (entra.test.ts runs the
  // whole flow against a real OpenID provider).
  "GET /session/email-verification": {
    access: "people",
    ok: 200,
    prepare: async () => ({ path: "/api/session/email-verification" }),
  },
  "POST /session/email-verification": {
    access: "people",
    // The matrix's server sends no e-mail (email.test.ts sends and uses real links).
    ok: "409 mail.off",
    prepare: async () => ({ path: "/api/session/email-verification" }),
  },
  "POST /email-verification/{token}": {
    access: "public",
    ok: "404 not_found",
    prepare: async () => ({ path: `/api/email-verification/unknown-${randomUUID()}` }),
  },
  "GET /session/entra/start": {
    access: "public",
    ok: "404 entra.not_configured",
    prepare: async () => ({ path: "/api/session/entra/start" }),
  },
  "GET /session/entra/callback": {
    access: "public",
    // Always a redirect to the web app's page, naming the refusal.
    ok: 302,
    prepare: async () => ({ path: "/api/session/entra/callback?code=x&state=y" }),
  },
  "GET /session/entra": {
    access: "people",
    ok: 200,
    prepare: async () => ({ path: "/api/session/entra" }),
  },
  "POST /session/entra/link": {
    access: "people",
    ok: "404 entra.not_configured",
    prepare: async () => ({ path: "/api/session/entra/link" }),
  },
  "DELETE /session/entra": {
    access: "people",
    ok: "404 not_found",
    prepare: async () => ({ path: "/api/session/entra" }),
  },
  "PUT /orgs/{orgId}/entra-policy": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({
      path: org.path("/entra-policy"),
      json: { allowedTenantIds: [], requireEntra: false },
    }),
  },
  "PUT /orgs/{orgId}/two-factor-policy": {
    access: "partner admins",
    // Not turned on: it would refuse every member of the matrix's organizations without an app.
    ok: 200,
    prepare: async (org) => ({ path: org.path("/two-factor-policy"), json: { required: false } }),
  },
  "GET /orgs/{orgId}": { access: "every role", ok: 200, prepare: async (org) => ({ path: org.path() }) },
  "PUT /orgs/{orgId}/application": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({
      path: org.path("/application"),
      json: { submittedOn: "2025-09-01", reference: "PC-4711" },
    }),
  },
  "GET /orgs/{orgId}/program-settings": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/program-settings") }),
  },
  "PUT /orgs/{orgId}/program-settings": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({
      path: org.path("/program-settings"),
      json: { pinnedProgramId: null, includeProvisional: false },
    }),
  },
  "GET /orgs/{orgId}/specializations": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/specializations") }),
  },
  "PUT /orgs/{orgId}/specializations": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({
      path: org.path("/specializations"),
      json: { specializations: ["ai-platform-azure", "infra-db-migration"] },
    }),
  },
  "GET /orgs/{orgId}/evaluation": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/evaluation?asOf=2025-09-10") }),
  },
  "GET /orgs/{orgId}/dashboard": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/dashboard?asOf=2025-09-10") }),
  },
  "POST /orgs/{orgId}/uploads": {
    access: "partner admins and contributors",
    ok: 201,
    prepare: async (org) => ({
      path: org.path("/uploads?kind=certifications&fileName=certifications.csv"),
      body: certificationsCsv("DP-100"),
      headers: { "content-type": "application/octet-stream" },
    }),
  },
  "GET /orgs/{orgId}/uploads/{uploadId}": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => ({ path: org.path(`/uploads/${(await freshUpload(org)).id}`) }),
  },
  "DELETE /orgs/{orgId}/uploads/{uploadId}": {
    access: "partner admins and contributors",
    ok: 204,
    prepare: async (org) => ({ path: org.path(`/uploads/${(await freshUpload(org)).id}`) }),
  },
  "POST /orgs/{orgId}/uploads/{uploadId}/import": {
    access: "partner admins and contributors",
    ok: 202,
    prepare: async (org) => ({ path: org.path(`/uploads/${(await freshUpload(org)).id}/import`), json: {} }),
  },
  "GET /orgs/{orgId}/import-jobs/{jobId}": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => {
      const started = await org.admin.client.post(
        org.path(`/uploads/${(await freshUpload(org)).id}/import`),
        {},
      );
      const { jobId } = await expectJson<{ jobId: string }>(started, 202);
      return { path: org.path(`/import-jobs/${jobId}`) };
    },
  },
  "POST /orgs/{orgId}/import-jobs/{jobId}/confirm": {
    access: "partner admins and contributors",
    ok: 202,
    prepare: async (org) => ({
      path: org.path(`/import-jobs/${await jobWaitingForConfirmation(org)}/confirm`),
      // The file also removes rows the People page's fixtures added: a conflict, confirmed as a replacement.
      json: { confirmRepeats: true, confirmReplace: true },
    }),
  },
  "POST /orgs/{orgId}/import-jobs/{jobId}/cancel": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => ({
      path: org.path(`/import-jobs/${await jobWaitingForConfirmation(org)}/cancel`),
    }),
  },
  "GET /orgs/{orgId}/imports": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/imports") }),
  },
  "POST /orgs/{orgId}/imports/{importId}/revert": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => {
      // The People page's fixtures added rows this file removes: the import asks first (a conflict).
      const { job } = await importFile(
        org.admin.client,
        org.id,
        "certifications",
        "certs.csv",
        certificationsCsv(),
        { confirmReplace: true },
      );
      return { path: org.path(`/imports/${job.import?.id}/revert`) };
    },
  },
  "GET /orgs/{orgId}/column-mappings": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/column-mappings") }),
  },
  "GET /orgs/{orgId}/members": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/members") }),
  },
  "POST /orgs/{orgId}/invitations": {
    access: "partner admins",
    ok: 201,
    prepare: async (org) => ({
      path: org.path("/invitations"),
      json: { email: `new.${randomUUID().slice(0, 8)}@example.com`, role: "contributor" },
    }),
  },
  "DELETE /orgs/{orgId}/invitations/{invitationId}": {
    access: "partner admins",
    ok: 204,
    prepare: async (org) => ({ path: org.path(`/invitations/${(await freshInvitation(org)).id}`) }),
  },
  "PATCH /orgs/{orgId}/members/{userId}": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({
      path: org.path(`/members/${await freshMember(org)}`),
      json: { role: "auditor" },
    }),
  },
  "DELETE /orgs/{orgId}/members/{userId}": {
    access: "partner admins",
    ok: 204,
    prepare: async (org) => ({ path: org.path(`/members/${await freshMember(org)}`) }),
  },
  "GET /orgs/{orgId}/activity": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/activity") }),
  },
  "PUT /orgs/{orgId}/review-policy": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/review-policy"), json: { allowSelfApproval: false } }),
  },
  "GET /orgs/{orgId}/plans": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/plans") }),
  },
  "POST /orgs/{orgId}/plans": {
    access: "partner admins",
    ok: 201,
    prepare: async (org) => ({
      path: org.path("/plans"),
      json: { name: `Plan ${randomUUID()}`, auditDate: "2099-01-31", active: false },
    }),
  },
  "POST /orgs/{orgId}/plans/preview": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/plans/preview"), json: { auditDate: "2099-01-31" } }),
  },
  "GET /orgs/{orgId}/plans/active": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/plans/active") }),
  },
  "GET /orgs/{orgId}/plans/{planId}": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path(`/plans/${await freshPlan(org)}`) }),
  },
  "DELETE /orgs/{orgId}/plans/{planId}": {
    access: "partner admins",
    ok: 204,
    prepare: async (org) => ({ path: org.path(`/plans/${await freshPlan(org)}`) }),
  },
  "GET /orgs/{orgId}/tokens": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/tokens") }),
  },
  "POST /orgs/{orgId}/tokens": {
    access: "partner admins",
    ok: 201,
    prepare: async (org) => ({ path: org.path("/tokens"), json: { name: "CI export", role: "viewer" } }),
  },
  "DELETE /orgs/{orgId}/tokens/{tokenId}": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({ path: org.path(`/tokens/${(await createToken(org, "viewer")).id}`) }),
  },
  "GET /orgs/{orgId}/people": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/people") }),
  },
  "GET /orgs/{orgId}/people/export": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/people/export") }),
  },
  "POST /orgs/{orgId}/people": {
    access: "partner admins and contributors",
    ok: 201,
    prepare: async (org) => ({
      path: org.path("/people"),
      json: { personId: `${unique("new").replace(/\W+/g, ".")}@contoso.example`, name: "New Person" },
    }),
  },
  "PATCH /orgs/{orgId}/people/{personRef}": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => ({
      path: org.path(`/people/${(await freshPerson(org)).person}`),
      json: { name: "Renamed Person" },
    }),
  },
  "DELETE /orgs/{orgId}/people/{personRef}": {
    access: "partner admins and contributors",
    ok: 204,
    prepare: async (org) => ({ path: org.path(`/people/${(await freshPerson(org)).person}`) }),
  },
  "POST /orgs/{orgId}/people/{personRef}/certifications": {
    access: "partner admins and contributors",
    ok: 201,
    prepare: async (org) => ({
      path: org.path(`/people/${(await freshPerson(org)).person}/certifications`),
      json: { certification: "AI-103", earnedOn: "2025-09-01" },
    }),
  },
  "PATCH /orgs/{orgId}/people/{personRef}/certifications/{certificationId}": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => {
      const { person, certification } = await freshPerson(org);
      return {
        path: org.path(`/people/${person}/certifications/${certification}`),
        json: { associated: false },
      };
    },
  },
  "DELETE /orgs/{orgId}/people/{personRef}/certifications/{certificationId}": {
    access: "partner admins and contributors",
    ok: 204,
    prepare: async (org) => {
      const { person, certification } = await freshPerson(org);
      return { path: org.path(`/people/${person}/certifications/${certification}`) };
    },
  },
  "GET /orgs/{orgId}/capability-score": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/capability-score") }),
  },
  "GET /orgs/{orgId}/capability-score/export": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/capability-score/export") }),
  },
  "POST /orgs/{orgId}/capability-score/entries": {
    access: "partner admins and contributors",
    ok: 201,
    prepare: async (org) => ({ path: org.path("/capability-score/entries"), json: scoreInput }),
  },
  "DELETE /orgs/{orgId}/capability-score/entries/{entryId}": {
    access: "partner admins and contributors",
    ok: 204,
    prepare: async (org) => ({ path: org.path(`/capability-score/entries/${await freshScoreEntry(org)}`) }),
  },
  "GET /orgs/{orgId}/getting-started": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/getting-started") }),
  },
  "GET /orgs/{orgId}/customer-projects": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/customer-projects") }),
  },
  "POST /orgs/{orgId}/customer-projects": {
    access: "partner admins and contributors",
    ok: 201,
    prepare: async (org) => ({
      path: org.path("/customer-projects"),
      json: {
        customerTenantId: "22222222-2222-4222-8222-222222222222",
        project: unique("New project"),
        completionDate: "2025-05-01",
      },
    }),
  },
  "PATCH /orgs/{orgId}/customer-projects/{projectId}": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => ({
      path: org.path(`/customer-projects/${await freshProject(org)}`),
      json: { completionDate: "2025-07-01" },
    }),
  },
  "DELETE /orgs/{orgId}/customer-projects/{projectId}": {
    access: "partner admins and contributors",
    ok: 204,
    prepare: async (org) => ({ path: org.path(`/customer-projects/${await freshProject(org)}`) }),
  },
  "GET /orgs/{orgId}/evidence": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/evidence?control=B3.1") }),
  },
  "POST /orgs/{orgId}/evidence": {
    access: "partner admins and contributors",
    ok: 201,
    prepare: async (org) => ({
      path: org.path("/evidence"),
      json: {
        kind: "link",
        title: "Architecture diagrams on SharePoint",
        artifactType: "Architecture diagrams",
        projectId: await freshProject(org),
        controls: ["B3.1"],
        url: "https://contoso.sharepoint.com/sites/ai/diagrams",
      },
    }),
  },
  "POST /orgs/{orgId}/evidence/files": {
    access: "partner admins and contributors",
    ok: 201,
    prepare: async (org) => ({
      path: org.path(`/evidence/files?${await fileEvidenceQuery(org)}`),
      body: "The statement of work, signed.",
      headers: octets,
    }),
  },
  "GET /orgs/{orgId}/evidence/{evidenceId}": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path(`/evidence/${await freshEvidence(org)}`) }),
  },
  "PATCH /orgs/{orgId}/evidence/{evidenceId}": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => ({
      path: org.path(`/evidence/${await freshEvidence(org)}`),
      json: { title: "Signed SOW (countersigned)" },
    }),
  },
  "DELETE /orgs/{orgId}/evidence/{evidenceId}": {
    access: "partner admins and contributors",
    ok: 204,
    prepare: async (org) => ({ path: org.path(`/evidence/${await freshEvidence(org)}`) }),
  },
  "POST /orgs/{orgId}/evidence/{evidenceId}/revisions": {
    access: "partner admins and contributors",
    ok: 201,
    prepare: async (org) => ({
      path: org.path(`/evidence/${await freshEvidence(org)}/revisions?fileName=sow-v2.txt`),
      body: "The statement of work, signed by both.",
      headers: octets,
    }),
  },
  "GET /orgs/{orgId}/evidence/{evidenceId}/revisions/{revision}/content": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path(`/evidence/${await freshEvidence(org)}/revisions/1/content`) }),
  },
  "POST /orgs/{orgId}/evidence/{evidenceId}/review": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => ({
      path: org.path(`/evidence/${await freshEvidence(org)}/review`),
      json: { action: "submit" },
    }),
    handlerChecks: [
      {
        what: "approve, request_changes, reopen",
        action: "evidence.review",
        access: "partner admins",
        ok: 200,
        prepare: async (org) => ({
          path: org.path(`/evidence/${await freshEvidence(org, "ready")}/review`),
          json: { action: "approve" },
        }),
      },
    ],
  },
  "GET /orgs/{orgId}/audit/readiness": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/audit/readiness?date=2025-09-10") }),
  },
  "PUT /orgs/{orgId}/audit/specialties/{controlId}": {
    access: "partner admins and contributors",
    ok: 200,
    prepare: async (org) => ({
      path: org.path("/audit/specialties/B1.1"),
      json: { specialty: "Machine Learning lifecycle" },
    }),
  },
  "GET /orgs/{orgId}/audit/plan": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/audit/plan") }),
  },
  "PUT /orgs/{orgId}/audit/plan": {
    access: "partner admins",
    ok: 200,
    prepare: async (org) => ({
      path: org.path("/audit/plan"),
      json: { applicationDate: "2025-09-01", auditDate: "2025-10-01", modules: "A+B" },
    }),
  },
  "GET /orgs/{orgId}/audit/findings": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/audit/findings") }),
  },
  "POST /orgs/{orgId}/audit/findings": {
    access: "the auditor",
    ok: 201,
    prepare: async (org) => ({
      path: org.path("/audit/findings"),
      json: { controlId: "B2.1", text: "The design has no AI impact assessment." },
    }),
  },
  // No role may both resolve and answer: a request doing neither reaches the handler and is refused.
  "PATCH /orgs/{orgId}/audit/findings/{findingId}": {
    access: "partner admins, contributors and the auditor",
    ok: "400 request.invalid",
    prepare: async (org) => ({ path: org.path(`/audit/findings/${await freshFinding(org)}`), json: {} }),
    handlerChecks: [
      {
        what: "status",
        action: "audit.findings.record",
        access: "the auditor",
        ok: 200,
        prepare: async (org) => ({
          path: org.path(`/audit/findings/${await freshFinding(org)}`),
          json: { status: "resolved" },
        }),
      },
      {
        what: "response",
        action: "audit.findings.respond",
        access: "partner admins and contributors",
        ok: 200,
        prepare: async (org) => ({
          path: org.path(`/audit/findings/${await freshFinding(org)}`),
          json: { response: "The countersigned SOW is uploaded." },
        }),
      },
    ],
  },
  "GET /orgs/{orgId}/audit/gap-reports": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/audit/gap-reports") }),
  },
  "POST /orgs/{orgId}/audit/gap-reports": {
    access: "the auditor",
    ok: 201,
    prepare: async (org) => {
      await freshFinding(org);
      return { path: org.path("/audit/gap-reports"), json: { issuedOn: "2025-10-03" } };
    },
  },
  "GET /orgs/{orgId}/audit/results": {
    access: "every role",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/audit/results") }),
  },
  "POST /orgs/{orgId}/audit/results": {
    access: "the auditor",
    ok: 201,
    prepare: async (org) => ({ path: org.path("/audit/results"), json: resultInput }),
  },
  "POST /orgs/{orgId}/audit/results/preview": {
    access: "the auditor",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/audit/results/preview"), json: resultInput }),
  },
  "POST /orgs/{orgId}/audit/results/{resultId}/withdraw": {
    access: "the auditor",
    ok: 200,
    prepare: async (org) => ({
      path: org.path(`/audit/results/${await freshResult(org)}/withdraw`),
      json: { reason: "Recorded by mistake" },
    }),
  },
  "GET /orgs/{orgId}/audit/binder": {
    access: "partner admins and the auditor",
    ok: 200,
    prepare: async (org) => ({ path: org.path("/audit/binder") }),
  },
};

interface Route {
  readonly method: string;
  readonly path: string;
  readonly access: Access;
  readonly key: string;
  readonly fixture: Fixture;
}

function catalog(): Route[] {
  return server.routes.catalog.map((r) => {
    const key = `${r.method} ${r.path}`;
    const fixture = fixtures[key];
    if (fixture === undefined) throw new Error(`no request fixture for ${key}: add it to the fixture table`);
    return { ...r, key, fixture };
  });
}

const orgRoutes = () => catalog().filter((r) => r.access.kind === "org");

/** The actions of the policy table a role has: the organization's `allowedActions` for it. */
const actionsOf = (role: Role) =>
  (Object.keys(policy) as Action[]).filter((a) => (policy[a] as readonly Role[]).includes(role));

/** The roles the fixture table says may call an org route. */
function allowedRoles(route: Route): readonly Role[] {
  return WHO[route.fixture.access as Who];
}

function send(client: ApiClient, method: string, p: Prepared): Promise<Response> {
  return client.request(p.path, { method, json: p.json, body: p.body, headers: p.headers });
}

/** "200", or "403 auth.forbidden": the status and the error code, to compare whole rows at once. */
async function outcome(res: Response): Promise<string> {
  const code = await errorCode(res);
  return code === undefined ? String(res.status) : `${res.status} ${code}`;
}

describe.each(testBackends)("the authorization matrix on %s", (backend) => {
  let a: TestOrg;
  let b: TestOrg;

  beforeAll(async () => {
    server = await TestServer.start(backend);
    [a, b] = await Promise.all([createOrg(server, "Contoso"), createOrg(server, "Fabrikam")]);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  it("has a request fixture for every route of the catalog, and no fixture without a route", () => {
    const keys = server.routes.catalog.map((r) => `${r.method} ${r.path}`);
    expect(
      keys.filter((k) => fixtures[k] === undefined),
      "routes without a fixture",
    ).toEqual([]);
    expect(
      Object.keys(fixtures).filter((k) => !keys.includes(k)),
      "fixtures without a route",
    ).toEqual([]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("guards every route as the fixture table (docs/api.md) says, and uses every action of the policy table", () => {
    const declared = catalog().map((r) => {
      const a = r.access;
      const rule =
        a.kind === "public"
          ? "public"
          : a.kind === "signed-in"
            ? a.users
              ? "people"
              : "signed-in"
            : ([...policy[a.action]] as Role[]).sort().join(",");
      const want =
        r.fixture.access in WHO ? [...WHO[r.fixture.access as Who]].sort().join(",") : r.fixture.access;
      return `${r.key}: ${rule === want ? "as documented" : `${rule}, documented ${want}`}`;
    });
    expect(declared).toEqual(catalog().map((r) => `${r.key}: as documented`));
    const checks = catalog().flatMap((r) => (r.fixture.handlerChecks ?? []).map((h) => ({ route: r, h })));
    expect(
      checks.map(({ route, h }) => `${route.key} ${h.what}: ${[...policy[h.action]].sort().join(",")}`),
    ).toEqual(checks.map(({ route, h }) => `${route.key} ${h.what}: ${[...WHO[h.access]].sort().join(",")}`));
    const used = new Set([
      ...orgRoutes().map((r) => (r.access as { action: Action }).action),
      ...checks.map(({ h }) => h.action),
    ]);
    expect(Object.keys(policy).filter((action) => !used.has(action as Action))).toEqual([]);
  });

  it("is the table of docs/api.md: every route with its Who, and no other", async () => {
    const text = await readFile(new URL("../../../../docs/api.md", import.meta.url), "utf8");
    // `GET /api/orgs/{orgId}/evaluation?asOf=` and GET /orgs/{orgId}/evaluation name the same route.
    const normalize = (method: string, path: string) =>
      `${method} ${path
        .replace(/^\/api/, "")
        .replace(/\?.*$/, "")
        .replace(/\{\w+\}/g, "{}")}`;
    const documented = text
      .split("\n")
      .map((line) => /^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)` +\| ([^|]+?) +\|/.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${normalize(m[1] as string, m[2] as string)}: ${m[3]}`);
    const roleList = (who: Who) => (who === "every role" ? who : WHO[who].join(", "));
    const expected = catalog().map((r) => {
      const a = r.fixture.access;
      let who =
        a === "public"
          ? r.method === "POST" && r.path === "/setup"
            ? "anyone, only while no account exists"
            : r.path.startsWith("/invitations/") ||
                r.path.startsWith("/password-reset/") ||
                r.path.startsWith("/unsubscribe/") ||
                r.path.startsWith("/email-verification/")
              ? "anyone with the link"
              : "anyone"
          : a === "signed-in" || a === "people"
            ? "signed in"
            : roleList(a);
      const checks = r.fixture.handlerChecks ?? [];
      if (checks.length > 0) who += ` (${checks.map((h) => `${h.what}: ${roleList(h.access)}`).join("; ")})`;
      return `${normalize(r.method, r.path)}: ${who}`;
    });
    expect(documented.sort()).toEqual(expected.sort());
  });

  it("lists every route in /api/openapi.json (OpenAPI 3.1.0) with the same method and path, and nothing else", async () => {
    const doc = await expectJson<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      await server.anonymous.get("/api/openapi.json"),
      200,
    );
    expect(doc.openapi).toBe("3.1.0");
    const methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => methods.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(
      catalog()
        .map((r) => r.key)
        .sort(),
    );
  });

  // Every route for every role, one request after the other: longer than the default on a busy machine.
  it("lets the allowed roles through to the handler; the others get 403 auth.forbidden and change nothing", async () => {
    const rows: string[] = [];
    const expected: string[] = [];
    for (const route of orgRoutes()) {
      for (const role of roles) {
        const allowed = allowedRoles(route).includes(role);
        const prepared = await route.fixture.prepare(a);
        await server.idle();
        const before = allowed ? undefined : await orgState(server.db, a.id, server.ctx.evidenceStore);
        const got = await outcome(await send(a.members[role].client, route.method, prepared));
        if (before !== undefined) {
          await server.idle();
          expect(
            await orgState(server.db, a.id, server.ctx.evidenceStore),
            `${route.key} as ${role} changed data`,
          ).toEqual(before);
        }
        rows.push(`${route.key} as ${role}: ${got}`);
        expected.push(`${route.key} as ${role}: ${allowed ? route.fixture.ok : "403 auth.forbidden"}`);
      }
    }
    expect(rows).toEqual(expected);
  }, 120_000);

  it("checks in the handler what the route's rule leaves to it: the allowed roles and tokens get through, the others get 403 auth.forbidden and change nothing", async () => {
    const rows: string[] = [];
    const expected: string[] = [];
    const tokens = Object.fromEntries(
      await Promise.all(tokenRoles.map(async (role) => [role, await createToken(a, role, `${role} checks`)])),
    ) as Record<TokenRole, TestToken>;
    const callers = [
      ...roles.map((role) => ({ role, label: role, client: a.members[role].client })),
      ...tokenRoles.map((role) => ({ role, label: `a ${role} token`, client: tokens[role].client })),
    ];
    for (const route of catalog()) {
      for (const check of route.fixture.handlerChecks ?? []) {
        for (const { role, label, client } of callers) {
          const allowed = WHO[check.access].includes(role);
          const prepared = await check.prepare(a);
          await server.idle();
          const before = allowed ? undefined : await orgState(server.db, a.id, server.ctx.evidenceStore);
          const got = await outcome(await send(client, route.method, prepared));
          if (before !== undefined)
            expect(
              await orgState(server.db, a.id, server.ctx.evidenceStore),
              `${route.key} ${check.what} as ${label} changed data`,
            ).toEqual(before);
          rows.push(`${route.key} ${check.what} as ${label}: ${got}`);
          expected.push(
            `${route.key} ${check.what} as ${label}: ${allowed ? check.ok : "403 auth.forbidden"}`,
          );
        }
      }
    }
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(expected);
  });

  it("answers 401 auth.required to every non-public route without a session, and the public ones", async () => {
    const rows: string[] = [];
    const expected: string[] = [];
    for (const route of catalog()) {
      const got = await outcome(await send(server.anonymous, route.method, await route.fixture.prepare(a)));
      rows.push(`${route.key}: ${got}`);
      expected.push(
        `${route.key}: ${route.access.kind === "public" ? route.fixture.ok : "401 auth.required"}`,
      );
    }
    expect(rows).toEqual(expected);
  });

  it("answers the signed-in routes to every person, whatever their role", async () => {
    const rows: string[] = [];
    const expected: string[] = [];
    for (const route of catalog().filter((r) => r.access.kind === "signed-in")) {
      for (const role of roles) {
        const caller = route.fixture.endsSession
          ? (await addMember(server, a.id, role, `Short-lived ${role}`)).client
          : a.members[role].client;
        const got = await outcome(await send(caller, route.method, await route.fixture.prepare(a)));
        rows.push(`${route.key} as ${role}: ${got}`);
        expected.push(`${route.key} as ${role}: ${route.fixture.ok}`);
      }
    }
    expect(rows).toEqual(expected);
  });

  it("answers 404 not_found, and changes nothing, when a member of another organization uses its id", async () => {
    const requests = [];
    for (const route of orgRoutes()) requests.push({ route, prepared: await route.fixture.prepare(a) });
    await server.idle();
    const before = await orgState(server.db, a.id, server.ctx.evidenceStore);
    const rows: string[] = [];
    const expected: string[] = [];
    for (const { route, prepared } of requests) {
      for (const role of roles) {
        rows.push(
          `${route.key} as ${role} of B: ${await outcome(await send(b.members[role].client, route.method, prepared))}`,
        );
        expected.push(`${route.key} as ${role} of B: 404 not_found`);
      }
    }
    expect(rows).toEqual(expected);
    await server.idle();
    expect(await orgState(server.db, a.id, server.ctx.evidenceStore)).toEqual(before);
  });

  it("answers 404 not_found, and changes nothing, for another organization's resource ids under one's own organization", async () => {
    // A control id (`B1.1`) is the checklist's, the same in every organization: not a resource id.
    const withIds = orgRoutes().filter((r) => /\{(?!orgId\}|controlId\})\w+\}/.test(r.path));
    const covered = new Set(withIds.flatMap((r) => [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
    for (const id of [
      "importId",
      "uploadId",
      "jobId",
      "invitationId",
      "tokenId",
      "userId",
      "projectId",
      "evidenceId",
      "findingId",
      "resultId",
      "deliveryId",
    ])
      expect(covered, `no route takes a ${id}`).toContain(id);

    const requests = [];
    for (const route of withIds) {
      const prepared = await route.fixture.prepare(a);
      // A's resource, under B's organization.
      requests.push({ route, prepared: { ...prepared, path: prepared.path.replace(a.path(), b.path()) } });
    }
    await server.idle();
    const before = await orgState(server.db, a.id, server.ctx.evidenceStore);
    const rows: string[] = [];
    for (const { route, prepared } of requests) {
      // Sent by a member of B whom the route lets in (its partner admin, or its auditor for the
      // auditor's routes): the id, not the role, is what is refused.
      const caller = b.members[allowedRoles(route)[0] ?? "partner_admin"].client;
      rows.push(`${route.key}: ${await outcome(await send(caller, route.method, prepared))}`);
    }
    expect(rows).toEqual(requests.map(({ route }) => `${route.key}: 404 not_found`));
    await server.idle();
    expect(await orgState(server.db, a.id, server.ctx.evidenceStore)).toEqual(before);
  });

  describe("API tokens", () => {
    let tokens: Record<TokenRole, TestToken>;
    beforeAll(async () => {
      tokens = Object.fromEntries(
        await Promise.all(tokenRoles.map(async (role) => [role, await createToken(a, role)])),
      ) as Record<TokenRole, TestToken>;
    });

    it("enforces the token's role with the same table as a member's", async () => {
      const rows: string[] = [];
      const expected: string[] = [];
      for (const route of orgRoutes()) {
        for (const role of tokenRoles) {
          const allowed = allowedRoles(route).includes(role);
          const got = await outcome(
            await send(tokens[role].client, route.method, await route.fixture.prepare(a)),
          );
          rows.push(`${route.key} with a ${role} token: ${got}`);
          expected.push(
            `${route.key} with a ${role} token: ${allowed && route.fixture.personal !== true ? route.fixture.ok : "403 auth.forbidden"}`,
          );
        }
      }
      expect(rows).toEqual(expected);
    });

    it("reaches only its own organization", async () => {
      const rows: string[] = [];
      const expected: string[] = [];
      for (const route of orgRoutes()) {
        const prepared = await route.fixture.prepare(b);
        for (const role of tokenRoles) {
          rows.push(
            `${route.key} of B with A's ${role} token: ${await outcome(await send(tokens[role].client, route.method, prepared))}`,
          );
          expected.push(`${route.key} of B with A's ${role} token: 404 not_found`);
        }
      }
      expect(rows).toEqual(expected);
      const orgs = await expectJson(await tokens.viewer.client.get("/api/orgs"), 200);
      expect(orgs).toEqual([{ id: a.id, name: a.name, role: "viewer", allowedActions: actionsOf("viewer") }]);
    });

    it("is not a person: routes for signed-in people answer 403", async () => {
      const rows: string[] = [];
      const expected: string[] = [];
      for (const route of catalog().filter((r) => r.access.kind === "signed-in")) {
        const got = await outcome(
          await send(tokens.contributor.client, route.method, await route.fixture.prepare(a)),
        );
        rows.push(`${route.key}: ${got}`);
        expected.push(
          `${route.key}: ${route.fixture.access === "people" ? "403 auth.forbidden" : route.fixture.ok}`,
        );
      }
      expect(rows).toEqual(expected);
    });

    it("answers 401 auth.required once revoked, and to a token that does not exist", async () => {
      const token = await createToken(a, "contributor", "soon revoked");
      await expectJson(await token.client.get(a.path()), 200);
      await expectJson(await a.admin.client.delete(a.path(`/tokens/${token.id}`)), 200);
      for (const path of [a.path(), a.path("/evaluation"), "/api/orgs"]) {
        expect(await outcome(await token.client.get(path))).toBe("401 auth.required");
      }
      expect(await outcome(await token.client.post(a.path("/tokens"), { name: "x" }))).toBe(
        "401 auth.required",
      );
      const forged = server.as({ kind: "token", token: `sr_${"x".repeat(43)}` });
      expect(await outcome(await forged.get(a.path()))).toBe("401 auth.required");
      const malformed = await server.fetch(a.path(), { headers: { authorization: "Bearer" } });
      expect(await outcome(malformed)).toBe("401 auth.required");
    });
  });
});
