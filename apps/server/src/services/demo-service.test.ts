import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuditDetails, evaluateReadiness, todayFrom } from "@specready/core";
import { repositories } from "@specready/db";
import { loadDataDir, writeDemoPartner } from "@specready/ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STARTUP_TIMEOUT, TestServer } from "../test-support/test-server.js";
import { auditPlan, auditReadiness } from "./audit-workspace-service.js";
import { demoLogin, seedDemo } from "./demo-service.js";
import { loadReadinessInputs } from "./evaluation-service.js";
import { specializationReadiness, specializationsView } from "./specializations/specialization-readiness.js";

const NOW = new Date("2026-12-02T09:30:00Z");

function auditOf(evaluation: ReturnType<typeof evaluateReadiness>) {
  const audit = evaluation.requirements.find((r) => r.id === "audit");
  const details = audit?.details as AuditDetails | undefined;
  return {
    status: audit?.status,
    controls: details?.controls.map((c) => ({ id: c.id, status: c.status, customers: c.customerCount })),
  };
}

describe("the demo workspace", () => {
  let server: TestServer;
  let orgId: string;

  beforeAll(async () => {
    server = await TestServer.start("pglite", { now: () => NOW });
    const login = await seedDemo(server.ctx);
    expect(login?.email).toBe("admin@adatum.example");
    const orgs = await repositories(server.db).organizations.listForUser(
      (await repositories(server.db).users.byEmail("admin@adatum.example"))?.id ?? "",
    );
    orgId = orgs[0]?.id ?? "";
  }, 3 * STARTUP_TIMEOUT); // seeding imports every demo file (usage read once per specialization) on a busy machine

  afterAll(async () => {
    await server?.close();
  });

  it("seeds once, and remembers the sign-in", async () => {
    expect(await seedDemo(server.ctx)).toBeUndefined();
    expect((await demoLogin(server.ctx))?.email).toBe("admin@adatum.example");
  });

  it("files an evidence register whose audit result is the demo files' result under specready check", async () => {
    const dir = await mkdtemp(join(tmpdir(), "specready-demo-check-"));
    try {
      const asOf = todayFrom(NOW);
      await writeDemoPartner(dir, asOf);
      const loaded = await loadDataDir(dir, server.ctx.program);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      const fromFiles = evaluateReadiness(server.ctx.program, loaded.inputs, asOf);
      const inputs = await loadReadinessInputs(server.db, server.ctx.program, orgId);
      const fromWorkspace = evaluateReadiness(server.ctx.program, inputs, asOf);
      expect(auditOf(fromWorkspace)).toEqual(auditOf(fromFiles));
      // The rest of the dashboard is the imported files'.
      expect(fromWorkspace.requirements.map((r) => [r.id, r.status])).toEqual(
        fromFiles.requirements.map((r) => [r.id, r.status]),
      );
      expect(auditOf(fromWorkspace).controls?.some((c) => c.status === "met")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stores real files whose recorded SHA-256 and type match their bytes", async () => {
    const items = await repositories(server.db).evidence.list(orgId);
    const files = items.filter((i) => i.kind === "file");
    expect(files.length).toBeGreaterThan(40);
    expect(items.some((i) => i.kind === "link")).toBe(true);
    const types = new Set(files.map((f) => f.currentRevision?.mediaType));
    expect(types).toContain("application/pdf");
    for (const item of files.slice(0, 8)) {
      const rev = item.currentRevision;
      if (rev === null) throw new Error(`${item.title} has no revision`);
      const hash = createHash("sha256");
      for await (const chunk of await server.ctx.evidenceStore.open(rev.storageKey))
        hash.update(chunk as Buffer);
      expect(hash.digest("hex")).toBe(rev.sha256);
    }
    // Mixed review statuses, with what the reviewer asked for.
    const statuses = new Set(items.map((i) => i.status));
    expect([...statuses].sort()).toEqual(["approved", "changes_requested", "draft", "ready"]);
    expect(items.find((i) => i.status === "changes_requested")?.lastComment).toMatch(/Well-Architected/);
  });

  it("tells its story with approved evidence only: some controls met, some waiting for review, some short", async () => {
    const inputs = await loadReadinessInputs(server.db, server.ctx.program, orgId);
    const today = todayFrom(NOW);
    const audit = auditOf(evaluateReadiness(server.ctx.program, inputs, today));
    const readiness = await auditReadiness(server.ctx, orgId, today);
    const byId = new Map(readiness.controls.map((c) => [c.id, c]));
    const met = readiness.controls.filter((c) => c.status === "met").map((c) => c.id);
    const pending = readiness.controls
      .filter((c) => c.status === "not_met" && c.pending.statusIfApproved === "met")
      .map((c) => c.id);
    const short = readiness.controls
      .filter((c) => c.status === "not_met" && c.pending.statusIfApproved === "not_met")
      .map((c) => c.id);
    expect(met).toEqual(["A1.1", "A1.2", "A2.1", "A2.2", "A3.1", "A3.2", "B1.1", "B2.1", "B2.3", "B4.2"]);
    expect(pending).toEqual(["A3.3", "B4.1"]);
    expect(short).toEqual(["B2.2", "B3.1"]);
    expect(byId.get("B4.1")).toMatchObject({ customerCount: 2, pending: { customers: 1 } });
    expect(byId.get("B2.2")).toMatchObject({ customerCount: 1, pending: { customers: 1 } });
    // The dashboard's evaluation counts the same.
    expect(audit.controls?.map((c) => [c.id, c.status, c.customers])).toEqual(
      readiness.controls.map((c) => [c.id, c.status, c.customerCount]),
    );

    // Filed by a contributor, reviewed by the partner admin: nothing self-approved.
    const items = await repositories(server.db).evidence.list(orgId);
    expect(new Set(items.map((i) => i.authorName))).toEqual(new Set(["Morgan Lee"]));
    const approvals = items.flatMap((i) => (i.approval === null ? [] : [i.approval]));
    expect(approvals.length).toBeGreaterThan(30);
    expect(new Set(approvals.map((a) => a.by))).toEqual(new Set(["Avery Admin"]));
    expect(approvals.every((a) => !a.selfApproved)).toBe(true);
    const members = await repositories(server.db).users.members(orgId);
    expect(members.map((m) => `${m.name}: ${m.role}`).sort()).toEqual([
      "Avery Admin: partner_admin",
      "Morgan Lee: contributor",
    ]);
  });

  it("plans the audit after a project ages out, and says so ahead of time", async () => {
    const readiness = await auditReadiness(server.ctx, orgId);
    expect(readiness.planned).toBe(true);
    expect(readiness.date > todayFrom(NOW)).toBe(true);
    const warnings = readiness.controls.flatMap((c) => c.warnings);
    expect(
      warnings.some((w) => /ages out on \d{4}-\d{2}-\d{2}, before your planned audit date/.test(w)),
    ).toBe(true);
    // A plan the process allows: the audit within thirty days of the application.
    const plan = await auditPlan(server.ctx, orgId);
    // Only notes on the checklist versions (none in the data is dated that late): no plan problem.
    expect(
      plan.warnings.filter(
        (w) => !/checklists change twice a year|checklist in the program data was in effect/.test(w),
      ),
    ).toEqual([]);
    const b11 = readiness.controls.find((c) => c.id === "B1.1");
    expect(b11?.specialty?.chosen).toBe("AI-powered apps");
  });

  it("pursues both specializations: Infra's figures are specready check --program infra-db-migration-2023 on the demo files, and Module A evidence counts for both", async () => {
    const asOf = todayFrom(NOW);
    const view = await specializationsView(server.ctx, orgId, asOf);
    expect(view.pursued).toEqual(["ai-platform-azure", "infra-db-migration"]);
    const dir = await mkdtemp(join(tmpdir(), "specready-demo-infra-"));
    try {
      await writeDemoPartner(dir, asOf);
      const infra = server.ctx.allPrograms.find((p) => p.id === "infra-db-migration-2023");
      if (infra === undefined) throw new Error("the Infra program is not installed");
      // The usage file alone: the demo's audit-evidence file names the AI Platform's Module B controls.
      await rm(join(dir, "audit-evidence.csv"));
      const loaded = await loadDataDir(dir, infra);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      const performanceOf = (e: ReturnType<typeof evaluateReadiness>) =>
        e.requirements.find((r) => r.id === "performance");
      const fromFiles = performanceOf(evaluateReadiness(infra, loaded.inputs, asOf));
      const readiness = await specializationReadiness(server.ctx, orgId, "infra-db-migration", asOf);
      const fromWorkspace = performanceOf(readiness.evaluation);
      expect(fromWorkspace?.details).toEqual(fromFiles?.details);
      // Partly met: SQL met, Windows unknown (the download lacks the columns Microsoft's filter reads),
      // Linux and open-source databases short.
      const rules =
        (fromWorkspace?.details as { rules: { id: string; status: string }[] } | undefined)?.rules ?? [];
      expect(rules.map((r) => [r.id, r.status])).toEqual([
        ["windows-vm", "unknown"],
        ["linux-vm", "not_met"],
        ["sql", "met"],
        ["oss-db", "not_met"],
      ]);
      // Module A is shared: the same evidence gives both specializations the same Module A controls.
      const moduleA = (e: ReturnType<typeof evaluateReadiness>) =>
        auditOf(e).controls?.filter((c) => c.id.startsWith("A"));
      const ai = await specializationReadiness(server.ctx, orgId, "ai-platform-azure", asOf);
      expect(moduleA(readiness.evaluation)).toEqual(moduleA(ai.evaluation));
      expect(moduleA(readiness.evaluation)?.filter((c) => c.status === "met").length).toBeGreaterThan(3);
      // Module B of Infra is not in program data: unknown, never met.
      expect(readiness.evaluation.requirements.find((r) => r.id === "audit")?.status).not.toBe("met");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
