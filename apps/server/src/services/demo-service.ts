import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { type CalendarDate, installedSpecializations, todayFrom } from "@specready/core";
import { repositories } from "@specready/db";
import { buildDemoRegister, demoWorkspace, writeDemoPartner } from "@specready/ingest";
import { hashPassword } from "../auth/passwords.js";
import { partialName } from "../storage/partial-files.js";
import type { AppContext } from "./app-context.js";
import { newEvidenceId, type StoredFile, storeEvidenceFile } from "./evidence-service.js";
import { importLocalFile } from "./import-service.js";
import { createOrganizationWithAdmin } from "./session-service.js";
import { setSpecializations } from "./specializations/set-specializations.js";

// The organization and its people are the demo's data (packages/ingest/demo-partner/workspace.json).
const DEMO = demoWorkspace();
export const DEMO_EMAIL = DEMO.admin.email;
const DEMO_ADMIN_NAME = DEMO.admin.name;
/** The demo's practice lead: files the evidence, which the partner admin reviews (two pairs of eyes). */
export const DEMO_CONTRIBUTOR = DEMO.contributor;
const DEMO_ORG = DEMO.organization;
const LOGIN_FILE = "demo-login.txt";

/** The demo login, when this installation was seeded with the demo. */
export async function demoLogin(ctx: AppContext): Promise<{ email: string; password: string } | undefined> {
  const text = await readFile(join(ctx.config.dataDir, LOGIN_FILE), "utf8").catch(() => undefined);
  const password = text?.match(/^password: (.+)$/m)?.[1];
  return password === undefined ? undefined : { email: DEMO_EMAIL, password };
}

/**
 * Seeds an empty installation (and does nothing to one with an account: seeding twice, or on several
 * servers at once under the caller's lock, seeds once) with the demo partner (Adatum Consulting, dated around today): its
 * organization, a partner admin with a random password (kept in the data directory so the console can
 * show it at every start), the demo's Partner Center files imported exactly as a user's uploads are,
 * and its evidence register: customer projects, evidence files (stored as uploads are) and links filed
 * by a contributor (Morgan Lee) and reviewed by the partner admin, the practice specialties and an audit
 * plan. The register's approved evidence is the demo's audit-evidence.csv, which `specready demo` still
 * writes for the command line.
 */
export async function seedDemo(ctx: AppContext): Promise<{ email: string; password: string } | undefined> {
  if ((await repositories(ctx.db).users.count()) > 0) return undefined;
  const password = randomBytes(12).toString("base64url");
  const contributorPassword = randomBytes(12).toString("base64url");
  const { orgId, userId } = await createOrganizationWithAdmin(ctx.db, {
    organizationName: DEMO_ORG,
    name: DEMO_ADMIN_NAME,
    email: DEMO_EMAIL,
    password,
  });
  const contributor = await addDemoContributor(ctx, orgId, userId, contributorPassword);
  // In the data directory, named after this process: a restart removes it if this one is killed here.
  const dir = join(ctx.config.dataDir, "tmp", partialName(randomUUID()));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    const files = await writeDemoPartner(dir, todayFrom(ctx.now()));
    const actor = { kind: "user", id: userId, name: DEMO_ADMIN_NAME } as const;
    // The demo partner pursues both specializations the program data defines, before its usage is
    // imported, so the import keeps the Infra and Database Migration sums beside the AI Platform's.
    const chosen = await setSpecializations(
      ctx,
      { orgId, role: "partner_admin", actor, userId },
      {
        specializations: installedSpecializations(ctx.allPrograms, todayFrom(ctx.now())).map(
          (i) => i.specialization,
        ),
      },
    );
    if (!chosen.ok)
      throw new Error(`the demo's specializations were refused: ${JSON.stringify(chosen.error)}`);
    for (const path of files) {
      const file = basename(path);
      if (file === "audit-evidence.csv") continue;
      const kind = file.replace(/\.(csv|xlsx)$/i, "");
      const job = await importLocalFile(ctx, orgId, path, file, kind as never, actor);
      if (job.state !== "done")
        throw new Error(`the demo file ${file} did not import: ${job.message ?? job.state}`);
    }
    await seedDemoRegister(
      ctx,
      orgId,
      DEMO_ORG,
      { reviewer: actor, author: contributor },
      todayFrom(ctx.now()),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await writeFile(
    join(ctx.config.dataDir, LOGIN_FILE),
    `The demo partner's sign-in (created ${ctx.now().toISOString()}):\nemail: ${DEMO_EMAIL}\npassword: ${password}\n` +
      `The demo's contributor, who filed the evidence: ${DEMO_CONTRIBUTOR.email}, password ${contributorPassword}\n`,
    { mode: 0o600 },
  );
  return { email: DEMO_EMAIL, password };
}

type DemoPerson = { kind: "user"; id: string; name: string };

/** The demo's contributor, a member of the organization (the partner admin added them). */
async function addDemoContributor(
  ctx: AppContext,
  orgId: string,
  adminId: string,
  password: string,
): Promise<DemoPerson> {
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    const user = await r.users.create({
      id: randomUUID(),
      email: DEMO_CONTRIBUTOR.email,
      name: DEMO_CONTRIBUTOR.name,
      passwordHash,
    });
    await r.users.addMember(orgId, user.id, "contributor");
    await r.activity.record(
      orgId,
      { kind: "user", id: adminId, name: DEMO_ADMIN_NAME },
      "member.added",
      `${user.name} (${user.email}) joined as contributor`,
      { userId: user.id, role: "contributor" },
    );
    return { kind: "user", id: user.id, name: user.name };
  });
}

