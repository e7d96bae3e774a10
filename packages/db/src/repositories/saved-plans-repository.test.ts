import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganization } from "../test-support/audit-workspace-builders.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "../test-support/test-databases.js";
import { repositories } from "./index.js";

describe.each(testBackends)("saved plans on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("saves a plan under its name, replaces it by name whatever the case, and keeps one active", async () => {
    const { org } = await seedOrganization(db, "Contoso");
    const plans = repositories(db).savedPlans;
    const scenario = {
      acr: [{ type: "pal", customer: "Woodgrove Bank", from: "2027-01" }],
      certifications: [],
    };
    const first = await plans.save(
      org.id,
      { name: "PAL Woodgrove", auditDate: "2027-01-31", scenario, active: true },
      "Ann",
    );
    expect(first.replaced).toBe(false);
    expect(first.plan).toMatchObject({
      name: "PAL Woodgrove",
      auditDate: "2027-01-31",
      scenario,
      active: true,
      createdByName: "Ann",
    });
    const second = await plans.save(
      org.id,
      { name: "Baseline", auditDate: "2027-02-28", scenario: {}, active: true },
      "Bob",
    );
    expect((await plans.active(org.id))?.id).toBe(second.plan.id);
    expect((await plans.get(org.id, first.plan.id))?.active).toBe(false);
    const again = await plans.save(
      org.id,
      { name: "pal woodgrove", auditDate: "2027-03-31", scenario: {}, active: false },
      "Bob",
    );
    expect(again).toMatchObject({
      replaced: true,
      plan: { id: first.plan.id, name: "pal woodgrove", updatedByName: "Bob", createdByName: "Ann" },
    });
    expect((await plans.list(org.id)).map((p) => p.name)).toEqual(["Baseline", "pal woodgrove"]);
    // Another organization sees none of them.
    const other = await seedOrganization(db, "Fabrikam");
    expect(await plans.list(other.org.id)).toEqual([]);
    expect(await plans.get(other.org.id, first.plan.id)).toBeUndefined();
    expect(await plans.delete(other.org.id, first.plan.id)).toBe(false);
    expect(await plans.delete(org.id, first.plan.id)).toBe(true);
    expect(await plans.get(org.id, randomUUID())).toBeUndefined();
  });

  it("refuses a second active plan and an empty name in the schema itself", async () => {
    const { org } = await seedOrganization(db, "Northwind");
    await repositories(db).savedPlans.save(
      org.id,
      { name: "A", auditDate: "2027-01-31", scenario: {}, active: true },
      "Ann",
    );
    await expect(
      db.query(
        `insert into saved_plans (id, org_id, name, audit_date, scenario, active, created_by_name, updated_by_name)
         values ($1, $2, 'B', '2027-01-31', '{}', true, 'x', 'x')`,
        [randomUUID(), org.id],
      ),
    ).rejects.toThrow();
    await expect(
      db.query(
        `insert into saved_plans (id, org_id, name, audit_date, scenario, created_by_name, updated_by_name)
         values ($1, $2, '', '2027-01-31', '{}', 'x', 'x')`,
        [randomUUID(), org.id],
      ),
    ).rejects.toThrow();
  });
});
