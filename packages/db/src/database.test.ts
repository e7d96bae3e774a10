import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_TABLES, backupDatabase, RestoreError, restoreDatabase } from "./backup.js";
import { migrate, readMigrations } from "./migrate.js";
import { repositories } from "./repositories/index.js";
import type { Database } from "./sql.js";
import {
  buildCustomerProject,
  buildEvidence,
  buildRevision,
} from "./test-support/audit-workspace-builders.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "./test-support/test-databases.js";

const system = { kind: "system", id: null, name: "specready" } as const;

/** How to list a table's rows in one order on both sides of a restore: its key, when it is not `id`. */
const ORDER_BY: Partial<Record<(typeof BACKUP_TABLES)[number], string>> = {
  recovery_codes: "user_id, code_hash",
  entra_identities: "tenant_id, object_id",
  memberships: "org_id, user_id",
  import_usage_months: "import_id, month",
  import_usage_program_months: "import_id, program_id, month",
  import_records: "import_id",
  column_mappings: "org_id",
  applications: "org_id",
  evidence_controls: "evidence_id, control_id",
  evidence_revisions: "evidence_id, revision",
  control_specialties: "org_id, control_id",
  audit_plans: "org_id",
  reminder_preferences: "org_id, user_id",
  reminder_settings: "org_id",
};

/** A row in every table of the audit workspace, so a backup has something of each to carry. */
async function seedAuditWorkspace(db: Database, orgId: string, user: { id: string; name: string }) {
  const r = repositories(db);
  const project = await r.customerProjects.create(orgId, buildCustomerProject());
  if (project === "duplicate") throw new Error("the register already had the project");
  const item = await r.evidence.create(
    orgId,
    buildEvidence(project.id, user, { kind: "file", url: null, controls: ["A1.1", "B3.1"] }),
  );
  await r.evidence.addRevision(orgId, buildRevision(orgId, item.id, { uploadedBy: user.id }));
  await r.evidence.setStatus(orgId, item.id, "draft", "ready", {
    comment: "Ready for review",
    actorId: user.id,
    actorName: user.name,
  });
  await r.audit.setSpecialty(orgId, "B1.1", "Generative AI", user.name);
  await r.audit.upsertPlan(orgId, {
    applicationDate: "2026-01-05",
    auditDate: "2026-03-02",
    modules: "A+B",
    updatedByName: user.name,
  });
  const finding = await r.audit.createFinding(orgId, {
    controlId: "A1.1",
    text: "The statement of work is not signed",
    createdByName: "Auditor",
  });
  await r.audit.createGapReport(orgId, {
    issuedOn: "2026-03-04",
    summary: "One gap",
    findings: [finding],
    issuedByName: "Auditor",
  });
  await r.audit.createResult(orgId, {
    module: "A+B",
    result: "Pass",
    date: "2026-03-20",
    checklistVersion: "2.0",
    recordedByName: "Auditor",
  });
  // The People page and the capability score form (issue 18).
  const person = await r.people.create(orgId, { personId: "ana@contoso.example", name: "Ana", edited: true });
  if (person === "duplicate") throw new Error("the person was there already");
  await r.people.addCertification(
    orgId,
    person.id,
    { certification: "AI-103", earnedOn: "2026-02-01", expiresOn: null, associated: true },
    user.name,
  );
  await r.capabilityScore.addEntry(orgId, {
    shownOn: "2026-02-02",
    solutionArea: "Data & AI (Azure)",
    points: { Deployments: "12" },
    createdByName: user.name,
  });
  await r.reminders.setPreferences(orgId, user.id, { disabledKinds: ["acr_window"], digest: false });
  await r.reminders.setSettings(orgId, {
    reviewWaitDays: 3,
    teamsWebhookUrl: "https://contoso.example/hook",
  });
  await r.reminders.enqueue(orgId, new Date("2026-02-02T09:00:00Z"), [
    {
      dedupeKey: `email:${user.id}:open_finding:f1`,
      channel: "email",
      userId: user.id,
      kind: "open_finding",
      subject: "Open audit finding on B1.1",
      payload: { topic: "open_finding", subject: "Open audit finding on B1.1", lines: ["x"] },
    },
  ]);
  await r.reminders.signingKey("k".repeat(43));
}

async function seedOrg(db: Database, name: string) {
  const r = repositories(db);
  const org = await r.organizations.create(randomUUID(), name);
  const user = await r.users.create({
    id: randomUUID(),
    email: `${name.toLowerCase().replace(/\W/g, "")}@example.com`,
    name: `${name} admin`,
    passwordHash: "$argon2id$test",
  });
  await r.users.addMember(org.id, user.id, "partner_admin");
  return { org, user };
}