/**
 * Files the demo's evidence register: the contributor uploads and submits, the partner admin reviews.
 * Every file is stored first; the rows go in one transaction, and when it fails the stored files are
 * removed again: the demo is there whole or not at all.
 */
async function seedDemoRegister(
  ctx: AppContext,
  orgId: string,
  partner: string,
  people: { reviewer: DemoPerson; author: DemoPerson },
  asOf: CalendarDate,
): Promise<void> {
  const { reviewer, author } = people;
  const register = buildDemoRegister(asOf);
  const projects = new Map(register.projects.map((p) => [p.key, p]));
  const items = register.evidence.map((item) => ({ item, id: newEvidenceId() }));
  const stored = new Map<string, StoredFile & { fileName: string }>();
  try {
    for (const { item, id } of items) {
      if (item.file === undefined) continue;
      const project = projects.get(item.project);
      if (project === undefined) throw new Error(`the demo evidence "${item.title}" has no project`);
      // pdfkit loads only while the demo is seeded (about 14 MB).
      const { demoEvidenceFile } = await import("./demo-evidence-files.js");
      const bytes = await demoEvidenceFile({ ...item, file: item.file }, project, partner);
      const file = await storeEvidenceFile(ctx, orgId, id, 1, item.file.name, Readable.from([bytes]));
      stored.set(id, { ...file, fileName: item.file.name });
    }
    await ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const projectIds = new Map<string, string>();
      for (const p of register.projects) {
        const row = await r.customerProjects.create(orgId, {
          customerTenantId: p.customerTenantId,
          customerName: p.customerName,
          project: p.project,
          workload: p.workload,
          aiServices: p.aiServices,
          completionDate: p.completionDate,
          greenfield: p.greenfield,
          stage: p.stage,
        });
        if (row === "duplicate") throw new Error(`the demo project "${p.project}" is listed twice`);
        projectIds.set(p.key, row.id);
      }
      const as = (who: DemoPerson, comment: string | null) => ({
        comment,
        actorId: who.id,
        actorName: who.name,
      });
      for (const { item, id } of items) {
        const projectId = projectIds.get(item.project);
        if (projectId === undefined) throw new Error(`the demo evidence "${item.title}" has no project`);
        await r.evidence.create(orgId, {
          id,
          kind: item.file === undefined ? "link" : "file",
          title: item.title,
          artifactType: item.artifactType,
          projectId,
          url: item.url ?? null,
          note: null,
          controls: [item.control],
          createdBy: author.id,
          createdByName: author.name,
        });
        const file = stored.get(id);
        if (file !== undefined)
          await r.evidence.addRevision(orgId, {
            evidenceId: id,
            storageKey: file.key,
            fileName: file.fileName,
            size: file.size,
            sha256: file.sha256,
            mediaType: file.mediaType,
            uploadedBy: author.id,
            uploadedByName: author.name,
          });
        if (item.status === "draft") continue;
        await r.evidence.setStatus(orgId, id, "draft", "ready", as(author, null));
        if (item.status === "approved")
          await r.evidence.approve(orgId, id, { ...as(reviewer, null), selfApproved: false });
        if (item.status === "changes_requested")
          await r.evidence.setStatus(
            orgId,
            id,
            "ready",
            "changes_requested",
            as(reviewer, item.comment ?? null),
          );
      }
      for (const [controlId, specialty] of Object.entries(register.specialties))
        await r.audit.setSpecialty(orgId, controlId, specialty, reviewer.name);
      await r.audit.upsertPlan(orgId, {
        applicationDate: register.plan.applicationDate,
        auditDate: register.plan.auditDate,
        modules: "A+B",
        updatedByName: reviewer.name,
      });
      await r.organizations.bumpDataVersion(orgId);
      await r.activity.record(
        orgId,
        reviewer,
        "demo.register",
        `Filed the demo's evidence register: ${register.projects.length} customer projects, ${items.length} evidence items`,
        { projects: register.projects.length, evidence: items.length, files: stored.size },
      );
    });
  } catch (error) {
    for (const file of stored.values()) await ctx.evidenceStore.delete(file.key).catch(() => {});
    throw error;
  }
}
