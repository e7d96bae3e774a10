import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "./migrate.js";
import { repositories } from "./repositories/index.js";
import type { Sql } from "./sql.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "./test-support/test-databases.js";

/** An import as the schema before 0010 stored it: its row and its records. */
async function oldImport(
  sql: Sql,
  orgId: string,
  kind: "certifications" | "capability-score",
  records: unknown[],
  status: "active" | "reverted" = "active",
): Promise<string> {
  const id = randomUUID();
  await sql.query(
    `insert into imports (id, org_id, kind, file_name, size, sha256, rows, program_id, status, created_by_name,
       created_at)
     values ($1, $2, $3, $4, 10, $5, $6, 'ai-ml-azure-fy24', $7, 'Ivy Importer', '2025-08-01T10:00:00Z')`,
    [id, orgId, kind, `${kind}.csv`, "0".repeat(64), records.length, status],
  );
  await sql.query("insert into import_records (import_id, org_id, records) values ($1, $2, $3::jsonb)", [
    id,
    orgId,
    JSON.stringify(records),
  ]);
  return id;
}

const cert = (
  personId: string,
  certification: string,
  line: number,
  extra: Record<string, unknown> = {},
) => ({
  personId,
  certification,
  source: { file: "certifications.csv", line },
  ...extra,
});

describe.each(testBackends)("migration 0010 (people and score) on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("makes the latest certifications import the people records, and every score import an entry of the history", async () => {
    const all = await readMigrations();
    const before = all.filter((m) => m.version < 10);
    await migrate(db, before);
    const orgId = randomUUID();
    await db.query("insert into organizations (id, name) values ($1, 'Contoso')", [orgId]);
    await oldImport(db, orgId, "certifications", [cert("old@contoso.example", "DP-100", 2)]);
    const latest = await oldImport(db, orgId, "certifications", [
      cert("Ana@contoso.example", "DP-100", 2, {
        personName: "Ana",
        earnedDate: "2025-03-03",
        associated: false,
      }),
      cert("ana@contoso.example", "AI-102", 3, { expirationDate: "2026-01-01" }),
      cert("ben@contoso.example", "AI-102", 5),
    ]);
    await oldImport(db, orgId, "certifications", [cert("gone@contoso.example", "DP-100", 2)], "reverted");
    const score = await oldImport(db, orgId, "capability-score", [
      {
        solutionArea: "Data & AI (Azure)",
        metric: "Deployments",
        points: "12",
        source: { file: "s.csv", line: 2 },
      },
    ]);
    await migrate(db, all);

    const r = repositories(db);
    const rows = await r.people.certificationRows(orgId);
    expect(
      rows.map((c) => [
        c.personId,
        c.personName,
        c.certification,
        c.earnedOn,
        c.expiresOn,
        c.associated,
        c.sourceLine,
      ]),
    ).toEqual([
      ["Ana@contoso.example", "Ana", "DP-100", "2025-03-03", null, false, 2],
      ["Ana@contoso.example", "Ana", "AI-102", null, "2026-01-01", null, 3],
      ["ben@contoso.example", null, "AI-102", null, null, null, 5],
    ]);
    expect(rows.every((c) => c.importId === latest && c.editedAt === null)).toBe(true);
    expect((await r.people.list(orgId)).map((p) => p.personId)).toEqual([
      "Ana@contoso.example",
      "ben@contoso.example",
    ]);
    const entries = await r.capabilityScore.list(orgId);
    expect(entries.map((e) => [e.importId, e.shownOn, e.importFileName])).toEqual([
      [score, "2025-08-01", "capability-score.csv"],
    ]);
    expect(entries[0]?.records).toHaveLength(1);
  });
});
