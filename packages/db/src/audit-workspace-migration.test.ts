import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrate.js";
import { repositories } from "./repositories/index.js";
import type { Sql } from "./sql.js";
import { seedOrganization } from "./test-support/audit-workspace-builders.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "./test-support/test-databases.js";

/** A customer-projects import as the server stores it: the reader's records, with their source lines. */
async function importProjects(
  sql: Sql,
  orgId: string,
  records: unknown,
  options: { status?: "active" | "reverted"; at?: string } = {},
) {
  const id = randomUUID();
  await sql.query(
    `insert into imports (id, org_id, kind, file_name, size, sha256, rows, program_id, created_by_name, status,
       created_at)
     values ($1, $2, 'customer-projects', 'customer-projects.xlsx', 100, $3, 1, 'ai-ml-azure-fy24', 'Ada', $4, $5)`,
    [id, orgId, "c".repeat(64), options.status ?? "active", options.at ?? "2026-01-10T09:00:00Z"],
  );
  await sql.query("insert into import_records (import_id, org_id, records) values ($1, $2, $3::jsonb)", [
    id,
    orgId,
    JSON.stringify(records),
  ]);
  return id;
}

const row = (fields: Record<string, unknown>, line: number) => ({
  customerTenantId: "T-1",
  customerName: "Contoso",
  project: "Chat",
  completionDate: "2024-06-30",
  source: { file: "customer-projects.xlsx", line },
  ...fields,
});

describe.each(testBackends)("migration 0002 (the audit workspace) on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("runs after 0001 and fills each organization's register from its customer-projects import in effect", async () => {
    const all = await readMigrations();
    expect(all.map((m) => `${m.version}-${m.name}`).slice(0, 2)).toEqual([
      "1-workspace",
      "2-audit-workspace",
    ]);
    expect((await migrate(db, all.slice(0, 1))).applied).toEqual([1]);

    const { org: contoso } = await seedOrganization(db, "Contoso");
    const { org: fabrikam } = await seedOrganization(db, "Fabrikam");
    const { org: empty } = await seedOrganization(db, "No register");
    // An older import: replaced by the newer one.
    await importProjects(db, contoso.id, [row({ project: "Old project" }, 2)], {
      at: "2025-12-01T09:00:00Z",
    });
    await importProjects(db, contoso.id, [
      row(
        {
          customerName: " Contoso Ltd ",
          workload: "RAG over manuals",
          aiServices: ["Azure OpenAI", " ", "Azure AI Search"],
          greenfield: true,
          stage: "production",
        },
        2,
      ),
      row({ customerTenantId: "T-2", customerName: "Northwind", project: "Triage", stage: "pilot" }, 3),
      // The same project again, spelled differently: the last row wins.
      row({ customerTenantId: "t-1", project: "CHAT", completionDate: "2024-07-31", greenfield: false }, 4),
      // Rows that would not fit the register are left out rather than stopping the upgrade.
      row({ project: "Bad date", completionDate: "2024-02-30" }, 5),
      row({ project: "No date", completionDate: null }, 6),
      row({ project: "   " }, 7),
      "not a record",
      row({ project: "Leap day", completionDate: "2024-02-29", stage: "retired", greenfield: "yes" }, 9),
    ]);
    // A newer import that was undone is not in effect.
    await importProjects(db, contoso.id, [row({ project: "Undone" }, 2)], {
      status: "reverted",
      at: "2026-02-01T09:00:00Z",
    });
    await importProjects(db, fabrikam.id, [row({ customerTenantId: "F-1", project: "Vision" }, 2)], {
      at: "2026-01-11T10:30:00.5Z",
    });

    expect((await migrate(db, (await readMigrations()).slice(0, 2))).applied).toEqual([2]);
    expect((await migrate(db, (await readMigrations()).slice(0, 2))).applied).toEqual([]);

    const r = repositories(db).customerProjects;
    const projects = await r.list(contoso.id);
    expect(
      projects.map(({ id, createdAt, updatedAt, ...p }) => {
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect(createdAt).toBe("2026-01-10T09:00:00.000Z");
        expect(updatedAt).toBe(createdAt);
        return p;
      }),
    ).toEqual([
      {
        customerTenantId: "t-1",
        customerName: "Contoso",
        project: "CHAT",
        workload: null,
        aiServices: [],
        completionDate: "2024-07-31",
        greenfield: false,
        stage: null,
        evidenceCount: 0,
      },
      {
        customerTenantId: "T-1",
        customerName: "Contoso",
        project: "Leap day",
        workload: null,
        aiServices: [],
        completionDate: "2024-02-29",
        greenfield: null,
        stage: null,
        evidenceCount: 0,
      },
      {
        customerTenantId: "T-2",
        customerName: "Northwind",
        project: "Triage",
        workload: null,
        aiServices: [],
        completionDate: "2024-06-30",
        greenfield: null,
        stage: "pilot",
        evidenceCount: 0,
      },
    ]);
    expect(await r.list(fabrikam.id)).toMatchObject([
      { customerTenantId: "F-1", project: "Vision", createdAt: "2026-01-11T10:30:00.500Z" },
    ]);
    expect(await r.list(empty.id)).toEqual([]);
  });
});

describe.each(testBackends)("migration 0002 with services and names on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("carries every field of a record (trimmed names, services as a list, flags) and survives records that are not a list", async () => {
    await migrate(db, (await readMigrations()).slice(0, 1));
    const { org } = await seedOrganization(db, "Adatum");
    const { org: broken } = await seedOrganization(db, "Broken");
    await importProjects(db, org.id, [
      row(
        {
          customerName: " Adatum Corp ",
          workload: " RAG over manuals ",
          aiServices: ["Azure OpenAI", " ", " Azure AI Search "],
          greenfield: true,
          stage: "production",
          customerTenantId: " T-9 ",
          project: " Manuals ",
        },
        2,
      ),
    ]);
    await importProjects(db, broken.id, { notAnArray: true });
    expect((await migrate(db, (await readMigrations()).slice(0, 2))).applied).toEqual([2]);
    expect(await repositories(db).customerProjects.list(org.id)).toMatchObject([
      {
        customerTenantId: "T-9",
        customerName: "Adatum Corp",
        project: "Manuals",
        workload: "RAG over manuals",
        aiServices: ["Azure OpenAI", "Azure AI Search"],
        completionDate: "2024-06-30",
        greenfield: true,
        stage: "production",
      },
    ]);
    expect(await repositories(db).customerProjects.list(broken.id)).toEqual([]);
  });
});
