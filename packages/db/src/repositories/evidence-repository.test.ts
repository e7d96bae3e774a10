import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isForeignKeyViolation } from "../database-errors.js";
import type { Database } from "../sql.js";
import {
  buildCustomerProject,
  buildEvidence,
  buildRevision,
  seedOrganization,
} from "../test-support/audit-workspace-builders.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "../test-support/test-databases.js";
import type { CustomerProject } from "./customer-projects-repository.js";
import { repositories } from "./index.js";

/** An organization with a person and two projects of its register. */
async function seedWorkspace(db: Database, name: string) {
  const { org, user } = await seedOrganization(db, name);
  const r = repositories(db);
  const chat = (await r.customerProjects.create(
    org.id,
    buildCustomerProject({ customerName: "Contoso", project: "Chat" }),
  )) as CustomerProject;
  const search = (await r.customerProjects.create(
    org.id,
    buildCustomerProject({ customerName: "Contoso", project: "Search", completionDate: "2025-02-28" }),
  )) as CustomerProject;
  return { org, user, chat, search, actor: { id: user.id, name: user.name } };
}

describe.each(testBackends)("the evidence register on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("creates an item with its controls and project, and reads it back", async () => {
    const { org, chat, actor } = await seedWorkspace(db, "Contoso");
    const r = repositories(db).evidence;
    const item = await r.create(
      org.id,
      buildEvidence(chat.id, actor, {
        title: " Solution design ",
        controls: ["B3.1", "A1.1", "A1.1", "A10.2"],
      }),
    );
    expect(item).toMatchObject({
      kind: "link",
      title: "Solution design",
      artifactType: "architecture-diagram",
      project: {
        id: chat.id,
        customerTenantId: chat.customerTenantId,
        customerName: "Contoso",
        project: "Chat",
        completionDate: "2024-09-30",
      },
      url: "https://contoso.sharepoint.com/sites/ai/architecture.pdf",
      note: null,
      status: "draft",
      controls: ["A1.1", "A10.2", "B3.1"],
      createdBy: actor.name,
      createdById: actor.id,
      currentRevision: null,
      revisionCount: 0,
      lastComment: null,
    });
    expect(await r.get(org.id, item.id)).toEqual(item);
    const note = await r.create(
      org.id,
      buildEvidence(chat.id, actor, { kind: "note", url: null, note: "Met the CTO" }),
    );
    expect(note).toMatchObject({ kind: "note", url: null, note: "Met the CTO", controls: ["A1.1"] });
  });

  it("refuses what an item cannot be: a link without an address, a script address, another organization's project", async () => {
    const { org, chat, actor } = await seedWorkspace(db, "Checks");
    const other = await seedWorkspace(db, "Other");
    const r = repositories(db).evidence;
    await expect(r.create(org.id, buildEvidence(chat.id, actor, { url: null }))).rejects.toThrow();
    await expect(
      r.create(org.id, buildEvidence(chat.id, actor, { url: "javascript:alert(1)" })),
    ).rejects.toThrow();
    await expect(
      r.create(org.id, buildEvidence(chat.id, actor, { kind: "note", url: null })),
    ).rejects.toThrow();
    await expect(r.create(org.id, buildEvidence(chat.id, actor, { title: "" }))).rejects.toThrow();
    await expect(
      r.create(org.id, buildEvidence(chat.id, actor, { controls: ["A1.1; drop"] })),
    ).rejects.toThrow();
    const foreign = await r.create(org.id, buildEvidence(other.chat.id, actor)).catch((e: unknown) => e);
    expect(isForeignKeyViolation(foreign)).toBe(true);
    expect(await r.list(org.id)).toEqual([]);
  });

  it("lists newest first, filtered by control, status, author and project", async () => {
    const { org, chat, search, actor } = await seedWorkspace(db, "Lists");
    const r = repositories(db).evidence;
    const someoneElse = { id: randomUUID(), name: "Grace Hopper" };
    const a = await r.create(
      org.id,
      buildEvidence(chat.id, actor, { title: "a", controls: ["A1.1", "B3.1"] }),
    );
    const b = await r.create(
      org.id,
      buildEvidence(search.id, someoneElse, { title: "b", controls: ["B3.1"] }),
    );
    const c = await r.create(org.id, buildEvidence(chat.id, actor, { title: "c", controls: ["A2.1"] }));
    // Distinct creation times, so the order does not rest on the clock's resolution.
    for (const [id, at] of [
      [a.id, "2026-01-01T10:00:00Z"],
      [b.id, "2026-01-02T10:00:00Z"],
      [c.id, "2026-01-03T10:00:00Z"],
    ])
      await db.query("update evidence_items set created_at = $2 where id = $1", [id as string, at as string]);
    await r.setStatus(org.id, b.id, "draft", "ready", { comment: null, actorId: null, actorName: "x" });
    const titles = async (f: Parameters<typeof r.list>[1]) => (await r.list(org.id, f)).map((e) => e.title);
    expect(await titles({})).toEqual(["c", "b", "a"]);
    expect(await titles({ control: "B3.1" })).toEqual(["b", "a"]);
    expect(await titles({ status: "ready" })).toEqual(["b"]);
    expect(await titles({ createdBy: actor.id })).toEqual(["c", "a"]);
    expect(await titles({ projectId: chat.id, control: "A1.1" })).toEqual(["a"]);
    expect(await titles({ control: "Z9.9" })).toEqual([]);
  });

  it("changes an item, its controls replaced as a set", async () => {
    const { org, chat, search, actor } = await seedWorkspace(db, "Changes");
    const r = repositories(db).evidence;
    const item = await r.create(org.id, buildEvidence(chat.id, actor, { controls: ["A1.1", "B3.1"] }));
    const changed = await r.update(org.id, item.id, {
      title: "Runbook",
      projectId: search.id,
      note: "Reviewed with the customer",
      controls: ["B3.1", "B4.2"],
    });
    expect(changed).toMatchObject({
      title: "Runbook",
      artifactType: "architecture-diagram",
      project: { id: search.id, project: "Search", completionDate: "2025-02-28" },
      note: "Reviewed with the customer",
      controls: ["B3.1", "B4.2"],
    });
    expect((await r.update(org.id, item.id, { note: null }))?.note).toBeNull();
    expect((await r.update(org.id, item.id, { controls: [] }))?.controls).toEqual([]);
    expect((await r.update(org.id, item.id, { title: "Kept controls" }))?.controls).toEqual([]);
  });

  it("numbers revisions 1, 2, … and keeps the earlier ones; the highest is the current one", async () => {
    const { org, chat, actor } = await seedWorkspace(db, "Revisions");
    const r = repositories(db).evidence;
    const item = await r.create(org.id, buildEvidence(chat.id, actor, { kind: "file", url: null }));
    const first = await r.addRevision(org.id, buildRevision(org.id, item.id, { uploadedBy: actor.id }));
    expect(first).toMatchObject({
      evidenceId: item.id,
      revision: 1,
      fileName: "Statement of work.pdf",
      size: 48_213,
      mediaType: "application/pdf",
      uploadedBy: "Ada Lovelace",
      uploadedById: actor.id,
    });
    const second = await r.addRevision(
      org.id,
      buildRevision(org.id, item.id, { fileName: "SOW v2.pdf", size: 0 }),
    );
    expect(second?.revision).toBe(2);
    expect(await r.get(org.id, item.id)).toMatchObject({ currentRevision: second, revisionCount: 2 });
    expect((await r.listRevisions(org.id, item.id)).map((v) => v.revision)).toEqual([1, 2]);
    expect(await r.getRevision(org.id, item.id, 1)).toEqual(first);
    expect(await r.getRevision(org.id, item.id, 3)).toBeNull();
    // Links and notes have no files.
    const link = await r.create(org.id, buildEvidence(chat.id, actor));
    expect(await r.addRevision(org.id, buildRevision(org.id, link.id))).toBeNull();
    // What a revision must be.
    await expect(r.addRevision(org.id, buildRevision(org.id, item.id, { sha256: "ABC" }))).rejects.toThrow();
    await expect(r.addRevision(org.id, buildRevision(org.id, item.id, { size: -1 }))).rejects.toThrow();
    await expect(
      r.addRevision(org.id, buildRevision(org.id, item.id, { storageKey: first?.storageKey as string })),
    ).rejects.toThrow();
    expect(await r.listRevisions(org.id, item.id)).toHaveLength(2);
  });

  it("gives two uploads at once consecutive revisions", async () => {
    const { org, chat, actor } = await seedWorkspace(db, "Concurrent");
    const r = repositories(db).evidence;
    const item = await r.create(org.id, buildEvidence(chat.id, actor, { kind: "file", url: null }));
    // Each upload holds its transaction open a moment after adding its revision, so on PostgreSQL the
    // second one waits on the first (PGlite, one connection, runs them one after the other).
    const upload = () =>
      db.transaction(async (tx) => {
        const v = await repositories(tx).evidence.addRevision(org.id, buildRevision(org.id, item.id));
        await tx.query("select pg_sleep(0.2)");
        return v?.revision;
      });
    const numbers = await Promise.all([upload(), upload(), upload()]);
    expect(numbers.sort()).toEqual([1, 2, 3]);
  });

  it("moves a status only from the one expected, recording each review", async () => {
    const { org, chat, actor } = await seedWorkspace(db, "Reviews");
    const r = repositories(db).evidence;
    const item = await r.create(org.id, buildEvidence(chat.id, actor));
    const review = { comment: null, actorId: actor.id, actorName: actor.name };
    expect(await r.setStatus(org.id, item.id, "draft", "ready", review)).toBe(true);
    // A second reviewer acting on what they saw before: refused, nothing recorded.
    expect(await r.setStatus(org.id, item.id, "draft", "ready", review)).toBe(false);
    expect(
      await r.setStatus(org.id, item.id, "ready", "changes_requested", {
        comment: "Add the signed page",
        actorId: null,
        actorName: "Auditor",
      }),
    ).toBe(true);
    expect(await r.get(org.id, item.id)).toMatchObject({
      status: "changes_requested",
      lastComment: "Add the signed page",
    });
    // Two approvals at once: exactly one wins.
    await r.setStatus(org.id, item.id, "changes_requested", "ready", review);
    const approval = { ...review, selfApproved: false };
    const both = await Promise.all([
      r.approve(org.id, item.id, approval),
      r.approve(org.id, item.id, approval),
    ]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const reviews = await r.reviews(org.id, item.id);
    expect(reviews.map((v) => `${v.fromStatus}->${v.toStatus}`)).toEqual([
      "draft->ready",
      "ready->changes_requested",
      "changes_requested->ready",
      "ready->approved",
    ]);
    expect(reviews[1]).toMatchObject({ comment: "Add the signed page", actor: "Auditor", actorId: null });
    expect(reviews[0]).toMatchObject({ actor: actor.name, actorId: actor.id, revision: null, sha256: null });
    expect(reviews[0]?.at).toMatch(/Z$/);
    // A link has no revisions: what is approved is its address.
    const addressHash = sha256(item.url ?? "");
    expect(reviews[3]).toMatchObject({ revision: null, sha256: addressHash, selfApproved: false });
    expect(await r.get(org.id, item.id)).toMatchObject({
      status: "approved",
      lastComment: null,
      approval: { revision: null, sha256: addressHash, by: actor.name, byId: actor.id, selfApproved: false },
    });
    // Leaving approved ends the approval.
    expect(await r.setStatus(org.id, item.id, "approved", "draft", review)).toBe(true);
    expect(await r.get(org.id, item.id)).toMatchObject({ status: "draft", approval: null });
  });

  it("approves a file for its current revision and SHA-256, and only one that is ready", async () => {
    const { org, chat, actor } = await seedWorkspace(db, "Approvals");
    const r = repositories(db).evidence;
    const item = await r.create(org.id, buildEvidence(chat.id, actor, { kind: "file", url: null }));
    const review = { comment: null, actorId: null, actorName: "Bea Reviewer", selfApproved: false };
    // Without a revision there is nothing to approve.
    await r.setStatus(org.id, item.id, "draft", "ready", review);
    expect(await r.approve(org.id, item.id, review)).toBe(false);
    await r.addRevision(org.id, buildRevision(org.id, item.id));
    const v2 = await r.addRevision(
      org.id,
      buildRevision(org.id, item.id, { uploadedBy: null, uploadedByName: "Cole Contributor" }),
    );
    // The uploader of the latest revision is the author now.
    expect(await r.get(org.id, item.id)).toMatchObject({ authorName: "Cole Contributor", authorId: null });
    // An approval for what the reviewer saw: refused once a newer revision is there.
    expect(await r.approve(org.id, item.id, { ...review, revision: 1 })).toBe(false);
    expect(await r.approve(org.id, item.id, { ...review, revision: 2, comment: "Signed by both" })).toBe(
      true,
    );
    expect(await r.get(org.id, item.id)).toMatchObject({
      status: "approved",
      approval: { revision: 2, sha256: v2?.sha256, by: "Bea Reviewer", selfApproved: false },
    });
    expect((await r.reviews(org.id, item.id)).at(-1)).toMatchObject({
      toStatus: "approved",
      comment: "Signed by both",
      revision: 2,
      sha256: v2?.sha256,
    });
    // Not ready (approved already): refused.
    expect(await r.approve(org.id, item.id, review)).toBe(false);
    const [forRules] = await r.forReadiness(org.id);
    expect(forRules?.contentSha256).toBe(v2?.sha256);
    expect(forRules?.approval).toMatchObject({ revision: 2, sha256: v2?.sha256 });
  });

  it("deletes an item with its revisions, returning the files to remove", async () => {
    const { org, chat, actor } = await seedWorkspace(db, "Deletes");
    const r = repositories(db).evidence;
    const item = await r.create(org.id, buildEvidence(chat.id, actor, { kind: "file", url: null }));
    const v1 = await r.addRevision(org.id, buildRevision(org.id, item.id));
    const v2 = await r.addRevision(org.id, buildRevision(org.id, item.id));
    await r.setStatus(org.id, item.id, "draft", "ready", { comment: null, actorId: null, actorName: "x" });
    expect(await r.allStorageKeys()).toEqual(expect.arrayContaining([v1?.storageKey, v2?.storageKey]));
    expect(await r.delete(org.id, item.id)).toEqual([v1?.storageKey, v2?.storageKey]);
    expect(await r.get(org.id, item.id)).toBeNull();
    expect(await r.listRevisions(org.id, item.id)).toEqual([]);
    expect(await r.reviews(org.id, item.id)).toEqual([]);
    expect(await r.allStorageKeys()).not.toContain(v1?.storageKey);
    expect(await r.delete(org.id, item.id)).toBeNull();
    // The project is free again.
    expect(await repositories(db).customerProjects.delete(org.id, chat.id)).toBe("deleted");
  });

  it("gives the readiness rules every item with its controls and current file in one read", async () => {
    const { org, chat, search, actor } = await seedWorkspace(db, "Readiness");
    const r = repositories(db).evidence;
    const file = await r.create(
      org.id,
      buildEvidence(chat.id, actor, { kind: "file", url: null, title: "SOW", controls: ["B3.1", "A1.1"] }),
    );
    await r.addRevision(org.id, buildRevision(org.id, file.id));
    const v2 = await r.addRevision(org.id, buildRevision(org.id, file.id, { fileName: "SOW signed.pdf" }));
    const link = await r.create(org.id, buildEvidence(search.id, actor, { title: "Deck" }));
    for (const [id, at] of [
      [file.id, "2026-01-01T10:00:00Z"],
      [link.id, "2026-01-02T10:00:00Z"],
    ])
      await db.query("update evidence_items set created_at = $2 where id = $1", [id as string, at as string]);
    expect(await r.forReadiness(org.id)).toEqual([
      {
        id: file.id,
        kind: "file",
        title: "SOW",
        artifactType: "architecture-diagram",
        projectId: chat.id,
        url: null,
        note: null,
        status: "draft",
        controls: ["A1.1", "B3.1"],
        currentRevision: v2,
        contentSha256: v2?.sha256,
        authorName: v2?.uploadedBy,
        approval: null,
      },
      {
        id: link.id,
        kind: "link",
        title: "Deck",
        artifactType: "architecture-diagram",
        projectId: search.id,
        url: "https://contoso.sharepoint.com/sites/ai/architecture.pdf",
        note: null,
        status: "draft",
        controls: ["A1.1"],
        currentRevision: null,
        // A link's content is its address.
        contentSha256: sha256("https://contoso.sharepoint.com/sites/ai/architecture.pdf"),
        authorName: actor.name,
        approval: null,
      },
    ]);
  });

  it("finds nothing of another organization's evidence, for every method taking an id", async () => {
    const theirs = await seedWorkspace(db, "Theirs");
    const mine = await seedWorkspace(db, "Mine");
    const r = repositories(db).evidence;
    const item = await r.create(
      theirs.org.id,
      buildEvidence(theirs.chat.id, theirs.actor, { kind: "file", url: null }),
    );
    const v = await r.addRevision(theirs.org.id, buildRevision(theirs.org.id, item.id));
    await r.setStatus(theirs.org.id, item.id, "draft", "ready", {
      comment: null,
      actorId: null,
      actorName: "x",
    });
    const m = mine.org.id;
    expect(await r.get(m, item.id)).toBeNull();
    expect(await r.list(m)).toEqual([]);
    expect(await r.list(m, { projectId: theirs.chat.id })).toEqual([]);
    expect(await r.forReadiness(m)).toEqual([]);
    expect(await r.listRevisions(m, item.id)).toEqual([]);
    expect(await r.getRevision(m, item.id, 1)).toBeNull();
    expect(await r.reviews(m, item.id)).toEqual([]);
    expect(await r.update(m, item.id, { title: "Stolen", controls: ["A1.1"] })).toBeNull();
    expect(await r.addRevision(m, buildRevision(m, item.id))).toBeNull();
    expect(
      await r.setStatus(m, item.id, "ready", "approved", { comment: null, actorId: null, actorName: "x" }),
    ).toBe(false);
    expect(await r.delete(m, item.id)).toBeNull();
    // Theirs is as it was.
    expect(await r.get(theirs.org.id, item.id)).toMatchObject({
      title: "Architecture diagram",
      status: "ready",
      controls: ["A1.1"],
      currentRevision: v,
      revisionCount: 1,
    });
  });

  it("goes with its organization: deleting one removes its whole workspace and nothing of another's", async () => {
    const gone = await seedWorkspace(db, "Gone");
    const kept = await seedWorkspace(db, "Kept");
    for (const w of [gone, kept]) {
      const r = repositories(db);
      const item = await r.evidence.create(
        w.org.id,
        buildEvidence(w.chat.id, w.actor, { kind: "file", url: null }),
      );
      await r.evidence.addRevision(w.org.id, buildRevision(w.org.id, item.id));
      await r.evidence.setStatus(w.org.id, item.id, "draft", "ready", {
        comment: null,
        actorId: null,
        actorName: "x",
      });
      await r.audit.setSpecialty(w.org.id, "B1.1", "Generative AI", "x");
      await r.audit.upsertPlan(w.org.id, {
        applicationDate: "2026-01-05",
        auditDate: "2026-03-02",
        modules: "A+B",
        updatedByName: "x",
      });
      const finding = await r.audit.createFinding(w.org.id, {
        controlId: "A1.1",
        text: "Missing",
        createdByName: "Auditor",
      });
      await r.audit.createGapReport(w.org.id, {
        issuedOn: "2026-03-04",
        summary: null,
        findings: [finding],
        issuedByName: "Auditor",
      });
      await r.audit.createResult(w.org.id, {
        module: "A+B",
        result: "Pass",
        date: "2026-03-02",
        checklistVersion: "2.0",
        recordedByName: "Auditor",
      });
    }
    const tables = [
      "customer_projects",
      "evidence_items",
      "evidence_controls",
      "evidence_revisions",
      "evidence_reviews",
      "control_specialties",
      "audit_plans",
      "audit_findings",
      "audit_gap_reports",
      "audit_results",
    ];
    const counts = async (orgId: string): Promise<Record<string, number>> =>
      Object.fromEntries(
        await Promise.all(
          tables.map(async (t) => {
            const [row] = await db.query<{ n: number }>(`select count(*) as n from ${t} where org_id = $1`, [
              orgId,
            ]);
            return [t, row?.n ?? 0] as const;
          }),
        ),
      );
    const before = await counts(kept.org.id);
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    await db.query("delete from organizations where id = $1", [gone.org.id]);
    expect(Object.values(await counts(gone.org.id)).every((n) => n === 0)).toBe(true);
    expect(await counts(kept.org.id)).toEqual(before);
  });
});

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
