import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOrg,
  errorCode,
  expectJson,
  importFile,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";

interface Versions {
  program: { id: string; name: string; provisional: { label: string } | null };
  reading: string;
  selectedBy: string;
  pinnedBy: string | null;
  checklists: { module: string; inEffect: { version: string } | null; measuredAgainst: { id: string } }[];
  warnings: string[];
}
interface Evaluation {
  program: string;
  programName: string;
  versions: Versions;
  requirements: { id: string; status: string; details?: Record<string, unknown>; gaps: { code: string }[] }[];
}
interface Settings {
  pinnedProgramId: string | null;
  includeProvisional: boolean;
  versions: { id: string; period: string; provisional: { label: string } | null }[];
  today: Versions;
}

describe.each(testBackends)("program versions in the workspace on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend, { now: () => new Date("2026-12-06T10:00:00Z") });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  const evaluation = async (org: TestOrg, asOf: string) =>
    expectJson<Evaluation>(await org.members.viewer.client.get(org.path(`/evaluation?asOf=${asOf}`)), 200);
  const settings = async (org: TestOrg) =>
    expectJson<Settings>(await org.members.viewer.client.get(org.path("/program-settings")), 200);
  const put = (org: TestOrg, body: unknown) => org.admin.client.put(org.path("/program-settings"), body);

  it("evaluates with the version in effect on each date, as specready check does", async () => {
    const org = await createOrg(server, "Contoso");
    const in2024 = await evaluation(org, "2024-06-17");
    expect(in2024).toMatchObject({
      program: "ai-ml-azure-fy24",
      programName: "AI and Machine Learning in Microsoft Azure",
    });
    expect(in2024.versions.program.id).toBe("ai-ml-azure-2022-10");
    expect(in2024.versions.checklists.map((c) => c.inEffect?.version)).toEqual(["V2.x", "V1.5"]);
    const in2026 = await evaluation(org, "2026-12-06");
    expect(in2026.programName).toBe("AI Platform on Microsoft Azure");
    expect(in2026.versions).toMatchObject({ selectedBy: "date", pinnedBy: null });
    const s = await settings(org);
    expect(s).toMatchObject({ pinnedProgramId: null, includeProvisional: false });
    expect(s.today.program.id).toBe("ai-platform-azure-2025-01");
    expect(s.versions.map((v) => [v.id, v.period])).toEqual([
      ["ai-ml-azure-2022-10", "in effect 2022-10-03 to 2024-12-31"],
      ["ai-platform-azure-2025-01", "in effect from 2025-01-01"],
      ["ai-platform-azure-2026-provisional", "in effect from 2026-06-02"],
      ["ai-ml-azure-fy24", "pinned only"],
    ]);
  });

  it("lets a partner admin pin a version, records it in the activity log, and evaluates with it", async () => {
    const org = await createOrg(server, "Fabrikam");
    await evaluation(org, "2026-12-06"); // cached before the change: the change must not be hidden by it
    const saved = await expectJson<Settings>(
      await put(org, { pinnedProgramId: "AI-ML-AZURE-FY24", includeProvisional: false }),
      200,
    );
    expect(saved.pinnedProgramId).toBe("ai-ml-azure-fy24");
    expect(saved.today).toMatchObject({ selectedBy: "pinned", pinnedBy: "organization" });
    const pinned = await evaluation(org, "2026-12-06");
    expect(pinned.programName).toBe("AI and Machine Learning in Microsoft Azure");
    expect(pinned.versions.program.id).toBe("ai-ml-azure-fy24");
    expect(pinned.versions.reason).toBe("pinned in the organization's settings (ai-ml-azure-fy24)");
    const log = await expectJson<{ entries: { action: string; summary: string; actor: { name: string } }[] }>(
      await org.admin.client.get(org.path("/activity?action=program.settings")),
      200,
    );
    expect(log.entries[0]).toMatchObject({
      action: "program.settings",
      summary:
        "Pinned the program version AI and Machine Learning in Microsoft Azure FY24 (ai-ml-azure-fy24)",
      actor: { name: org.admin.name },
    });
    await expectJson(await put(org, { pinnedProgramId: null, includeProvisional: false }), 200);
    expect((await evaluation(org, "2026-12-06")).versions.selectedBy).toBe("date");
  });

  it("refuses a version that is not installed, and changes nothing", async () => {
    const org = await createOrg(server, "Northwind");
    const res = await put(org, { pinnedProgramId: "ai-platform-fy99", includeProvisional: true });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("request.invalid");
    expect(await settings(org)).toMatchObject({ pinnedProgramId: null, includeProvisional: false });
  });

  it("counts the successors only for an organization that opted into the provisional version, labelled", async () => {
    const org = await createOrg(server, "Tailspin");
    const certs = [
      "PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated",
      "a@tailspin.example,A,AI-103,2026-09-01,,",
      "b@tailspin.example,B,AI-300,2026-09-01,,",
      "c@tailspin.example,C,DP-100,2026-01-15,,",
      "",
    ].join("\n");
    const imported = await importFile(
      org.admin.client,
      org.id,
      "certifications",
      "certifications.csv",
      certs,
    );
    expect(imported.job.state).toBe("done");
    const knowledge = (e: Evaluation) => e.requirements.find((r) => r.id === "knowledge");
    const byDefault = await evaluation(org, "2026-12-06");
    expect(knowledge(byDefault)?.status).toBe("not_met");
    expect(byDefault.versions.program.provisional).toBeNull();
    await expectJson(await put(org, { pinnedProgramId: null, includeProvisional: true }), 200);
    const provisional = await evaluation(org, "2026-12-06");
    expect(provisional.program).toBe("ai-platform-azure-2026-provisional");
    expect(provisional.versions.program.provisional?.label).toBe("provisional — verify in Partner Center");
    expect(knowledge(provisional)).toMatchObject({
      status: "met",
      details: { holders: { "DP-100": 2, "AI-102": 1 } },
    });
    // Before the provisional version's period, the published version is used.
    expect((await evaluation(org, "2026-05-01")).versions.program.id).toBe("ai-platform-azure-2025-01");
  });

  it("lets only partner admins change it", async () => {
    const org = await createOrg(server, "Woodgrove");
    const res = await org.members.contributor.client.put(org.path("/program-settings"), {
      pinnedProgramId: "ai-ml-azure-fy24",
      includeProvisional: false,
    });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("auth.forbidden");
  });

  it("imports the designation status and evaluates the designation from it", async () => {
    const org = await createOrg(server, "Litware");
    const imported = await importFile(
      org.admin.client,
      org.id,
      "designation",
      "Solutions Partner.csv",
      "Solution area,Status,Attained date,Anniversary date\nData & AI (Azure),Enrolled,3/15/2026,3/15/2027\n",
    );
    expect(imported.job.state).toBe("done");
    const designation = (await evaluation(org, "2026-12-06")).requirements.find(
      (r) => r.id === "designation",
    );
    expect(designation).toMatchObject({
      status: "met",
      details: { qualifyingAreas: ["Data & AI (Azure)"], basis: "designation" },
    });
    expect(designation?.gaps.map((g) => g.code)).toEqual(["designation.renewal-unknown"]);
  });
});
