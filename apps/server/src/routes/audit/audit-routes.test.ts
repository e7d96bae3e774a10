import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv, readZip } from "../../binder/test-support/binder-fixtures.js";
import {
  createOrg,
  errorCode,
  expectJson,
  orgState,
  STARTUP_TIMEOUT,
  storedKeys,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";
import {
  approveEvidence,
  createProject,
  type EvidenceBody,
  pdfBytes,
  review,
  tenantOf,
  uploadEvidence,
} from "../../test-support/workspace-builders.js";

const run = promisify(execFile);
const specready = fileURLToPath(new URL("../../../../../bin/specready", import.meta.url));
const sha256 = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Today as the server sees it (readiness without a planned date is measured on it). */
const today = () => new Date().toISOString().slice(0, 10);
/** The audit date the plans say; the evidence window is 2024-10-15 to 2025-10-15. */
const AUDIT_DATE = "2025-10-15";
const B_CONTROLS = ["B1.1", "B2.1", "B2.2", "B2.3", "B3.1", "B4.1", "B4.2"];

interface ControlBody {
  id: string;
  status: "met" | "not_met" | "waived";
  required: number;
  customerCount: number;
  pending: { items: number; customers: number; customerCountIfApproved: number; statusIfApproved: string };
  artifactsNeeded: number;
  specialty: { options: string[]; chosen: string | null } | null;
  missing: string[];
  warnings: string[];
  customers: {
    tenantId: string;
    name: string | null;
    counts: boolean;
    projects: {
      project: string;
      inWindow: boolean;
      artifacts: number;
      complete: boolean;
      note: string | null;
    }[];
  }[];
  review: Record<string, number>;
}

interface ReadinessBody {
  date: string;
  today: string;
  counting: "approved" | "if_all_approved";
  pendingItems: number;
  status: "met" | "not_met";
  moduleAWaived: boolean;
  planned: boolean;
  evidenceWindow: { from: string; to: string };
  controls: ControlBody[];
}

interface PlanBody {
  applicationDate: string | null;
  auditDate: string | null;
  modules: "B" | "A+B";
  checklists: { A: { id: string; version: string } | null; B: { id: string; version: string } | null };
  timeline: { id: string; due: string | null; planned: string | null; basis: string }[];
  fees: { modules: string; usd: string; applies: boolean }[];
  updatedBy: string | null;
}

interface FindingBody {
  id: string;
  controlId: string;
  text: string;
  status: "open" | "resolved";
  response: string | null;
  createdBy: string;
  resolvedBy: string | null;
  allowedActions: string[];
}

interface RequirementBody {
  id: string;
  status: string;
  details: { moduleAWaived: boolean; controls: { id: string; status: string; customerCount: number }[] };
}

interface EvaluationBody {
  requirements: RequirementBody[];
}

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

describe.each(testBackends)("the audit on %s", (backend) => {
  let server: TestServer;
  let work: string;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    work = await mkdtemp(join(tmpdir(), "specready-audit-test-"));
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const readiness = async (org: TestOrg, query = "") =>
    expectJson<ReadinessBody>(await org.members.viewer.client.get(org.path(`/audit/readiness${query}`)), 200);
  const control = async (org: TestOrg, id: string, query = "") =>
    (await readiness(org, query)).controls.find((c) => c.id === id) as ControlBody;
  const plan = (org: TestOrg, body: Record<string, unknown>) =>
    org.admin.client.put(org.path("/audit/plan"), body);
  const auditRequirement = async (org: TestOrg, asOf = AUDIT_DATE) => {
    const evaluation = await expectJson<EvaluationBody>(
      await org.members.viewer.client.get(org.path(`/evaluation?asOf=${asOf}`)),
      200,
    );
    return evaluation.requirements.find((r) => r.id === "audit") as RequirementBody;
  };

  /** A project of the register for a customer, completed on a date. */
  const project = async (org: TestOrg, customer: string, completionDate: string, name = "AI deployment") =>
    (
      await createProject(org.admin.client, org, {
        customerName: customer,
        customerTenantId: tenantOf(customer),
        project: name,
        completionDate,
      })
    ).id;

  describe("control readiness", () => {
    it("turns a control met once enough customers have enough evidence on the planned audit date", async () => {
      const org = await createOrg(server, "Readiness Partners");
      await expectJson(
        await plan(org, { applicationDate: "2025-09-15", auditDate: AUDIT_DATE, modules: "A+B" }),
        200,
      );
      const contoso = await project(org, "Contoso", "2025-03-31");
      const fabrikam = await project(org, "Fabrikam", "2025-05-31");
      const litware = await project(org, "Litware", "2025-06-30");
      // Completed more than twelve months before the audit date: it no longer counts.
      const northwind = await project(org, "Northwind", "2024-09-30");
      const upload = (projectId: string, n: number) =>
        uploadEvidence(
          org.members.contributor.client,
          org,
          {
            projectId,
            controls: "B3.1",
            artifactType: n === 1 ? "Signed SOW" : "As-built documentation",
            title: `Evidence ${n}`,
          },
          pdfBytes(`${projectId} ${n}`),
        );
      // Filed by the contributor and approved by a partner admin: what counts.
      const sow = async (projectId: string, n: number) =>
        approveEvidence(org, (await upload(projectId, n)).id);

      const empty = await readiness(org);
      expect(empty).toMatchObject({
        date: AUDIT_DATE,
        today: today(),
        planned: true,
        status: "not_met",
        evidenceWindow: { from: "2024-10-15", to: AUDIT_DATE },
      });
      expect(empty.controls.map((c) => c.id)).toEqual([
        "A1.1",
        "A1.2",
        "A2.1",
        "A2.2",
        "A3.1",
        "A3.2",
        "A3.3",
        ...B_CONTROLS,
      ]);

      for (const id of [contoso, fabrikam, northwind]) {
        await sow(id, 1);
        await sow(id, 2);
      }
      await sow(litware, 1);
      const short = await control(org, "B3.1");
      expect(short).toMatchObject({ status: "not_met", required: 3, customerCount: 2, artifactsNeeded: 2 });
      expect(short.missing).toEqual([
        `One more customer with a project completed between 2024-10-15 and ${AUDIT_DATE} and 2 approved evidence items for it (2 of 3 counting).`,
        'Litware: 1 more evidence item for "AI deployment" (1 of 2 approved; accepted: Signed SOW, Solution design, Project plan with deployment sequence, Architecture diagrams, HLD/LLD or As-built documentation).',
      ]);
      const byCustomer = Object.fromEntries(short.customers.map((c) => [c.name, c]));
      expect(byCustomer.Northwind?.counts).toBe(false);
      expect(byCustomer.Northwind?.projects[0]).toMatchObject({
        inWindow: false,
        artifacts: 2,
        complete: false,
      });
      expect(byCustomer.Litware?.projects[0]).toMatchObject({
        inWindow: true,
        artifacts: 1,
        complete: false,
      });
      expect(short.review).toEqual({ draft: 0, ready: 0, approved: 7, changes_requested: 0 });

      // A draft, then the item submitted, leave the figure where it is: only approval moves it.
      const second = await upload(litware, 2);
      const drafted = await control(org, "B3.1");
      expect(drafted).toMatchObject({
        status: "not_met",
        customerCount: 2,
        pending: { items: 1, customers: 1, customerCountIfApproved: 3, statusIfApproved: "met" },
      });
      expect(drafted.missing[0]).toBe(
        'Litware counts once 1 evidence item pending review for "AI deployment" is approved (1 of 2 approved).',
      );
      expect((await auditRequirement(org)).details.controls.find((c) => c.id === "B3.1")).toMatchObject({
        status: "not_met",
        customerCount: 2,
      });
      await expectJson(await review(org.members.contributor.client, org, second.id, "submit"), 200);
      expect(await control(org, "B3.1")).toMatchObject({ status: "not_met", customerCount: 2 });
      // The what-if, clearly labelled, counts it as approved; the figures stay the approved ones.
      const whatIf = await readiness(org, "?ifApproved=1");
      expect(whatIf).toMatchObject({ counting: "if_all_approved", status: "not_met", pendingItems: 1 });
      expect(whatIf.controls.find((c) => c.id === "B3.1")).toMatchObject({ status: "met", customerCount: 3 });
      expect(await control(org, "B3.1")).toMatchObject({ customerCount: 2 });

      await expectJson(await review(org.admin.client, org, second.id, "approve"), 200);
      const met = await control(org, "B3.1");
      expect(met).toMatchObject({
        status: "met",
        customerCount: 3,
        missing: [],
        pending: { items: 0, customers: 0 },
      });
      expect((await auditRequirement(org)).details.controls.find((c) => c.id === "B3.1")).toMatchObject({
        status: "met",
        customerCount: 3,
      });

      // Asked for another date, the window moves: in mid-2026 only the June 2025 project is left.
      const later = await control(org, "B3.1", "?date=2026-06-15");
      expect(later).toMatchObject({ status: "not_met", customerCount: 1 });
      expect((await readiness(org, "?date=2026-06-15")).planned).toBe(false);
    });

    it("is measured today while no audit date is planned", async () => {
      const org = await createOrg(server, "Unplanned Partners");
      const body = await readiness(org);
      expect(body).toMatchObject({ date: today(), planned: false });
      expect((await org.admin.client.get(org.path("/audit/readiness?date=2025-02-30"))).status).toBe(400);
    });

    it("needs the practice specialty chosen for B1.1 and B2.1; only an offered one is accepted, null clears it", async () => {
      const org = await createOrg(server, "Specialty Partners");
      await expectJson(
        await plan(org, { applicationDate: null, auditDate: AUDIT_DATE, modules: "A+B" }),
        200,
      );
      for (const customer of ["Contoso", "Fabrikam", "Litware"]) {
        const projectId = await project(org, customer, "2025-06-30");
        for (const [n, artifactType] of ["Portfolio assessment", "Practice specialty assessment"].entries()) {
          const item = await uploadEvidence(org.members.contributor.client, org, {
            projectId,
            controls: "B1.1",
            artifactType,
            title: `B1.1 ${n}`,
          });
          await approveEvidence(org, item.id);
        }
      }
      const before = await control(org, "B1.1");
      expect(before).toMatchObject({
        status: "not_met",
        customerCount: 0,
        specialty: { options: ["Machine Learning lifecycle", "AI-powered apps"], chosen: null },
      });
      expect(before.missing.join(" ")).toContain("specialty");
      const [b11] = (await auditRequirement(org)).details.controls.filter((c) => c.id === "B1.1");
      expect(b11).toMatchObject({ status: "not_met", customerCount: 0 });

      const wrong = await org.members.contributor.client.put(org.path("/audit/specialties/B1.1"), {
        specialty: "Quantum computing",
      });
      expect((await expectJson<ErrorBody>(wrong, 400)).error.issues).toEqual([
        { path: "specialty", message: 'must be one of "Machine Learning lifecycle", "AI-powered apps"' },
      ]);
      const noSpecialty = await org.members.contributor.client.put(org.path("/audit/specialties/B3.1"), {
        specialty: "AI-powered apps",
      });
      expect((await expectJson<ErrorBody>(noSpecialty, 400)).error.issues?.[0]?.path).toBe("controlId");
      const unknown = await org.members.contributor.client.put(org.path("/audit/specialties/B9.9"), {
        specialty: "AI-powered apps",
      });
      expect(await errorCode(unknown)).toBe("not_found");
      const viewer = await org.members.viewer.client.put(org.path("/audit/specialties/B1.1"), {
        specialty: "AI-powered apps",
      });
      expect(await errorCode(viewer)).toBe("auth.forbidden");

      const chosen = await expectJson<ReadinessBody>(
        await org.members.contributor.client.put(org.path("/audit/specialties/B1.1"), {
          specialty: "AI-powered apps",
        }),
        200,
      );
      expect(chosen.controls.find((c) => c.id === "B1.1")).toMatchObject({
        status: "met",
        customerCount: 3,
        specialty: { chosen: "AI-powered apps" },
      });
      const [counted] = (await auditRequirement(org)).details.controls.filter((c) => c.id === "B1.1");
      expect(counted).toMatchObject({ status: "met", customerCount: 3 });

      await expectJson(
        await org.admin.client.put(org.path("/audit/specialties/B1.1"), { specialty: null }),
        200,
      );
      expect(await control(org, "B1.1")).toMatchObject({ status: "not_met", specialty: { chosen: null } });
      const log = await expectJson<{ entries: { action: string; summary: string }[] }>(
        await org.admin.client.get(org.path("/activity?action=audit.specialty")),
        200,
      );
      expect(log.entries.map((e) => e.summary)).toEqual([
        "Cleared the practice specialty of B1.1",
        'Chose "AI-powered apps" for B1.1',
      ]);
    });
  });

  describe("the plan", () => {
    it("gives the process deadlines in business days, the checklists live on the audit date and the fees", async () => {
      const org = await createOrg(server, "Plan Partners");
      const empty = await expectJson<PlanBody>(
        await org.members.viewer.client.get(org.path("/audit/plan")),
        200,
      );
      expect(empty).toMatchObject({
        applicationDate: null,
        auditDate: null,
        modules: "A+B",
        updatedBy: null,
      });
      expect(empty.timeline.every((s) => s.due === null)).toBe(true);

      // Friday 2025-09-05: two business days later is Tuesday.
      const saved = await expectJson<PlanBody>(
        await plan(org, { applicationDate: "2025-09-05", auditDate: "2025-10-03", modules: "A+B" }),
        200,
      );
      const due = Object.fromEntries(saved.timeline.map((s) => [s.id, s.due]));
      expect(due).toEqual({
        schedule: "2025-09-09",
        audit: "2025-10-05",
        // From the planned audit on Friday 2025-10-03.
        "gap-report": "2025-10-07",
        acknowledgement: "2025-10-09",
        "gap-review": "2025-10-22",
        "final-report": "2025-10-29",
        notification: "2025-10-31",
      });
      expect(saved.timeline.find((s) => s.id === "audit")?.planned).toBe("2025-10-03");
      expect(saved.checklists).toMatchObject({ A: { id: "module-a-2024-08" }, B: { id: "module-b-v1.7" } });
      expect(saved.fees).toEqual([
        { modules: "B", usd: "2400", applies: false },
        { modules: "A+B", usd: "3600", applies: true },
      ]);
      expect(saved.updatedBy).toBe(org.admin.name);

      // The gap report the auditor issues moves the steps after it.
      await expectJson(
        await org.members.auditor.client.post(org.path("/audit/findings"), {
          controlId: "B3.1",
          text: "SOW unsigned",
        }),
        201,
      );
      await expectJson(
        await org.members.auditor.client.post(org.path("/audit/gap-reports"), { issuedOn: "2025-10-06" }),
        201,
      );
      const withGap = await expectJson<PlanBody>(await org.admin.client.get(org.path("/audit/plan")), 200);
      expect(Object.fromEntries(withGap.timeline.map((s) => [s.id, s.due]))).toMatchObject({
        acknowledgement: "2025-10-08",
        "gap-review": "2025-10-21",
      });

      const backwards = await plan(org, {
        applicationDate: "2025-09-05",
        auditDate: "2025-09-01",
        modules: "B",
      });
      expect((await expectJson<ErrorBody>(backwards, 400)).error.issues).toEqual([
        { path: "auditDate", message: "must not be before the application date 2025-09-05" },
      ]);
      // A year typed wrong would take the deadlines off the calendar: dates stay within 2000-2099.
      const farOff = await plan(org, {
        applicationDate: "2025-09-05",
        auditDate: "9999-12-31",
        modules: "B",
      });
      expect((await expectJson<ErrorBody>(farOff, 400)).error.issues).toEqual([
        { path: "auditDate", message: "must be a date from 2000-01-01 to 2099-12-31" },
      ]);
      const badModules = await plan(org, { applicationDate: null, auditDate: null, modules: "A" });
      expect((await expectJson<ErrorBody>(badModules, 400)).error.issues?.[0]?.path).toBe("modules");
      const contributor = await org.members.contributor.client.put(org.path("/audit/plan"), {
        applicationDate: null,
        auditDate: null,
        modules: "B",
      });
      expect(await errorCode(contributor)).toBe("auth.forbidden");
      expect(
        (await expectJson<PlanBody>(await org.admin.client.get(org.path("/audit/plan")), 200)).auditDate,
      ).toBe("2025-10-03");
    });
  });

  describe("the auditor", () => {
    it("records findings that partner admins and contributors answer and the auditor resolves", async () => {
      const org = await createOrg(server, "Finding Partners");
      const auditor = org.members.auditor.client;
      const finding = await expectJson<FindingBody>(
        await auditor.post(org.path("/audit/findings"), {
          controlId: "B2.1",
          text: "No AI impact assessment.",
        }),
        201,
      );
      expect(finding).toMatchObject({
        controlId: "B2.1",
        status: "open",
        response: null,
        createdBy: org.members.auditor.name,
      });
      for (const [body, field] of [
        [{ controlId: "B9.9", text: "x" }, "controlId"],
        [{ controlId: "nonsense", text: "x" }, "controlId"],
        [{ controlId: "B2.1", text: "  " }, "text"],
      ] as const) {
        const res = await auditor.post(org.path("/audit/findings"), body);
        expect((await expectJson<ErrorBody>(res, 400)).error.issues?.[0]?.path).toBe(field);
      }
      const path = org.path(`/audit/findings/${finding.id}`);
      const outcomes = {
        contributorResolves: await errorCode(
          await org.members.contributor.client.patch(path, { status: "resolved" }),
        ),
        adminResolves: await errorCode(await org.admin.client.patch(path, { status: "resolved" })),
        auditorResponds: await errorCode(await auditor.patch(path, { response: "Done" })),
        viewerResponds: await errorCode(await org.members.viewer.client.patch(path, { response: "Done" })),
        contributorCreates: await errorCode(
          await org.members.contributor.client.post(org.path("/audit/findings"), {
            controlId: "B2.1",
            text: "x",
          }),
        ),
      };
      expect(outcomes).toEqual({
        contributorResolves: "auth.forbidden",
        adminResolves: "auth.forbidden",
        auditorResponds: "auth.forbidden",
        viewerResponds: "auth.forbidden",
        contributorCreates: "auth.forbidden",
      });
      const answered = await expectJson<FindingBody>(
        await org.members.contributor.client.patch(path, { response: "Uploaded the assessment." }),
        200,
      );
      expect(answered).toMatchObject({ status: "open", response: "Uploaded the assessment." });
      const resolved = await expectJson<FindingBody>(await auditor.patch(path, { status: "resolved" }), 200);
      expect(resolved).toMatchObject({ status: "resolved", resolvedBy: org.members.auditor.name });
      const reopened = await expectJson<FindingBody>(await auditor.patch(path, { status: "open" }), 200);
      expect(reopened).toMatchObject({ status: "open", resolvedBy: null });
      // The same finding, with the caller's allowed actions on it: the auditor's, then a viewer's.
      expect(reopened.allowedActions).toEqual(["audit.findings.update", "audit.findings.record"]);
      expect(
        await expectJson<FindingBody[]>(
          await org.members.viewer.client.get(org.path("/audit/findings")),
          200,
        ),
      ).toEqual([{ ...reopened, allowedActions: [] }]);
    });

    it("issues gap reports as a snapshot of the open findings, and refuses one without open findings", async () => {
      const org = await createOrg(server, "Gap Partners");
      const auditor = org.members.auditor.client;
      const none = await auditor.post(org.path("/audit/gap-reports"), { issuedOn: "2025-10-17" });
      expect(await errorCode(none)).toBe("audit.no_open_findings");
      const open = await expectJson<FindingBody>(
        await auditor.post(org.path("/audit/findings"), {
          controlId: "B3.1",
          text: "Missing as-built document.",
        }),
        201,
      );
      const closed = await expectJson<FindingBody>(
        await auditor.post(org.path("/audit/findings"), { controlId: "B4.1", text: "No sign-off." }),
        201,
      );
      await expectJson(
        await auditor.patch(org.path(`/audit/findings/${closed.id}`), { status: "resolved" }),
        200,
      );
      const report = await expectJson<{
        issuedOn: string;
        summary: string;
        findings: { id: string; text: string }[];
      }>(
        await auditor.post(org.path("/audit/gap-reports"), {
          issuedOn: "2025-10-17",
          summary: "One open item.",
        }),
        201,
      );
      expect(report).toMatchObject({ issuedOn: "2025-10-17", summary: "One open item." });
      expect(report.findings.map((f) => f.id)).toEqual([open.id]);
      // Later changes do not rewrite what was issued.
      await expectJson(
        await auditor.patch(org.path(`/audit/findings/${open.id}`), { status: "resolved" }),
        200,
      );
      const listed = await expectJson<(typeof report)[]>(
        await org.members.viewer.client.get(org.path("/audit/gap-reports")),
        200,
      );
      expect(listed).toEqual([report]);
      const byAdmin = await org.admin.client.post(org.path("/audit/gap-reports"), { issuedOn: "2025-10-18" });
      expect(await errorCode(byAdmin)).toBe("auth.forbidden");
    });

    it("records results; a Module A pass waives Module A in the readiness and the dashboard's audit requirement", async () => {
      const org = await createOrg(server, "Result Partners");
      // Neither evidence nor history: the audit cannot be checked yet.
      expect((await auditRequirement(org)).status).toBe("no_data");

      const noPass = await expectJson<{ id: string }>(
        await org.members.auditor.client.post(org.path("/audit/results"), {
          module: "A+B",
          result: "No Pass",
          date: "2025-06-01",
          checklistVersion: "V1.7",
        }),
        201,
      );
      expect(noPass.id).toBeTruthy();
      expect((await auditRequirement(org)).details.moduleAWaived).toBe(false);

      await expectJson(
        await org.members.auditor.client.post(org.path("/audit/results"), {
          module: "A",
          result: "Pass",
          date: "2025-07-01",
          checklistVersion: "2024-08",
        }),
        201,
      );
      const after = await auditRequirement(org);
      expect(after.details.moduleAWaived).toBe(true);
      expect(after.details.controls.filter((c) => c.id.startsWith("A")).map((c) => c.status)).toEqual(
        Array(7).fill("waived"),
      );
      const ready = await readiness(org);
      expect(ready.moduleAWaived).toBe(true);
      // Without a saved plan, a waived Module A means a Module B audit.
      const planned = await expectJson<PlanBody>(await org.admin.client.get(org.path("/audit/plan")), 200);
      expect(planned.modules).toBe("B");
      // Two years on, the waiver has lapsed.
      expect((await auditRequirement(org, "2027-07-02")).details.moduleAWaived).toBe(false);

      const results = await expectJson<{ result: string; recordedBy: string }[]>(
        await org.members.viewer.client.get(org.path("/audit/results")),
        200,
      );
      expect(results.map((r) => `${r.result} by ${r.recordedBy}`)).toEqual([
        `Pass by ${org.members.auditor.name}`,
        `No Pass by ${org.members.auditor.name}`,
      ]);
      const bad = await org.members.auditor.client.post(org.path("/audit/results"), {
        module: "C",
        result: "Maybe",
        date: "2025-13-01",
        checklistVersion: "",
      });
      expect((await expectJson<ErrorBody>(bad, 400)).error.issues?.map((i) => i.path).sort()).toEqual([
        "checklistVersion",
        "date",
        "module",
        "result",
      ]);
      // A result dated 9999 would break the waiver rule, and with it the dashboard.
      const farOff = await org.members.auditor.client.post(org.path("/audit/results"), {
        module: "A",
        result: "Pass",
        date: "9999-12-31",
        checklistVersion: "2024-08",
      });
      expect((await expectJson<ErrorBody>(farOff, 400)).error.issues?.[0]?.path).toBe("date");
      expect((await org.members.viewer.client.get(org.path("/evaluation"))).status).toBe(200);
      const byAdmin = await org.admin.client.post(org.path("/audit/results"), {
        module: "B",
        result: "Pass",
        date: "2025-07-01",
        checklistVersion: "V1.7",
      });
      expect(await errorCode(byAdmin)).toBe("auth.forbidden");
    });

    it("guards the final result: not in the future, not before the application, open findings acknowledged; says what it does first", async () => {
      const org = await createOrg(server, "Guarded Results");
      const auditor = org.members.auditor.client;
      const todayIs = today();
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await expectJson(
        await plan(org, { applicationDate: "2025-03-03", auditDate: null, modules: "A+B" }),
        200,
      );
      const body = (fields: Record<string, unknown> = {}) => ({
        module: "A+B",
        result: "Pass",
        date: todayIs,
        checklistVersion: "V1.7",
        ...fields,
      });
      const before = await orgState(server.db, org.id);

      // Each rule is named by its field, for the preview and for recording alike.
      for (const path of ["/audit/results/preview", "/audit/results"]) {
        const future = await expectJson<ErrorBody>(
          await auditor.post(org.path(path), body({ date: tomorrow })),
          400,
        );
        expect(future.error.issues).toEqual([
          {
            path: "date",
            message: `${tomorrow} is in the future: a result is dated on or before today (${todayIs})`,
          },
        ]);
        const early = await expectJson<ErrorBody>(
          await auditor.post(org.path(path), body({ date: "2025-03-02" })),
          400,
        );
        expect(early.error.issues).toEqual([
          {
            path: "date",
            message:
              "2025-03-02 is before the application date 2025-03-03 (the planned application date): the audit follows the application",
          },
        ]);
      }
      // The application recorded as submitted decides once there is one.
      await expectJson(
        await org.admin.client.put(org.path("/application"), { submittedOn: "2025-04-01" }),
        200,
      );
      const afterSubmission = await expectJson<ErrorBody>(
        await auditor.post(org.path("/audit/results"), body({ date: "2025-03-15" })),
        400,
      );
      expect(afterSubmission.error.issues?.[0]?.message).toContain(
        "before the application date 2025-04-01 (the application recorded as submitted)",
      );

      // Open findings: the preview lists them, recording needs the acknowledgement.
      const finding = await expectJson<FindingBody>(
        await auditor.post(org.path("/audit/findings"), { controlId: "B3.1", text: "No as-built document." }),
        201,
      );
      const preview = await expectJson<{
        effect: string;
        waiverUntil: string | null;
        changesWaiver: boolean;
        openFindings: { id: string; controlId: string }[];
      }>(await auditor.post(org.path("/audit/results/preview"), body()), 200);
      expect(preview.effect).toMatch(
        new RegExp(
          `^Recording a Pass of Modules A\\+B dated ${todayIs} waives Module A until \\d{4}-\\d{2}-\\d{2} `,
        ),
      );
      expect(preview).toMatchObject({
        changesWaiver: true,
        openFindings: [{ id: finding.id, controlId: "B3.1" }],
      });
      const unacknowledged = await expectJson<ErrorBody>(
        await auditor.post(org.path("/audit/results"), body()),
        400,
      );
      expect(unacknowledged.error.issues).toEqual([
        {
          path: "acknowledgeOpenFindings",
          message:
            "1 finding is still open (B3.1): resolve it, or confirm that the result is recorded with it open",
        },
      ]);
      // Nothing was recorded by any refusal, nor by the preview.
      expect(
        (await expectJson<unknown[]>(await org.members.viewer.client.get(org.path("/audit/results")), 200))
          .length,
      ).toBe(0);
      expect((await auditRequirement(org, todayIs)).status).toBe("no_data");

      const recorded = await expectJson<{ id: string; openFindings: number; effect: string }>(
        await auditor.post(org.path("/audit/results"), body({ acknowledgeOpenFindings: true })),
        201,
      );
      expect(recorded.openFindings).toBe(1);
      expect(recorded.effect).toBe(preview.effect);
      expect((await auditRequirement(org, todayIs)).details.moduleAWaived).toBe(true);
      expect(await orgState(server.db, org.id)).not.toEqual(before);
    });

    it("withdraws a result with a reason: it stays in the history, marked, and the waiver is measured again", async () => {
      const org = await createOrg(server, "Withdrawn Results");
      const auditor = org.members.auditor.client;
      await expectJson(
        await auditor.post(org.path("/audit/results"), {
          module: "B",
          result: "No Pass",
          date: "2025-05-01",
          checklistVersion: "V1.7",
        }),
        201,
      );
      const pass = await expectJson<{ id: string }>(
        await auditor.post(org.path("/audit/results"), {
          module: "A+B",
          result: "Pass",
          date: "2025-07-01",
          checklistVersion: "V1.7",
        }),
        201,
      );
      expect((await auditRequirement(org, "2025-08-01")).details.moduleAWaived).toBe(true);
      const listed = await expectJson<{ id: string; ifWithdrawn: string | null }[]>(
        await org.members.viewer.client.get(org.path("/audit/results")),
        200,
      );
      expect(listed).toHaveLength(2);
      expect(listed[0]?.ifWithdrawn).toMatch(/^Withdrawing a Pass of Modules A\+B dated 2025-07-01 /);

      for (const [client, who] of [
        [org.admin.client, "partner admin"],
        [org.members.contributor.client, "contributor"],
        [org.members.viewer.client, "viewer"],
      ] as const) {
        const res = await client.post(org.path(`/audit/results/${pass.id}/withdraw`), { reason: "Typo" });
        expect(`${who}: ${await errorCode(res)}`).toBe(`${who}: auth.forbidden`);
      }
      const noReason = await auditor.post(org.path(`/audit/results/${pass.id}/withdraw`), { reason: "  " });
      expect((await expectJson<ErrorBody>(noReason, 400)).error.issues?.[0]?.path).toBe("reason");

      const withdrawn = await expectJson<{
        withdrawn: { by: string; at: string; reason: string } | null;
        effect: string;
      }>(
        await auditor.post(org.path(`/audit/results/${pass.id}/withdraw`), {
          reason: "Recorded for the wrong partner.",
        }),
        200,
      );
      expect(withdrawn.withdrawn).toMatchObject({
        by: org.members.auditor.name,
        reason: "Recorded for the wrong partner.",
      });
      expect(withdrawn.effect).toContain("ends the Module A waiver");
      // It stays in the history, marked; the rules no longer read it.
      const history = await expectJson<{ id: string; withdrawn: unknown; ifWithdrawn: string | null }[]>(
        await org.members.viewer.client.get(org.path("/audit/results")),
        200,
      );
      expect(history).toHaveLength(2);
      expect(history[0]).toMatchObject({
        id: pass.id,
        withdrawn: { reason: "Recorded for the wrong partner." },
        ifWithdrawn: null,
      });
      const audit = await auditRequirement(org, "2025-08-01");
      expect(audit.details.moduleAWaived).toBe(false);
      const again = await auditor.post(org.path(`/audit/results/${pass.id}/withdraw`), { reason: "Twice" });
      expect(await errorCode(again)).toBe("audit.result_withdrawn");
      const log = await expectJson<{ entries: { action: string; summary: string }[] }>(
        await org.admin.client.get(org.path("/activity?action=audit.result.withdrawn")),
        200,
      );
      expect(log.entries[0]?.summary).toMatch(
        /^Withdrew the Pass for Module A\+B of 2025-07-01: Recorded for the wrong partner\. Withdrawing /,
      );
    });

    it("answers 404 to another organization's finding and changes nothing", async () => {
      const a = await createOrg(server, "Finding Owner");
      const b = await createOrg(server, "Finding Other");
      const finding = await expectJson<FindingBody>(
        await a.members.auditor.client.post(a.path("/audit/findings"), { controlId: "B3.1", text: "Gap" }),
        201,
      );
      const before = await orgState(server.db, a.id);
      for (const [client, body] of [
        [b.members.auditor.client, { status: "resolved" }],
        [b.admin.client, { response: "Not yours" }],
        [b.admin.client, {}],
      ] as const) {
        const res = await client.patch(b.path(`/audit/findings/${finding.id}`), body);
        expect(`${res.status} ${await errorCode(res)}`).toBe("404 not_found");
      }
      const direct = await b.members.auditor.client.patch(a.path(`/audit/findings/${finding.id}`), {
        status: "resolved",
      });
      expect(direct.status).toBe(404);
      expect(await orgState(server.db, a.id)).toEqual(before);
    });
  });

  describe("the evidence binder", () => {
    it("streams a ZIP whose manifest hashes are the uploaded bytes and whose check-data gives specready check the dashboard's audit result", async () => {
      const org = await createOrg(server, "Binder Partners");
      // No application date: the earlier audit's result can be recorded here (it precedes no application).
      await expectJson(await plan(org, { applicationDate: null, auditDate: AUDIT_DATE, modules: "B" }), 200);
      const uploaded = new Map<string, Buffer>();
      for (const customer of ["Contoso", "Fabrikam", "Litware"]) {
        const projectId = await project(org, customer, customer === "Litware" ? "2025-07-31" : "2025-04-30");
        for (const n of [1, 2]) {
          // One document backs every Module B control: its type is one B3.1 accepts.
          const bytes = pdfBytes(`${customer} design ${n}`);
          const item = await uploadEvidence(
            org.members.contributor.client,
            org,
            {
              projectId,
              title: `=HYPERLINK("x") ${customer} design ${n}`,
              artifactType: "Solution design",
              controls: B_CONTROLS.join(","),
              fileName: `../${customer} design ${n}.pdf`,
            },
            bytes,
          );
          await approveEvidence(org, item.id);
          uploaded.set(item.id, bytes);
        }
      }
      // A link backs B3.1 too; a project outside the window adds nothing.
      const old = await project(org, "Northwind", "2024-01-31");
      const oldLink = await expectJson<EvidenceBody>(
        await org.members.contributor.client.post(org.path("/evidence"), {
          kind: "link",
          title: "Old architecture",
          artifactType: "Architecture diagrams",
          projectId: old,
          controls: ["B3.1"],
          url: "https://contoso.sharepoint.com/old",
        }),
        201,
      );
      await approveEvidence(org, oldLink.id);
      // A draft and an item waiting for review: not in the binder unless asked for.
      const contoso = await project(org, "Contoso", "2025-04-30", "Second deployment");
      const draft = await uploadEvidence(
        org.members.contributor.client,
        org,
        { projectId: contoso, title: "Draft design", artifactType: "Solution design", controls: "B3.1" },
        pdfBytes("draft"),
      );
      const waiting = await uploadEvidence(
        org.members.contributor.client,
        org,
        { projectId: contoso, title: "Waiting design", artifactType: "Solution design", controls: "B3.1" },
        pdfBytes("waiting"),
      );
      await expectJson(await review(org.members.contributor.client, org, waiting.id, "submit"), 200);
      for (const [id, specialty] of [
        ["B1.1", "AI-powered apps"],
        ["B2.1", "B: apps and agents with the AI Foundry SDK"],
      ])
        await expectJson(
          await org.admin.client.put(org.path(`/audit/specialties/${id}`), { specialty }),
          200,
        );
      await expectJson(
        await org.members.auditor.client.post(org.path("/audit/results"), {
          module: "A+B",
          result: "Pass",
          date: "2024-05-20",
          checklistVersion: "V1.6",
        }),
        201,
      );

      const dashboard = await auditRequirement(org);
      expect(dashboard.status).toBe("met");
      expect(dashboard.details.moduleAWaived).toBe(true);

      const contributor = await org.members.contributor.client.get(org.path("/audit/binder"));
      expect(await errorCode(contributor)).toBe("auth.forbidden");

      const res = await org.members.auditor.client.get(org.path("/audit/binder"));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/zip");
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="specready-binder-binder-partners-${today()}.zip"`,
      );
      const zipPath = join(work, `${org.id}.zip`);
      await writeFile(zipPath, Buffer.from(await res.arrayBuffer()));
      const entries = await readZip(zipPath);
      const byName = new Map(entries.map((e) => [e.name, e.data]));
      expect(entries.slice(0, 3).map((e) => e.name)).toEqual(["index.html", "index.pdf", "manifest.csv"]);

      const [header, ...lines] = parseCsv((byName.get("manifest.csv") as Buffer).toString("utf8"));
      const col = (name: string) => (header as string[]).indexOf(name);
      const files = lines.filter((l) => l[col("revision")] !== "");
      // Six files, each under the seven controls it backs: approved ones only, with their approver.
      expect(files).toHaveLength(6 * B_CONTROLS.length);
      for (const line of lines) {
        expect(line[col("status")]).toBe("approved");
        expect(line[col("approved_by")]).toBe(org.admin.name);
        expect(line[col("self_approved")]).toBe("no");
      }
      expect(lines.some((l) => [draft.id, waiting.id].includes(l[col("evidence_id")] as string))).toBe(false);
      // Every file of the ZIP's evidence folders is a line of the manifest.
      expect(
        entries
          .filter((e) => e.name.startsWith("Module "))
          .map((e) => e.name)
          .sort(),
      ).toEqual(lines.map((l) => l[col("path")]).sort());
      for (const line of files) {
        const path = line[col("path")] as string;
        const original = uploaded.get(line[col("evidence_id")] as string) as Buffer;
        expect(line[col("sha256")], path).toBe(sha256(original));
        expect(line[col("size")]).toBe(String(original.length));
        expect(sha256(byName.get(path) as Buffer), path).toBe(sha256(original));
        expect(path).not.toContain("..");
      }
      // Titles are formula-safe in the manifest.
      expect(files.every((l) => !(l[col("title")] as string).startsWith("="))).toBe(true);
      // The link of the customer that does not count travels too, as a shortcut file without a revision.
      const link = lines.find((l) => l[col("title")] === "Old architecture");
      expect(link?.[col("path")]).toMatch(/^Module B\/B3\.1 .*\.url$/);
      expect(link?.[col("revision")]).toBe("");

      // check-data/ through `specready check`: the dashboard's audit requirement, exactly.
      const dir = join(work, `${org.id}-check`);
      await mkdir(dir, { recursive: true });
      for (const name of ["audit-evidence.csv", "audit-history.csv"]) {
        const data = byName.get(`check-data/${name}`);
        expect(data, `check-data/${name}`).toBeDefined();
        await writeFile(join(dir, name), data as Buffer);
      }
      const checked = await run(process.execPath, [
        specready,
        "check",
        dir,
        "--as-of",
        AUDIT_DATE,
        "--format",
        "json",
      ]).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
        if (error.code === 1) return { stdout: error.stdout ?? "", stderr: error.stderr ?? "" };
        throw new Error(`specready check failed (${error.code}): ${error.stderr}`);
      });
      const cli = JSON.parse(checked.stdout) as EvaluationBody;
      const cliAudit = cli.requirements.find((r) => r.id === "audit") as RequirementBody;
      // The whole requirement, records and their lines included; only the binder's free text is
      // formula-safe (an apostrophe before "=HYPERLINK…", as Excel needs it).
      const unprotected = JSON.parse(JSON.stringify(cliAudit).replaceAll(`"evidence":"'=`, `"evidence":"=`));
      expect(unprotected).toEqual(dashboard);
      expect(cliAudit.status).toBe(dashboard.status);
      expect(cliAudit.details.moduleAWaived).toBe(dashboard.details.moduleAWaived);
      expect(cliAudit.details.controls.map((c) => [c.id, c.status, c.customerCount])).toEqual(
        dashboard.details.controls.map((c) => [c.id, c.status, c.customerCount]),
      );

      // With the evidence pending review: each item marked with its status, the figures unchanged.
      const all = await org.admin.client.get(org.path("/audit/binder?pending=1"));
      expect(all.status).toBe(200);
      const allPath = join(work, `${org.id}-all.zip`);
      await writeFile(allPath, Buffer.from(await all.arrayBuffer()));
      const allEntries = await readZip(allPath);
      const allByName = new Map(allEntries.map((e) => [e.name, e.data]));
      const [, ...allLines] = parseCsv((allByName.get("manifest.csv") as Buffer).toString("utf8"));
      const statusOf = (id: string) => allLines.find((l) => l[col("evidence_id")] === id)?.[col("status")];
      expect([statusOf(draft.id), statusOf(waiting.id)]).toEqual(["draft", "ready"]);
      expect(allLines.find((l) => l[col("evidence_id")] === draft.id)?.[col("approved_by")]).toBe("");
      expect(allLines).toHaveLength(lines.length + 2);
      expect(allByName.get("check-data/audit-evidence.csv")).toEqual(
        byName.get("check-data/audit-evidence.csv"),
      );
      const html = (allByName.get("index.html") as Buffer).toString("utf8");
      expect(html).toContain("Draft — not approved yet, does not count");
      expect(html).toContain("Ready for review — not approved yet, does not count");

      // The activity log counts what the manifest lists.
      const log = await expectJson<{
        entries: {
          action: string;
          summary: string;
          actor: { name: string };
          details: Record<string, unknown>;
        }[];
      }>(await org.admin.client.get(org.path("/activity?action=audit.binder")), 200);
      expect(log.entries.map((e) => `${e.actor.name}: ${e.summary}`)).toEqual([
        `${org.admin.name}: Downloaded the evidence binder (45 files: 44 uploaded, 1 link or note; 2 not approved yet, evidence pending review included)`,
        `${org.members.auditor.name}: Downloaded the evidence binder (43 files: 42 uploaded, 1 link or note, approved evidence only)`,
      ]);
      expect(log.entries.map((e) => e.details.files)).toEqual([allLines.length, lines.length]);
    });

    it("never hands out a complete-looking binder when a stored file is missing or changed", async () => {
      for (const damage of ["missing", "changed"] as const) {
        const org = await createOrg(server, `Damaged Binder ${damage}`);
        const projectId = await project(org, "Contoso", "2025-04-30");
        await uploadEvidence(org.admin.client, org, { projectId, title: "Intact" }, pdfBytes("intact"));
        const damaged = await uploadEvidence(
          org.admin.client,
          org,
          { projectId, title: "Damaged" },
          "original",
        );
        const [key] = await storedKeys(server.ctx.evidenceStore, org.id).then((keys) =>
          keys.filter((k) => k.includes(damaged.id)),
        );
        await server.ctx.evidenceStore.delete(key as string);
        if (damage === "changed")
          await server.ctx.evidenceStore.put(key as string, Readable.from([Buffer.from("tampered")]), {
            limitBytes: 1024,
          });
        // Drafts: bound when asked for everything.
        const res = await org.admin.client.get(org.path("/audit/binder?pending=1"));
        expect(res.status).toBe(200);
        await expect(res.arrayBuffer(), damage).rejects.toThrow();
        // The revision's own download does not hand it out either.
        const file = await org.admin.client.get(org.path(`/evidence/${damaged.id}/revisions/1/content`));
        if (damage === "missing") {
          const body = await expectJson<ErrorBody>(file, 404);
          expect(body.error.code).toBe("evidence.file_missing");
        } else {
          // Announced with the uploaded hash, the changed bytes never arrive complete.
          expect(file.headers.get("x-evidence-sha256")).toBe(sha256("original"));
          await expect(file.arrayBuffer()).rejects.toThrow();
        }
      }
    });

    it("streams a binder for an organization with nothing in it", async () => {
      const org = await createOrg(server, "Empty Binder");
      const res = await org.admin.client.get(org.path("/audit/binder"));
      expect(res.status).toBe(200);
      const zipPath = join(work, `${org.id}.zip`);
      await writeFile(zipPath, Buffer.from(await res.arrayBuffer()));
      const names = (await readZip(zipPath)).map((e) => e.name);
      expect(names).toEqual(
        expect.arrayContaining(["index.html", "index.pdf", "manifest.csv", "check-data/audit-evidence.csv"]),
      );
    });
  });
});
