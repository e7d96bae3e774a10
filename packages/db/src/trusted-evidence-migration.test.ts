import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrate.js";
import { repositories } from "./repositories/index.js";
import type { Sql } from "./sql.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "./test-support/test-databases.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** An item as version 2 of the schema stored it, with its revisions and reviews. */
async function oldItem(
  sql: Sql,
  orgId: string,
  projectId: string,
  item: {
    kind: "file" | "link" | "note";
    status: string;
    url?: string;
    note?: string;
    revisions?: { by: string | null; byName: string; sha: string }[];
    reviews?: { to: string; by: string | null; byName: string }[];
  },
): Promise<string> {
  const id = randomUUID();
  await sql.query(
    `insert into evidence_items (id, org_id, kind, title, artifact_type, project_id, url, note, status,
       created_by, created_by_name)
     values ($1, $2, $3, 'Item', 'Signed SOW', $4, $5, $6, $7, null, 'Cole Creator')`,
    [id, orgId, item.kind, projectId, item.url ?? null, item.note ?? null, item.status],
  );
  for (const [i, v] of (item.revisions ?? []).entries())
    await sql.query(
      `insert into evidence_revisions (evidence_id, org_id, revision, storage_key, file_name, size, sha256,
         media_type, uploaded_by, uploaded_by_name)
       values ($1, $2, $3, $4, 'sow.pdf', 10, $5, 'application/pdf', $6, $7)`,
      [id, orgId, i + 1, `k/${id}/${i}`, v.sha, v.by, v.byName],
    );
  for (const r of item.reviews ?? [])
    await sql.query(
      `insert into evidence_reviews (evidence_id, org_id, from_status, to_status, actor_id, actor_name)
       values ($1, $2, 'ready', $3, $4, $5)`,
      [id, orgId, r.to, r.by, r.byName],
    );
  return id;
}

describe.each(testBackends)("migration 0003 (trusted evidence) on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("keeps approved items approved for what they hold, by whoever approved them, and names each item's author", async () => {
    const all = await readMigrations();
    expect(all.map((m) => `${m.version}-${m.name}`)).toContain("3-trusted-evidence");
    await migrate(db, all.slice(0, 2));
    const orgId = randomUUID();
    const projectId = randomUUID();
    const uploader = randomUUID();
    const reviewer = randomUUID();
    await db.query("insert into organizations (id, name) values ($1, 'Contoso')", [orgId]);
    await db.query(
      `insert into customer_projects (id, org_id, customer_tenant_id, project, completion_date)
       values ($1, $2, '8f2d6a4e-1c3b-4f5a-9e7d-2b1c0a9f8e7d', 'Chat', '2026-01-10')`,
      [projectId, orgId],
    );
    const approvedFile = await oldItem(db, orgId, projectId, {
      kind: "file",
      status: "approved",
      revisions: [
        { by: null, byName: "Ada Admin", sha: "a".repeat(64) },
        { by: uploader, byName: "Uma Uploader", sha: "b".repeat(64) },
      ],
      reviews: [
        { to: "approved", by: null, byName: "First approval" },
        { to: "changes_requested", by: reviewer, byName: "Rita Reviewer" },
        { to: "approved", by: reviewer, byName: "Rita Reviewer" },
      ],
    });
    const selfApproved = await oldItem(db, orgId, projectId, {
      kind: "file",
      status: "approved",
      revisions: [{ by: uploader, byName: "Uma Uploader", sha: "c".repeat(64) }],
      reviews: [{ to: "approved", by: uploader, byName: "Uma Uploader" }],
    });
    const approvedLink = await oldItem(db, orgId, projectId, {
      kind: "link",
      status: "approved",
      url: "https://contoso.sharepoint.com/sow",
    });
    const draftNote = await oldItem(db, orgId, projectId, { kind: "note", status: "draft", note: "Signed." });
    const emptyFile = await oldItem(db, orgId, projectId, { kind: "file", status: "approved" });
    await db.query(
      `insert into audit_results (id, org_id, module, result, date, checklist_version, recorded_by_name)
       values ($1, $2, 'A+B', 'Pass', '2026-02-01', 'V1.7', 'Ivy Auditor')`,
      [randomUUID(), orgId],
    );

    expect((await migrate(db, all.slice(0, 3))).applied).toEqual([3]);

    const r = repositories(db).evidence;
    expect(await r.get(orgId, approvedFile)).toMatchObject({
      status: "approved",
      authorName: "Uma Uploader",
      authorId: uploader,
      approval: {
        revision: 2,
        sha256: "b".repeat(64),
        by: "Rita Reviewer",
        byId: reviewer,
        selfApproved: false,
      },
    });
    expect(await r.get(orgId, selfApproved)).toMatchObject({
      approval: { revision: 1, sha256: "c".repeat(64), by: "Uma Uploader", selfApproved: true },
    });
    // No review recorded who approved the link: the approval is kept, its approver unknown.
    expect(await r.get(orgId, approvedLink)).toMatchObject({
      status: "approved",
      authorName: "Cole Creator",
      approval: {
        revision: null,
        sha256: sha256("https://contoso.sharepoint.com/sow"),
        by: "an earlier version of specready",
      },
    });
    expect(await r.get(orgId, draftNote)).toMatchObject({
      status: "draft",
      approval: null,
      authorName: "Cole Creator",
    });
    // An approved file without any revision had nothing approved: a draft again.
    expect(await r.get(orgId, emptyFile)).toMatchObject({ status: "draft", approval: null });
    // Recorded results stand, none withdrawn; organizations ask for a second person by default.
    expect(await repositories(db).audit.listResults(orgId)).toMatchObject([
      { withdrawn: null, openFindings: 0 },
    ]);
    expect(await repositories(db).organizations.reviewPolicy(orgId)).toEqual({
      allowSelfApproval: false,
      changedBy: null,
      changedAt: null,
    });
    // The approval is an invariant of the table: approved without what was approved is refused.
    await expect(
      db.query("update evidence_items set status = 'approved' where id = $1", [draftNote]),
    ).rejects.toThrow(/evidence_items_approval/);
  });
});
