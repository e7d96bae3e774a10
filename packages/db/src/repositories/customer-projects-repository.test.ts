import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../database-errors.js";
import {
  buildCustomerProject,
  buildEvidence,
  seedOrganization,
} from "../test-support/audit-workspace-builders.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "../test-support/test-databases.js";
import type { CustomerProject } from "./customer-projects-repository.js";
import { repositories } from "./index.js";

describe.each(testBackends)("the customer project register on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("creates, reads, changes and lists projects by customer, then project", async () => {
    const { org } = await seedOrganization(db, "Contoso");
    const r = repositories(db).customerProjects;
    const created = (await r.create(
      org.id,
      buildCustomerProject({
        customerName: "  Northwind Traders ",
        project: "Invoice triage",
        aiServices: [],
      }),
    )) as CustomerProject;
    expect(created).toMatchObject({
      customerName: "Northwind Traders",
      project: "Invoice triage",
      aiServices: [],
      completionDate: "2024-09-30",
      greenfield: true,
      stage: "production",
      evidenceCount: 0,
    });
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,6}Z$/);
    await r.create(org.id, buildCustomerProject({ customerName: "adatum", project: "Voice bot" }));
    await r.create(org.id, buildCustomerProject({ customerName: "Adatum", project: "Call summaries" }));
    await r.create(
      org.id,
      buildCustomerProject({ customerTenantId: "zz-tenant", customerName: null, project: "Forecasts" }),
    );
    expect((await r.list(org.id)).map((p) => `${p.customerName ?? p.customerTenantId}/${p.project}`)).toEqual(
      [
        "Adatum/Call summaries",
        "adatum/Voice bot",
        "Northwind Traders/Invoice triage",
        "zz-tenant/Forecasts",
      ],
    );
    expect(await r.get(org.id, created.id)).toEqual(created);

    const changed = await r.update(org.id, created.id, {
      workload: "Document Intelligence",
      customerName: null,
      stage: null,
      aiServices: ["Document Intelligence", " "],
      completionDate: "2025-01-15",
    });
    expect(changed).toMatchObject({
      id: created.id,
      customerName: null,
      project: "Invoice triage",
      workload: "Document Intelligence",
      aiServices: ["Document Intelligence"],
      completionDate: "2025-01-15",
      greenfield: true,
      stage: null,
    });
    // An empty patch changes nothing but says the row was seen.
    expect(await r.update(org.id, created.id, {})).toMatchObject({ workload: "Document Intelligence" });
  });

  it("refuses a second row for one customer's project, whatever the case", async () => {
    const { org } = await seedOrganization(db, "Fabrikam");
    const r = repositories(db).customerProjects;
    const first = (await r.create(
      org.id,
      buildCustomerProject({ customerTenantId: "T-1", project: "Chat" }),
    )) as CustomerProject;
    expect(await r.create(org.id, buildCustomerProject({ customerTenantId: "t-1", project: " CHAT " }))).toBe(
      "duplicate",
    );
    const other = (await r.create(
      org.id,
      buildCustomerProject({ customerTenantId: "T-1", project: "Search" }),
    )) as CustomerProject;
    // Renaming onto another project is refused; renaming a project onto itself (a case change) is not.
    expect(await r.update(org.id, other.id, { project: "chat" })).toBe("duplicate");
    expect(await r.update(org.id, first.id, { project: "CHAT" })).toMatchObject({ project: "CHAT" });
    expect(await r.update(org.id, other.id, { customerTenantId: "t-1" })).toMatchObject({
      customerTenantId: "t-1",
    });
    // The race the repository cannot rule out reaches the unique index, which the server maps to 409.
    const error = await db
      .query(
        `insert into customer_projects (id, org_id, customer_tenant_id, project, completion_date)
         values ($1, $2, 'T-1', 'chat', '2024-01-01')`,
        [randomUUID(), org.id],
      )
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error, "customer_projects_key")).toBe(true);
    expect(isUniqueViolation(new Error("boom"))).toBe(false);
    // Another organization may have the same project.
    const { org: elsewhere } = await seedOrganization(db, "Elsewhere");
    expect(
      await r.create(elsewhere.id, buildCustomerProject({ customerTenantId: "T-1", project: "Chat" })),
    ).toMatchObject({ project: "Chat" });
  });

  it("keeps a project while evidence is filed under it", async () => {
    const { org, user } = await seedOrganization(db, "Litware");
    const r = repositories(db);
    const used = (await r.customerProjects.create(
      org.id,
      buildCustomerProject({ project: "Used" }),
    )) as CustomerProject;
    const unused = (await r.customerProjects.create(
      org.id,
      buildCustomerProject({ project: "Unused" }),
    )) as CustomerProject;
    await r.evidence.create(org.id, buildEvidence(used.id, user));
    await r.evidence.create(org.id, buildEvidence(used.id, user, { title: "Second" }));
    expect((await r.customerProjects.get(org.id, used.id))?.evidenceCount).toBe(2);
    expect((await r.customerProjects.list(org.id)).map((p) => `${p.project}:${p.evidenceCount}`)).toEqual([
      "Unused:0",
      "Used:2",
    ]);
    expect(await r.customerProjects.delete(org.id, used.id)).toBe("in_use");
    expect(await r.customerProjects.delete(org.id, unused.id)).toBe("deleted");
    expect(await r.customerProjects.delete(org.id, unused.id)).toBe("not_found");
    expect((await r.customerProjects.list(org.id)).map((p) => p.project)).toEqual(["Used"]);
  });

  it("brings a spreadsheet in: new projects added, known ones updated, the last row of a repeated project wins", async () => {
    const { org } = await seedOrganization(db, "Adventure Works");
    const r = repositories(db).customerProjects;
    const known = (await r.create(
      org.id,
      buildCustomerProject({ customerTenantId: "T-A", project: "Chat", workload: "old" }),
    )) as CustomerProject;
    const same = (await r.create(
      org.id,
      buildCustomerProject({ customerTenantId: "T-B", project: "Search" }),
    )) as CustomerProject;
    const counts = await r.upsertMany(org.id, [
      buildCustomerProject({
        customerTenantId: "t-a",
        project: "CHAT",
        workload: "first",
        completionDate: "2024-03-01",
      }),
      buildCustomerProject({ customerTenantId: "T-C", project: "Vision", aiServices: ["Azure AI Vision"] }),
      buildCustomerProject({
        customerTenantId: "T-A",
        project: "chat",
        workload: "last",
        completionDate: "2024-04-01",
      }),
      // Says nothing new about T-B/Search.
      buildCustomerProject({ customerTenantId: "T-B", project: "Search" }),
    ]);
    expect(counts).toEqual({ created: 1, updated: 1, unchanged: 1 });
    const after = await r.list(org.id);
    expect(after).toHaveLength(3);
    expect(after.find((p) => p.id === known.id)).toMatchObject({
      customerTenantId: "T-A",
      project: "Chat",
      workload: "last",
      completionDate: "2024-04-01",
    });
    expect(after.find((p) => p.id === same.id)?.updatedAt).toBe(same.updatedAt);
    expect(after.find((p) => p.customerTenantId === "T-C")).toMatchObject({
      project: "Vision",
      aiServices: ["Azure AI Vision"],
      greenfield: true,
    });
    expect(await r.upsertMany(org.id, [])).toEqual({ created: 0, updated: 0, unchanged: 0 });
    // All or nothing inside the caller's transaction.
    await expect(
      db.transaction(async (tx) => {
        await repositories(tx).customerProjects.upsertMany(org.id, [
          buildCustomerProject({ customerTenantId: "T-D" }),
        ]);
        throw new Error("the import failed later");
      }),
    ).rejects.toThrow("later");
    expect(await r.list(org.id)).toHaveLength(3);
  });

  it("finds nothing of another organization's register", async () => {
    const { org: mine } = await seedOrganization(db, "Mine");
    const { org: theirs } = await seedOrganization(db, "Theirs");
    const r = repositories(db).customerProjects;
    const p = (await r.create(theirs.id, buildCustomerProject())) as CustomerProject;
    expect(await r.list(mine.id)).toEqual([]);
    expect(await r.get(mine.id, p.id)).toBeNull();
    expect(await r.update(mine.id, p.id, { project: "Stolen" })).toBeNull();
    expect(await r.delete(mine.id, p.id)).toBe("not_found");
    // An import into one organization never touches another's rows with the same key.
    expect(await r.upsertMany(mine.id, [buildCustomerProject({ workload: "mine" })])).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await r.get(theirs.id, p.id)).toEqual(p);
  });

  it("refuses values the register cannot hold", async () => {
    const { org } = await seedOrganization(db, "Checks");
    const r = repositories(db).customerProjects;
    await expect(r.create(org.id, buildCustomerProject({ project: "   " }))).rejects.toThrow();
    await expect(r.create(org.id, buildCustomerProject({ project: "x".repeat(301) }))).rejects.toThrow();
    await expect(
      r.create(org.id, buildCustomerProject({ stage: "retired" as unknown as "pilot" })),
    ).rejects.toThrow();
    expect(await r.list(org.id)).toEqual([]);
  });
});
