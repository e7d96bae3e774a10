import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganization } from "../test-support/audit-workspace-builders.js";
import { openTestDatabase, STARTUP_TIMEOUT, testBackends } from "../test-support/test-databases.js";
import { repositories } from "./index.js";

describe.each(testBackends)("the audit's records on %s", (backend) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await db.close();
  });

  it("keeps one audit plan per organization, replaced by each save", async () => {
    const { org } = await seedOrganization(db, "Plans");
    const { org: other } = await seedOrganization(db, "Other plans");
    const r = repositories(db).audit;
    expect(await r.getPlan(org.id)).toBeNull();
    const first = await r.upsertPlan(org.id, {
      applicationDate: "2026-01-05",
      auditDate: null,
      modules: "A+B",
      updatedByName: "Ada",
    });
    expect(first).toMatchObject({
      applicationDate: "2026-01-05",
      auditDate: null,
      modules: "A+B",
      updatedBy: "Ada",
    });
    const second = await r.upsertPlan(org.id, {
      applicationDate: null,
      auditDate: "2026-03-02",
      modules: "B",
      updatedByName: "Grace",
    });
    expect(second).toMatchObject({
      applicationDate: null,
      auditDate: "2026-03-02",
      modules: "B",
      updatedBy: "Grace",
    });
    expect(await r.getPlan(org.id)).toEqual(second);
    expect(await r.getPlan(other.id)).toBeNull();
    await expect(
      r.upsertPlan(org.id, {
        applicationDate: null,
        auditDate: null,
        modules: "A" as "B",
        updatedByName: "x",
      }),
    ).rejects.toThrow();
  });

  it("chooses, changes and clears a control's practice specialty", async () => {
    const { org } = await seedOrganization(db, "Specialties");
    const { org: other } = await seedOrganization(db, "Other specialties");
    const r = repositories(db).audit;
    await r.setSpecialty(org.id, "B2.1", "Machine learning operations", "Ada");
    await r.setSpecialty(org.id, "B1.1", "Generative AI", "Ada");
    expect(await r.setSpecialty(org.id, "B1.1", "Conversational AI", "Grace")).toMatchObject({
      controlId: "B1.1",
      specialty: "Conversational AI",
      chosenBy: "Grace",
    });
    expect((await r.listSpecialties(org.id)).map((s) => `${s.controlId}=${s.specialty}`)).toEqual([
      "B1.1=Conversational AI",
      "B2.1=Machine learning operations",
    ]);
    expect(await r.listSpecialties(other.id)).toEqual([]);
    expect(await r.clearSpecialty(other.id, "B1.1")).toBe(false);
    expect(await r.clearSpecialty(org.id, "B1.1")).toBe(true);
    expect(await r.clearSpecialty(org.id, "B1.1")).toBe(false);
    expect((await r.listSpecialties(org.id)).map((s) => s.controlId)).toEqual(["B2.1"]);
  });

  it("records findings, the partner's responses, their resolution and reopening", async () => {
    const { org } = await seedOrganization(db, "Findings");
    const { org: other } = await seedOrganization(db, "Other findings");
    const r = repositories(db).audit;
    const a = await r.createFinding(org.id, {
      controlId: "A1.1",
      text: " No signed statement of work ",
      createdByName: "Auditor",
    });
    expect(a).toMatchObject({
      controlId: "A1.1",
      text: "No signed statement of work",
      status: "open",
      response: null,
      createdBy: "Auditor",
      resolvedBy: null,
      resolvedAt: null,
    });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    const givenId = randomUUID();
    const b = await r.createFinding(org.id, {
      id: givenId,
      controlId: "B3.1",
      text: "Diagram unreadable",
      createdByName: "Auditor",
    });
    expect(b.id).toBe(givenId);
    await db.query("update audit_findings set created_at = created_at + interval '1 second' where id = $1", [
      b.id,
    ]);

    const responded = await r.respondToFinding(org.id, a.id, " Uploaded revision 2 ", "Ada");
    expect(responded).toMatchObject({ response: "Uploaded revision 2", respondedBy: "Ada", status: "open" });
    expect(responded?.respondedAt).toMatch(/Z$/);
    const resolved = await r.resolveFinding(org.id, a.id, "Auditor");
    expect(resolved).toMatchObject({
      status: "resolved",
      resolvedBy: "Auditor",
      response: "Uploaded revision 2",
    });
    // Resolving again keeps the first resolution.
    expect(await r.resolveFinding(org.id, a.id, "Someone else")).toEqual(resolved);

    expect((await r.listFindings(org.id)).map((f) => f.controlId)).toEqual(["A1.1", "B3.1"]);
    expect((await r.listFindings(org.id, { status: "open" })).map((f) => f.id)).toEqual([b.id]);
    expect(
      (await r.listFindings(org.id, { controlId: "A1.1", status: "resolved" })).map((f) => f.id),
    ).toEqual([a.id]);
    expect(await r.listFindings(org.id, { controlId: "A1.1", status: "open" })).toEqual([]);

    const reopened = await r.reopenFinding(org.id, a.id);
    expect(reopened).toMatchObject({
      status: "open",
      resolvedBy: null,
      resolvedAt: null,
      response: "Uploaded revision 2",
    });
    expect(await r.reopenFinding(org.id, a.id)).toEqual(reopened);
    // A response without a name, and clearing it.
    expect(await r.respondToFinding(org.id, b.id, "Will fix")).toMatchObject({
      response: "Will fix",
      respondedBy: null,
    });
    expect(await r.respondToFinding(org.id, b.id, "  ", "Ada")).toMatchObject({
      response: null,
      respondedAt: null,
    });

    // Another organization's id finds nothing and changes nothing.
    expect(await r.listFindings(other.id)).toEqual([]);
    expect(await r.getFinding(other.id, b.id)).toBeNull();
    expect(await r.resolveFinding(other.id, b.id, "x")).toBeNull();
    expect(await r.reopenFinding(other.id, a.id)).toBeNull();
    expect(await r.respondToFinding(other.id, b.id, "x", "x")).toBeNull();
    expect(await r.getFinding(org.id, b.id)).toMatchObject({
      status: "open",
      response: null,
      resolvedAt: null,
    });
    await expect(
      r.createFinding(org.id, { controlId: "A1.1", text: "x".repeat(5001), createdByName: "x" }),
    ).rejects.toThrow();
  });

  it("keeps a gap report's findings as they were when it was issued", async () => {
    const { org } = await seedOrganization(db, "Gap reports");
    const { org: other } = await seedOrganization(db, "Other gap reports");
    const r = repositories(db).audit;
    const finding = await r.createFinding(org.id, {
      controlId: "A1.1",
      text: "Missing",
      createdByName: "Auditor",
    });
    const first = await r.createGapReport(org.id, {
      issuedOn: "2026-03-04",
      summary: "One gap",
      findings: [finding],
      issuedByName: "Auditor",
    });
    expect(first).toMatchObject({
      issuedOn: "2026-03-04",
      summary: "One gap",
      findings: [finding],
      issuedBy: "Auditor",
    });
    await r.resolveFinding(org.id, finding.id, "Auditor");
    const second = await r.createGapReport(org.id, {
      issuedOn: "2026-03-20",
      summary: null,
      findings: [],
      issuedByName: "Auditor",
    });
    const list = await r.listGapReports(org.id);
    expect(list.map((g) => g.id)).toEqual([second.id, first.id]);
    expect(list[1]?.findings).toEqual([finding]);
    expect(await r.listGapReports(other.id)).toEqual([]);
  });

  it("lists audit results, latest audit first", async () => {
    const { org } = await seedOrganization(db, "Results");
    const { org: other } = await seedOrganization(db, "Other results");
    const r = repositories(db).audit;
    const result = (date: string, outcome: "Pass" | "No Pass") =>
      r.createResult(org.id, {
        module: "A+B",
        result: outcome,
        date,
        checklistVersion: "2.0",
        recordedByName: "Auditor",
      });
    await result("2024-05-02", "No Pass");
    const latest = await result("2025-05-02", "Pass");
    expect(latest).toMatchObject({
      module: "A+B",
      result: "Pass",
      date: "2025-05-02",
      checklistVersion: "2.0",
      recordedBy: "Auditor",
    });
    await result("2024-11-20", "Pass");
    expect((await r.listResults(org.id)).map((x) => `${x.date} ${x.result}`)).toEqual([
      "2025-05-02 Pass",
      "2024-11-20 Pass",
      "2024-05-02 No Pass",
    ]);
    expect(await r.listResults(other.id)).toEqual([]);
    await expect(result("2025-06-01", "Failed" as "Pass")).rejects.toThrow();
  });
});
