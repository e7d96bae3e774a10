import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOrg,
  errorCode,
  expectJson,
  importFile,
  orgState,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";
import {
  buildProjectInput,
  createProject,
  type EvidenceBody,
  type ProjectBody,
  tenantOf,
  uploadEvidence,
} from "../../test-support/workspace-builders.js";

interface ActivityBody {
  entries: { action: string; summary: string; actor: { name: string }; details: Record<string, unknown> }[];
}

describe.each(testBackends)("the customer project register on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  const register = async (org: TestOrg) =>
    expectJson<ProjectBody[]>(await org.members.viewer.client.get(org.path("/customer-projects")), 200);
  const activity = async (org: TestOrg) =>
    (await expectJson<ActivityBody>(await org.admin.client.get(org.path("/activity")), 200)).entries;

  it("adds, lists, changes and removes projects, logging each change", async () => {
    const org = await createOrg(server, "Register Partners");
    expect(await register(org)).toEqual([]);

    const created = await createProject(org.members.contributor.client, org, {
      customerName: "  Fabrikam Health  ",
      project: "Triage assistant",
      workload: "",
      aiServices: ["Azure OpenAI"],
      completionDate: "2025-04-30",
      greenfield: true,
      stage: "pilot",
    });
    expect(created).toMatchObject({
      customerTenantId: tenantOf("  Fabrikam Health  "),
      // Trimmed, and an empty optional text is no value.
      customerName: "Fabrikam Health",
      project: "Triage assistant",
      workload: null,
      aiServices: ["Azure OpenAI"],
      completionDate: "2025-04-30",
      greenfield: true,
      stage: "pilot",
      evidenceCount: 0,
    });
    const other = await createProject(org.admin.client, org, {
      customerName: "Adatum Retail",
      project: "Product search",
    });
    // By customer name, case-insensitive.
    expect((await register(org)).map((p) => p.customerName)).toEqual(["Adatum Retail", "Fabrikam Health"]);

    const changed = await expectJson<ProjectBody>(
      await org.members.contributor.client.patch(org.path(`/customer-projects/${created.id}`), {
        completionDate: "2025-05-15",
        stage: "production",
      }),
      200,
    );
    // Only what was sent changes.
    expect(changed).toEqual({
      ...created,
      completionDate: "2025-05-15",
      stage: "production",
      updatedAt: changed.updatedAt,
    });
    // The register as a viewer reads it: the same project, which a viewer may not change.
    expect(changed.allowedActions).toEqual(["customer-projects.write"]);
    expect((await register(org)).find((p) => p.id === created.id)).toEqual({
      ...changed,
      allowedActions: [],
    });

    const removed = await org.admin.client.delete(org.path(`/customer-projects/${other.id}`));
    expect(removed.status).toBe(204);
    expect((await register(org)).map((p) => p.id)).toEqual([created.id]);
    expect((await org.admin.client.delete(org.path(`/customer-projects/${other.id}`))).status).toBe(404);

    const log = await activity(org);
    expect(log.map((e) => e.action)).toEqual([
      "project.deleted",
      "project.updated",
      "project.created",
      "project.created",
    ]);
    expect(log[1]?.summary).toBe(
      'Changed the project "Triage assistant" of Fabrikam Health (completionDate, stage)',
    );
    expect(log[1]?.actor.name).toBe(org.members.contributor.name);
  });

  it("refuses a second project of the same customer and name, whatever the case (409 project.duplicate)", async () => {
    const org = await createOrg(server, "Duplicate Partners");
    const first = await createProject(org.admin.client, org, { customerName: "Contoso", project: "Search" });
    const again = await org.admin.client.post(
      org.path("/customer-projects"),
      buildProjectInput({
        customerName: "Contoso",
        customerTenantId: first.customerTenantId.toUpperCase(),
        project: "SEARCH",
      }),
    );
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("project.duplicate");

    const second = await createProject(org.admin.client, org, { customerName: "Contoso", project: "Agents" });
    const rename = await org.admin.client.patch(org.path(`/customer-projects/${second.id}`), {
      project: "search",
    });
    expect(rename.status).toBe(409);
    const body = await expectJson<{ error: { message: string } }>(rename, 409);
    expect(body.error.message).toContain('"search"');
    expect((await register(org)).map((p) => p.project).sort()).toEqual(["Agents", "Search"]);
  });

  it("names the field of a bad project (400 request.invalid)", async () => {
    const org = await createOrg(server, "Bad Input Partners");
    const cases: [Record<string, unknown>, string][] = [
      [buildProjectInput({ completionDate: "2025-02-30" }), "completionDate"],
      [buildProjectInput({ completionDate: undefined }), "completionDate"],
      [buildProjectInput({ completionDate: "1999-12-31" }), "completionDate"],
      [buildProjectInput({ project: "   " }), "project"],
      [buildProjectInput({ stage: "staging" }), "stage"],
      [buildProjectInput({ customerTenantId: "" }), "customerTenantId"],
      [buildProjectInput({ aiServices: "Azure OpenAI" }), "aiServices"],
    ];
    for (const [input, field] of cases) {
      const res = await org.admin.client.post(org.path("/customer-projects"), input);
      const body = await expectJson<{ error: { code: string; issues: { path: string }[] } }>(res, 400);
      expect(body.error.code).toBe("request.invalid");
      expect(body.error.issues.map((i) => i.path)).toContain(field);
    }
    expect(await register(org)).toEqual([]);
  });

  it("refuses a customer tenant id that is not a GUID, for every role that may edit, on create and on change", async () => {
    const org = await createOrg(server, "GUID Partners");
    const project = await createProject(org.admin.client, org);
    for (const client of [org.admin.client, org.members.contributor.client]) {
      for (const bad of [
        "not-a-guid",
        '=HYPERLINK("http://evil.example","x")',
        "{5f0c6a52-0d7e-4a8b-9c1d-2e3f4a5b6c7d}",
      ]) {
        const created = await client.post(
          org.path("/customer-projects"),
          buildProjectInput({ customerTenantId: bad }),
        );
        const body = await expectJson<{ error: { issues: { path: string; message: string }[] } }>(
          created,
          400,
        );
        expect(body.error.issues).toEqual([
          {
            path: "customerTenantId",
            message: expect.stringContaining("is not a tenant ID: a customer's tenant ID is a GUID such as"),
          },
        ]);
        const changed = await client.patch(org.path(`/customer-projects/${project.id}`), {
          customerTenantId: bad,
        });
        expect(
          (await expectJson<{ error: { issues: { path: string }[] } }>(changed, 400)).error.issues[0]?.path,
        ).toBe("customerTenantId");
      }
    }
    // Spaces around a GUID are trimmed; upper case is a GUID too.
    const upper = await createProject(org.admin.client, org, {
      customerTenantId: " 5F0C6A52-0D7E-4A8B-9C1D-2E3F4A5B6C7D ",
    });
    expect(upper.customerTenantId).toBe("5F0C6A52-0D7E-4A8B-9C1D-2E3F4A5B6C7D");
    expect((await register(org)).map((p) => p.id).sort()).toEqual([project.id, upper.id].sort());
  });

  it("refuses to remove a project while evidence is filed under it (409 project.in_use), and removes it once the evidence is gone", async () => {
    const org = await createOrg(server, "In Use Partners");
    const project = await createProject(org.admin.client, org);
    const item = await uploadEvidence(org.members.contributor.client, org, { projectId: project.id });
    expect((await register(org))[0]?.evidenceCount).toBe(1);

    await server.idle();
    const before = await orgState(server.db, org.id, server.ctx.evidenceStore);
    const refused = await org.members.contributor.client.delete(org.path(`/customer-projects/${project.id}`));
    const body = await expectJson<{ error: { code: string; message: string } }>(refused, 409);
    expect(body.error.code).toBe("project.in_use");
    expect(body.error.message).toContain(project.project);
    expect(await orgState(server.db, org.id, server.ctx.evidenceStore)).toEqual(before);

    expect((await org.admin.client.delete(org.path(`/evidence/${item.id}`))).status).toBe(204);
    expect((await org.admin.client.delete(org.path(`/customer-projects/${project.id}`))).status).toBe(204);
    expect(await register(org)).toEqual([]);
  });

  it("answers 404 to another organization's project and changes nothing", async () => {
    const a = await createOrg(server, "Owner Partners");
    const b = await createOrg(server, "Other Partners");
    const project = await createProject(a.admin.client, a);
    const before = await orgState(server.db, a.id, server.ctx.evidenceStore);
    const patched = await b.admin.client.patch(b.path(`/customer-projects/${project.id}`), {
      project: "Mine",
    });
    expect(patched.status).toBe(404);
    expect(await errorCode(patched)).toBe("not_found");
    expect((await b.admin.client.delete(b.path(`/customer-projects/${project.id}`))).status).toBe(404);
    expect(await register(b)).toEqual([]);
    expect(await orgState(server.db, a.id, server.ctx.evidenceStore)).toEqual(before);
  });

  describe("a customer-projects import", () => {
    const header =
      "CustomerTenantId,CustomerName,Project,Workload,AIServices,CompletionDate,Greenfield,Stage";

    it("merges into the register: known projects (any case) are updated, new ones added, edited ones keep their evidence", async () => {
      const org = await createOrg(server, "Import Partners");
      const contoso = tenantOf("Contoso");
      const edited = await createProject(org.admin.client, org, {
        customerTenantId: contoso,
        customerName: "Contoso",
        project: "Document search",
        completionDate: "2025-01-31",
      });
      const item = await uploadEvidence(org.admin.client, org, { projectId: edited.id });
      const kept = await createProject(org.admin.client, org, { customerName: "Litware", project: "Agents" });

      const csv = [
        header,
        `${contoso.toUpperCase()},Contoso Ltd,DOCUMENT SEARCH,Search,"Azure OpenAI; Azure AI Search",2025-02-28,true,Production`,
        `${tenantOf("Northwind")},Northwind,Forecasting,ML,Azure Machine Learning,6/30/2025,false,Pilot`,
        "",
      ].join("\n");
      const { job } = await importFile(
        org.members.contributor.client,
        org.id,
        "customer-projects",
        "projects.csv",
        csv,
      );
      expect(job.state).toBe("done");

      const projects = await register(org);
      expect(projects.map((p) => `${p.customerName}: ${p.project} (${p.completionDate})`)).toEqual([
        "Contoso Ltd: Document search (2025-02-28)",
        "Litware: Agents (2025-03-31)",
        "Northwind: Forecasting (2025-06-30)",
      ]);
      const merged = projects[0] as ProjectBody;
      // The same row: its evidence is still filed under it.
      expect(merged.id).toBe(edited.id);
      expect(merged).toMatchObject({
        aiServices: ["Azure OpenAI", "Azure AI Search"],
        workload: "Search",
        greenfield: true,
        stage: "production",
        evidenceCount: 1,
      });
      expect(projects[1]?.id).toBe(kept.id);
      expect(projects[2]).toMatchObject({
        greenfield: false,
        stage: "pilot",
        aiServices: ["Azure Machine Learning"],
      });
      const evidence = await expectJson<EvidenceBody>(
        await org.admin.client.get(org.path(`/evidence/${item.id}`)),
        200,
      );
      expect(evidence.project).toMatchObject({ id: edited.id, completionDate: "2025-02-28" });

      const log = await expectJson<{ entries: { action: string; summary: string }[] }>(
        await org.admin.client.get(org.path("/activity?action=import.created")),
        200,
      );
      expect(log.entries[0]?.summary).toContain("register: 1 added, 1 updated");

      // Merged rows are edited in the register, not undone with the file.
      const undo = await org.admin.client.post(org.path(`/imports/${job.import?.id}/revert`));
      expect(undo.status).toBe(409);
      expect(await errorCode(undo)).toBe("import.merged");
      expect(await register(org)).toEqual(projects);
    });

    it("imports nothing into the register when a row is wrong", async () => {
      const org = await createOrg(server, "Broken Import Partners");
      const csv = [
        header,
        `${tenantOf("Contoso")},Contoso,Search,,,2025-02-28,,Production`,
        `${tenantOf("Fabrikam")},Fabrikam,Agents,,,2025-02-28,,Staging`,
        "",
      ].join("\n");
      const { job } = await importFile(org.admin.client, org.id, "customer-projects", "projects.csv", csv);
      expect(job.state).toBe("failed");
      expect(job.problems).toEqual([
        expect.objectContaining({ file: "projects.csv", line: 3, column: "Stage" }),
      ]);
      expect(await register(org)).toEqual([]);
    });
  });
});
