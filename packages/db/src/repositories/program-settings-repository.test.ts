import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganization } from "../test-support/audit-workspace-builders.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "../test-support/test-databases.js";
import { repositories } from "./index.js";

describe.each(testBackends)("program settings and the designation import on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("starts with the version in effect on the date and no provisional versions", async () => {
    const { org } = await seedOrganization(db, "Contoso");
    expect(await repositories(db).programSettings.get(org.id)).toEqual({
      pinnedProgramId: null,
      includeProvisional: false,
    });
    expect(await repositories(db).programSettings.get(randomUUID())).toBeUndefined();
  });

  it("stores a pinned version and the opt-in, and marks the evaluated data as changed", async () => {
    const { org } = await seedOrganization(db, "Fabrikam");
    const r = repositories(db);
    const before = (await r.organizations.get(org.id))?.dataVersion ?? 0;
    await r.programSettings.set(org.id, { pinnedProgramId: "ai-ml-azure-fy24", includeProvisional: true });
    expect(await r.programSettings.get(org.id)).toEqual({
      pinnedProgramId: "ai-ml-azure-fy24",
      includeProvisional: true,
    });
    expect((await r.organizations.get(org.id))?.dataVersion).toBe(before + 1);
    // Another organization keeps its own.
    const other = await seedOrganization(db, "Northwind");
    expect((await r.programSettings.get(other.org.id))?.pinnedProgramId).toBeNull();
  });

  it("refuses an id the program data could not name", async () => {
    const { org } = await seedOrganization(db, "Tailspin");
    await expect(
      repositories(db).programSettings.set(org.id, {
        pinnedProgramId: "Robert'); drop table x;--",
        includeProvisional: false,
      }),
    ).rejects.toThrow();
  });

  it("accepts a designation import next to the other kinds", async () => {
    const { org, user } = await seedOrganization(db, "Woodgrove");
    const r = repositories(db).imports;
    const id = randomUUID();
    await r.create({
      id,
      orgId: org.id,
      kind: "designation",
      fileName: "designation.csv",
      size: 80,
      sha256: "0".repeat(64),
      rows: 1,
      months: [],
      programId: "ai-ml-azure-fy24",
      mapping: {},
      warnings: [],
      createdByUser: user.id,
      createdByToken: null,
      createdByName: user.name,
    });
    await r.addRecords(org.id, id, [{ solutionArea: "Data & AI (Azure)", status: "Enrolled" }]);
    const found = await r.effectiveRecords(org.id, ["designation"]);
    expect(found.get("designation")?.records).toEqual([
      { solutionArea: "Data & AI (Azure)", status: "Enrolled" },
    ]);
  });
});