describe.each(testBackends)("the workspace database on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    dir = await mkdtemp(join(tmpdir(), "specready-db-"));
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("migrates once: a second run applies nothing", async () => {
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    const [row] = await db.query<{ v: number }>("select max(version) as v from schema_migrations");
    // Versions are reserved per change, so they need not be contiguous: the newest is applied.
    expect(row?.v).toBe(Math.max(...(await readMigrations()).map((m) => m.version)));
  });

  it("keeps calendar dates, exact numerics and timestamps as text", async () => {
    const [row] = await db.query<{ d: string; n: string; t: string }>(
      "select '2024-02-29'::date as d, 12345678901234567890.12::numeric as n, '2026-01-02 03:04:05+00'::timestamptz as t",
    );
    // One spelling per instant, as JavaScript writes it (milliseconds), microseconds only when present.
    const [f] = await db.query<{ ms: string; us: string }>(
      "select '2026-01-02 03:04:05.12+00'::timestamptz as ms, '2026-01-02 03:04:05.123456+00'::timestamptz as us",
    );
    expect(f).toEqual({ ms: "2026-01-02T03:04:05.120Z", us: "2026-01-02T03:04:05.123456Z" });
    expect(row).toEqual({ d: "2024-02-29", n: "12345678901234567890.12", t: "2026-01-02T03:04:05.000Z" });
  });

  it("reads json and jsonb values back as parsed JSON, in and out of a transaction", async () => {
    const text = `select $1::json as j, $1::jsonb as b, null::json as none, 'null'::json as jnull,
      '"a \\"quoted\\" text"'::json as s, '[1, 2.5, {"x": []}]'::jsonb as a, 7 as n`;
    const value = {
      month: "2025-08",
      amounts: ["12.50", "-0.01"],
      name: "Contoso \u00e9\u{1f600}",
      nested: { k: null },
    };
    const expected = {
      j: value,
      b: value,
      none: null,
      jnull: null,
      s: 'a "quoted" text',
      a: [1, 2.5, { x: [] }],
      n: 7,
    };
    expect(await db.query(text, [JSON.stringify(value)])).toEqual([expected]);
    expect(await db.transaction((tx) => tx.query(text, [JSON.stringify(value)]))).toEqual([expected]);
  });

  it("rolls a failed transaction back entirely", async () => {
    const before = await repositories(db).organizations.count();
    await expect(
      db.transaction(async (tx) => {
        await repositories(tx).organizations.create(randomUUID(), "Rolled back");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await repositories(db).organizations.count()).toBe(before);
  });

  it("ends a transaction only after the statements asked at once: none runs after its rollback", async () => {
    const names = [randomUUID(), randomUUID(), randomUUID()];
    const later: Promise<unknown>[] = [];
    await expect(
      db.transaction(async (tx) => {
        const r = repositories(tx);
        // Asked together; the second fails, and the work gives up on it before the third has run.
        const first = r.organizations.create(names[0] as string, "Queued first");
        const failing = tx.query("select 1 / (select count(*) - count(*) from organizations) as boom");
        later.push(r.organizations.create(names[1] as string, "Queued after the failure"));
        later.push(r.organizations.create(names[2] as string, "Queued last"));
        for (const p of later) p.catch(() => {});
        await first;
        await failing;
      }),
    ).rejects.toThrow(/division by zero/);
    await Promise.allSettled(later);
    // Nothing of it is left, and the connections serve the next transactions.
    for (const id of names) expect(await repositories(db).organizations.get(id)).toBeUndefined();
    for (let k = 0; k < 6; k++)
      expect(await db.transaction(async (tx) => (await tx.query<{ n: number }>("select 1 as n"))[0]?.n)).toBe(
        1,
      );
  });

  it("answers queries asked at once inside a transaction, in order, without pg's concurrent-query warning", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      const answers = await db.transaction((tx) =>
        Promise.all(
          [1, 2, 3, 4, 5].map(async (n) => {
            const [row] = await tx.query<{ n: number }>("select $1::int as n, pg_sleep(0.01)", [n]);
            return row?.n;
          }),
        ),
      );
      expect(answers).toEqual([1, 2, 3, 4, 5]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((message) => /already executing a query/.test(message))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("scopes every organization's data: another organization's ids find nothing", async () => {
    const a = await seedOrg(db, "Contoso");
    const b = await seedOrg(db, "Fabrikam");
    const r = repositories(db);
    const importId = randomUUID();
    await r.imports.create({
      id: importId,
      orgId: a.org.id,
      kind: "certifications",
      fileName: "certifications.csv",
      size: 10,
      sha256: "a".repeat(64),
      rows: 1,
      months: [],
      programId: "ai-ml-azure-fy24",
      mapping: {},
      warnings: [],
      createdByUser: a.user.id,
      createdByToken: null,
      createdByName: a.user.name,
    });
    await r.imports.addRecords(a.org.id, importId, [{ personId: "p1" }]);
    expect(await r.imports.get(a.org.id, importId)).toMatchObject({ kind: "certifications", warnings: [] });
    expect(await r.imports.get(b.org.id, importId)).toBeUndefined();
    expect(await r.imports.revert(b.org.id, importId)).toBe(false);
    expect((await r.imports.effectiveRecords(b.org.id)).size).toBe(0);
    expect((await r.imports.effectiveRecords(a.org.id)).get("certifications")?.records).toEqual([
      { personId: "p1" },
    ]);
    expect(await r.users.roleIn(b.org.id, a.user.id)).toBeUndefined();
    expect(await r.users.setRole(b.org.id, a.user.id, "viewer")).toBe(false);
  });

  it("puts the previous data back when an import is reverted, month by month for usage", async () => {
    const { org, user } = await seedOrg(db, "Northwind");
    const r = repositories(db);
    const add = async (months: Record<string, string>) => {
      const id = randomUUID();
      await r.imports.create({
        id,
        orgId: org.id,
        kind: "azure-usage",
        fileName: "azure-usage.csv",
        size: 1,
        sha256: "b".repeat(64),
        rows: 1,
        months: Object.keys(months),
        programId: "ai-ml-azure-fy24",
        mapping: {},
        warnings: [],
        createdByUser: user.id,
        createdByToken: null,
        createdByName: user.name,
      });
      for (const [m, tag] of Object.entries(months)) {
        await r.imports.addUsageMonth(org.id, id, m, { tag });
        // The second import was made while another specialization was pursued: it keeps its sums too.
        if (tag === "second")
          await r.imports.addUsageProgramMonth(org.id, id, "infra-db-migration-2023", m, { tag });
      }
      return id;
    };
    await add({ "2024-01": "first", "2024-02": "first" });
    const second = await add({ "2024-02": "second", "2024-03": "second" });
    // Per month in effect, the program's sums of the import in effect, or null when it kept none.
    expect(
      (await r.imports.effectiveUsageProgramMonths(org.id, "infra-db-migration-2023")).map((m) => [
        m.month,
        (m.summary as { tag: string } | null)?.tag ?? null,
      ]),
    ).toEqual([
      ["2024-01", null],
      ["2024-02", "second"],
      ["2024-03", "second"],
    ]);
    const tags = async () =>
      (await r.imports.effectiveUsageMonths(org.id)).map(
        (m) => `${m.month}:${(m.summary as { tag: string }).tag}`,
      );
    expect(await tags()).toEqual(["2024-01:first", "2024-02:second", "2024-03:second"]);
    // Only the months asked for (an import's impact reads the months it replaces).
    expect(
      (await r.imports.effectiveUsageMonths(org.id, { months: ["2024-02", "2024-09"] })).map(
        (m) => `${m.month}:${(m.summary as { tag: string }).tag}`,
      ),
    ).toEqual(["2024-02:second"]);
    expect(await r.imports.effectiveUsageMonths(org.id, { months: [] })).toEqual([]);
    // The months in effect and their imports without the summaries (a caller that holds them, or
    // needs the months only).
    const bare = await r.imports.effectiveUsageMonths(org.id, { summaries: false });
    expect(bare.map((m) => [m.month, m.summary])).toEqual([
      ["2024-01", null],
      ["2024-02", null],
      ["2024-03", null],
    ]);
    expect(bare.map((m) => m.importId)).toEqual(
      (await r.imports.effectiveUsageMonths(org.id)).map((m) => m.importId),
    );
    expect(await r.imports.revert(org.id, second)).toBe(true);
    expect(await tags()).toEqual(["2024-01:first", "2024-02:first"]);
  });

  it("pages and filters the activity log, newest first", async () => {
    const { org, user } = await seedOrg(db, "Litware");
    const r = repositories(db);
    const actor = { kind: "user", id: user.id, name: "Ada Lovelace" } as const;
    for (let i = 1; i <= 5; i++)
      await r.activity.record(org.id, actor, "import.created", `import ${i}`, { i });
    await r.activity.record(org.id, system, "organization.created", "created");
    const first = await r.activity.list(org.id, { action: "import.created", limit: 2 });
    expect(first.entries.map((e) => e.summary)).toEqual(["import 5", "import 4"]);
    const second = await r.activity.list(org.id, {
      action: "import.created",
      limit: 2,
      before: first.next ?? 0,
    });
    expect(second.entries.map((e) => e.summary)).toEqual(["import 3", "import 2"]);
    expect((await r.activity.list(org.id, { actor: "ada", limit: 10 })).entries).toHaveLength(5);
    expect((await r.activity.list(org.id, { actor: "100%", limit: 10 })).entries).toHaveLength(0);
    expect(await r.activity.actions(org.id)).toEqual(["import.created", "organization.created"]);
  });

  it("backs up and restores every table, all or nothing", async () => {
    const { org: auditOrg, user: auditUser } = await seedOrg(db, "Audited");
    await seedAuditWorkspace(db, auditOrg.id, auditUser);
    const file = join(dir, `backup-${backend}.jsonl.gz`);
    const result = await backupDatabase(db, file);
    expect(Object.keys(result.tables)).toEqual([...BACKUP_TABLES]);
    expect(result.tables.organizations).toBeGreaterThanOrEqual(4);
    // Each table of the audit workspace holds something, so its columns and types make the round trip.
    for (const table of BACKUP_TABLES.slice(BACKUP_TABLES.indexOf("customer_projects")))
      expect(result.tables[table], table).toBeGreaterThan(0);

    const target = await openTestDatabase(
      backend === "pglite" ? (testBackends.at(-1) ?? "pglite") : "pglite",
    );
    try {
      const restored = await restoreDatabase(target, file);
      expect(restored.tables).toEqual(
        Object.fromEntries(Object.entries(result.tables).filter(([, n]) => n > 0)),
      );
      for (const table of BACKUP_TABLES) {
        const order = ORDER_BY[table] ?? "id";
        const q = `select * from ${table} order by ${order}`;
        expect(await target.query(q), table).toEqual(await db.query(q));
      }
      // The sequences moved past the restored rows: new rows do not collide.
      const [org] = await target.query<{ id: string }>("select id from organizations limit 1");
      await repositories(target).activity.record(org?.id as string, system, "after.restore", "ok");
      const [item] = await target.query<{ id: string; orgId: string }>(
        `select id, org_id as "orgId" from evidence_items where status = 'ready' limit 1`,
      );
      expect(
        await repositories(target).evidence.approve(item?.orgId as string, item?.id as string, {
          comment: null,
          actorId: null,
          actorName: "after restore",
          selfApproved: false,
        }),
      ).toBe(true);
      // A second restore into a database that holds data is refused, and changes nothing.
      await expect(restoreDatabase(target, file)).rejects.toThrow(RestoreError);
      expect(await repositories(target).activity.actions(org?.id as string)).toContain("after.restore");
      // With replace, it is as the backup again.
      await restoreDatabase(target, file, { replace: true });
      expect(await repositories(target).activity.actions(org?.id as string)).not.toContain("after.restore");
    } finally {
      await target.close();
    }
  });

  it("restores long lines of non-ASCII text exactly (characters split between compressed chunks)", async () => {
    const { org } = await seedOrg(db, `Zürich ${backend}`);
    const long = "Zürich 東京 ü".repeat(20_000); // ~300 KB: many 16 KB chunks out of gunzip
    await repositories(db).activity.record(org.id, system, "note.long", long);
    const file = join(dir, `utf8-${backend}.jsonl.gz`);
    await backupDatabase(db, file);
    const target = await openTestDatabase(backend);
    try {
      await restoreDatabase(target, file);
      const [row] = await target.query<{ summary: string }>(
        "select summary from activity where action = 'note.long'",
      );
      expect(row?.summary).toBe(long);
    } finally {
      await target.close();
    }
  }, 60_000);

  it("refuses a file that is not a backup, naming it", async () => {
    const bad = join(dir, "not-a-backup.gz");
    await writeFile(bad, "hello");
    const empty = await openTestDatabase(backend);
    try {
      await expect(restoreDatabase(empty, bad)).rejects.toThrow(
        /not-a-backup\.gz: is not a specready backup/,
      );
      await expect(restoreDatabase(empty, join(dir, "missing.gz"))).rejects.toThrow(
        /missing\.gz: does not exist/,
      );
    } finally {
      await empty.close();
    }
  });
});
