import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Actor, type Database, repositories } from "@specready/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openTestDatabase,
  testBackends,
} from "../../../../../packages/db/src/test-support/test-databases.js";
import { loadWorkspacePrograms } from "../../server.js";
import { testConfig } from "../../test-support/test-server.js";
import { type AppContext, createAppContext } from "../app-context.js";
import { createCustomerProject } from "../customer-projects/create-customer-project.js";
import { createEvidence } from "../evidence/create-evidence.js";
import { reviewEvidence } from "../evidence/review-evidence.js";
import { updateEvidence } from "../evidence/update-evidence.js";
import { changeMemberRole } from "../members/change-member-role.js";
import type { CommandAccess } from "./command-access.js";
import type { Result } from "./domain-error.js";

/*
 * Commands on a real database without HTTP (Immich's "medium" tests): each answers a typed result or a
 * typed domain error, writes its typed activity event and bumps the organization's data version in its
 * transaction, and leaves nothing behind when it fails.
 */

function succeeded<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe.each(testBackends)("commands on %s", (backend) => {
  let db: Database & { close(): Promise<void> };
  let ctx: AppContext;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "specready-commands-"));
    const [opened, loaded] = await Promise.all([openTestDatabase(backend), loadWorkspacePrograms(undefined)]);
    db = opened;
    ctx = createAppContext({
      db,
      config: testConfig(dataDir),
      programs: loaded.programs,
      program: loaded.program,
    });
  }, 60_000);
  afterAll(async () => {
    await ctx?.readers.close();
    await db?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  /** An organization with a partner admin and a contributor, and one project of the register. */
  async function organization(): Promise<{
    admin: CommandAccess;
    contributor: CommandAccess;
    projectId: string;
  }> {
    const r = repositories(db);
    const orgId = randomUUID();
    await r.organizations.create(orgId, "Contoso AI");
    const people = await Promise.all(
      (["partner_admin", "contributor"] as const).map(async (role) => {
        const id = randomUUID();
        await r.users.create({ id, email: `${id}@contoso.example`, name: `The ${role}`, passwordHash: "x" });
        await r.users.addMember(orgId, id, role);
        const actor: Actor = { kind: "user", id, name: `The ${role}` };
        return { orgId, role, actor, userId: id } satisfies CommandAccess;
      }),
    );
    const [admin, contributor] = people as [CommandAccess, CommandAccess];
    const project = succeeded(
      await createCustomerProject(ctx, admin, {
        customerTenantId: "00000000-0000-4000-8000-00000000c0de",
        customerName: "Fabrikam",
        project: "Claims search",
        completionDate: "2025-03-31",
      }),
    );
    return { admin, contributor, projectId: project.id };
  }

  async function state(orgId: string) {
    const r = repositories(db);
    const [org, activity] = await Promise.all([
      r.organizations.get(orgId),
      db.query<{ action: string; event_version: number | null }>(
        "select action, event_version from activity where org_id = $1 order by id",
        [orgId],
      ),
    ]);
    return { dataVersion: org?.dataVersion, activity };
  }

  const note = (projectId: string) =>
    ({
      kind: "note",
      title: "Decision log summary",
      artifactType: "Decision log",
      projectId,
      controls: ["B4.2"],
      note: "Decisions are logged in the project wiki.",
    }) as const;

  it("writes a typed, versioned activity event and bumps the data version in the command's transaction", async () => {
    const { contributor, projectId } = await organization();
    const before = await state(contributor.orgId);
    const { id } = succeeded(await createEvidence(ctx, contributor, note(projectId)));
    const after = await state(contributor.orgId);
    expect(after.dataVersion).toBe((before.dataVersion as number) + 1);
    expect(after.activity.slice(before.activity.length)).toEqual([
      { action: "evidence.created", event_version: 1 },
    ]);
    expect((await repositories(db).evidence.get(contributor.orgId, id))?.title).toBe("Decision log summary");
  });

  it("answers typed errors and leaves nothing behind: stale, invalid, not found, refused, conflict", async () => {
    const { admin, contributor, projectId } = await organization();
    const { id } = succeeded(await createEvidence(ctx, contributor, note(projectId)));
    const version = (await repositories(db).versions.of("evidence", contributor.orgId, id)) as number;
    const before = await state(contributor.orgId);

    const stale = await updateEvidence(ctx, contributor, {
      evidenceId: id,
      change: { title: "Another title" },
      expected: (v) => v === version - 1,
    });
    expect(stale).toEqual({ ok: false, error: { code: "stale", what: "evidence item", current: version } });

    const invalid = await updateEvidence(ctx, contributor, {
      evidenceId: id,
      change: { title: "Another title", controls: ["Z9.9"] },
    });
    expect(invalid.ok).toBe(false);
    expect(
      !invalid.ok && invalid.error.code === "invalid" && invalid.error.issues.map((i) => i.path),
    ).toEqual(["controls"]);

    expect(
      await updateEvidence(ctx, contributor, { evidenceId: randomUUID(), change: { title: "x" } }),
    ).toEqual({
      ok: false,
      error: { code: "not_found", what: "evidence item" },
    });

    const contributorApproves = await reviewEvidence(ctx, contributor, {
      evidenceId: id,
      request: { action: "approve" },
    });
    expect(!contributorApproves.ok && contributorApproves.error).toMatchObject({
      code: "refused",
      reason: "auth.forbidden",
    });

    const duplicate = await createCustomerProject(ctx, admin, {
      customerTenantId: "00000000-0000-4000-8000-00000000c0de",
      project: "CLAIMS SEARCH",
      completionDate: "2025-03-31",
    });
    expect(!duplicate.ok && duplicate.error).toMatchObject({ code: "conflict", reason: "project.duplicate" });

    const lastAdmin = await changeMemberRole(ctx, admin, { userId: admin.userId as string, role: "viewer" });
    expect(!lastAdmin.ok && lastAdmin.error).toMatchObject({
      code: "conflict",
      reason: "members.last_admin",
    });

    // None of them changed anything, logged anything or bumped the data version.
    expect(await state(contributor.orgId)).toEqual(before);
    expect((await repositories(db).evidence.get(contributor.orgId, id))?.title).toBe("Decision log summary");
  });

  it("refuses a change whose author's role changed after the request was authorized", async () => {
    const { admin, contributor, projectId } = await organization();
    succeeded(await changeMemberRole(ctx, admin, { userId: contributor.userId as string, role: "viewer" }));
    const before = await state(contributor.orgId);
    const late = await createEvidence(ctx, contributor, note(projectId));
    expect(!late.ok && late.error).toMatchObject({ code: "refused", reason: "auth.forbidden" });
    expect(await state(contributor.orgId)).toEqual(before);
  });

  it("applies two simultaneous changes of one item one after the other: neither is lost", async () => {
    const { admin, contributor, projectId } = await organization();
    for (let round = 0; round < 10; round++) {
      const { id } = succeeded(await createEvidence(ctx, contributor, note(projectId)));
      const [a, b] = await Promise.all([
        updateEvidence(ctx, admin, { evidenceId: id, change: { title: `Round ${round}` } }),
        updateEvidence(ctx, contributor, { evidenceId: id, change: { controls: ["B4.2", "B3.1"] } }),
      ]);
      expect([a.ok, b.ok]).toEqual([true, true]);
      const item = await repositories(db).evidence.get(contributor.orgId, id);
      expect({ title: item?.title, controls: item?.controls }).toEqual({
        title: `Round ${round}`,
        controls: ["B3.1", "B4.2"],
      });
    }
  });
});
