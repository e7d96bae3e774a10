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

interface Requirement {
  id: string;
  status: string;
  summary: string;
  details?: Record<string, unknown>;
  gaps: { code: string; message: string }[];
}
interface Evaluation {
  program: string;
  programName: string;
  requirements: Requirement[];
  warnings: { code: string; message: string }[];
}
interface Specializations {
  installed: { specialization: string; name: string }[];
  pursued: string[];
  summary: {
    specialization: string;
    name: string;
    programId: string;
    ready: boolean;
    requirements: { id: string; status: string; summary: string }[];
  }[];
}
interface SubRule {
  id: string;
  status: string;
  windowTotalUsd: string;
  customerCount: number;
  minimums: { id: string; windowTotalUsd: string; met: boolean }[];
}

const HEADER =
  "PartnerID,PartnerName,Month,CustomerTenantId,CustomerName,SubscriptionId,ServiceLevel1,ServiceLevel2,ServiceGroup2,ServiceGroup3,PartnerAttributionType,IsACRDuplicateAtMPNLevel,CloudInstance,OfferType,ACR_USD";

/** Three customers with AI usage and SQL Database usage in each month of the window Sep–Nov 2026. */
function usageCsv(): string {
  const rows = [HEADER];
  for (const month of ["2026-09", "2026-10", "2026-11"])
    for (const n of [1, 2, 3]) {
      const tenant = `0000000${n}-1a2b-4c3d-8e9f-101112131415`;
      const common = `1,Adatum,${month},${tenant},Customer ${n},sub-${n}`;
      rows.push(
        `${common},AI + Machine Learning,Azure OpenAI,AI,Applied AI Services,Partner of record,0,AzureCloud,Azure plan,900.00`,
      );
      rows.push(
        `${common},Databases,SQL Database,Databases,SQLDB,Partner of record,0,AzureCloud,Azure plan,1100.00`,
      );
    }
  return `${rows.join("\n")}\n`;
}

const INFRA = "infra-db-migration";
const BOTH = ["ai-platform-azure", INFRA];

describe.each(testBackends)("several specializations in one workspace on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend, { now: () => new Date("2026-12-06T10:00:00Z") });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  const specializations = async (org: TestOrg) =>
    expectJson<Specializations>(await org.members.viewer.client.get(org.path("/specializations")), 200);
  const dashboard = async (org: TestOrg, specialization?: string) =>
    (
      await expectJson<{ evaluation: Evaluation }>(
        await org.members.viewer.client.get(
          org.path(
            `/dashboard?asOf=2026-12-06${specialization === undefined ? "" : `&specialization=${specialization}`}`,
          ),
        ),
        200,
      )
    ).evaluation;
  const evaluation = async (org: TestOrg) =>
    expectJson<Evaluation>(await org.members.viewer.client.get(org.path("/evaluation?asOf=2026-12-06")), 200);
  const performance = (e: Evaluation) => e.requirements.find((r) => r.id === "performance") as Requirement;

  it("pursues the AI Platform only until a partner admin chooses more, logged", async () => {
    const org = await createOrg(server, "Contoso");
    const before = await specializations(org);
    expect(before.pursued).toEqual(["ai-platform-azure"]);
    expect(before.installed.map((i) => i.specialization)).toEqual(BOTH);
    expect(before.summary.map((s) => s.specialization)).toEqual(["ai-platform-azure"]);
    // Not pursued: no readiness view of it.
    expect((await org.members.viewer.client.get(org.path(`/dashboard?specialization=${INFRA}`))).status).toBe(
      404,
    );

    // Chosen in any order and spelling, kept in the installed order.
    const saved = await expectJson<Specializations>(
      await org.admin.client.put(org.path("/specializations"), {
        specializations: ["INFRA-DB-MIGRATION", "ai-platform-azure"],
      }),
      200,
    );
    expect(saved.pursued).toEqual(BOTH);
    expect(saved.summary.map((s) => [s.specialization, s.programId])).toEqual([
      ["ai-platform-azure", "ai-platform-azure-2025-01"],
      [INFRA, "infra-db-migration-2023"],
    ]);
    // Knowledge of Infra is not in the program data: unknown, honestly.
    const infra = saved.summary[1];
    expect(infra?.requirements.find((r) => r.id === "knowledge")?.status).toBe("unknown");
    const log = await expectJson<{ entries: { action: string; summary: string }[] }>(
      await org.admin.client.get(org.path("/activity?action=organization.specializations")),
      200,
    );
    expect(log.entries[0]).toMatchObject({
      action: "organization.specializations",
      summary: "Pursues AI Platform on Microsoft Azure and Infra and Database Migration to Microsoft Azure",
    });
  });

  it("refuses other roles, unknown specializations and an empty choice, changing nothing", async () => {
    const org = await createOrg(server, "Fabrikam");
    const put = (as: TestOrg["admin"], body: unknown) => as.client.put(org.path("/specializations"), body);
    const denied = await put(org.members.contributor, { specializations: BOTH });
    expect(denied.status).toBe(403);
    const unknown = await put(org.admin, { specializations: ["ai-platform-azure", "networking"] });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("networking is not an installed specialization");
    expect((await put(org.admin, { specializations: [] })).status).toBe(400);
    expect(await errorCode(await put(org.admin, { specializations: "infra" }))).toBe("request.invalid");
    expect((await specializations(org)).pursued).toEqual(["ai-platform-azure"]);
  });

  it("refuses a change made over an older view of the settings (If-Match), as the other settings", async () => {
    const org = await createOrg(server, "Litware");
    const seen = (await org.admin.client.get(org.path("/specializations"))).headers.get("etag") as string;
    const ifMatch = (etag: string) => ({ headers: { "if-match": etag } });
    const saved = await org.admin.client.put(
      org.path("/specializations"),
      { specializations: BOTH },
      ifMatch(seen),
    );
    expect(saved.status).toBe(200);
    expect(saved.headers.get("etag")).not.toBe(seen);
    const stale = await org.admin.client.put(
      org.path("/specializations"),
      { specializations: ["ai-platform-azure"] },
      ifMatch(seen),
    );
    expect(stale.status).toBe(412);
    // The program settings share the version: a change of the specializations makes their view stale too.
    const pin = await org.admin.client.put(
      org.path("/program-settings"),
      { pinnedProgramId: null, includeProvisional: true },
      ifMatch(seen),
    );
    expect(pin.status).toBe(412);
    expect((await specializations(org)).pursued).toEqual(BOTH);
  });

  it("says usage imported before a specialization was pursued must be imported again, then measures it; the AI Platform's results do not change", async () => {
    const org = await createOrg(server, "Tailspin");
    const first = await importFile(org.admin.client, org.id, "azure-usage", "azure-usage.csv", usageCsv());
    expect(first.job.state).toBe("done");
    const aiBefore = await evaluation(org);
    const aiDashboardBefore = await dashboard(org);
    expect(performance(aiBefore).status).toBe("met");

    await expectJson(
      await org.admin.client.put(org.path("/specializations"), { specializations: BOTH }),
      200,
    );
    const stale = await dashboard(org, INFRA);
    expect(stale.programName).toBe("Infra and Database Migration to Microsoft Azure");
    // No silent zeros: unknown, with what to do.
    expect(performance(stale)).toMatchObject({ status: "unknown" });
    expect(performance(stale).summary).toMatch(
      /^Unknown — re-import usage: the usage of September 2026, October 2026 and November 2026/,
    );
    expect(performance(stale).gaps.map((g) => g.code)).toEqual(["performance.reimport-needed"]);
    expect(stale.warnings.map((w) => w.code)).toContain("usage.reimport-needed");
    const summary = (await specializations(org)).summary.find((s) => s.specialization === INFRA);
    expect(summary?.requirements.find((r) => r.id === "performance")?.status).toBe("unknown");

    const again = await importFile(org.admin.client, org.id, "azure-usage", "azure-usage.csv", usageCsv(), {
      confirmReplace: true,
    });
    expect(again.job.state).toBe("done");
    const infra = await dashboard(org, INFRA);
    const rules = (performance(infra).details as { rules: SubRule[] }).rules;
    const sql = rules.find((r) => r.id === "sql");
    // 3 customers x 3 months x $1,100 of SQL Database: $9,900, of which all is SQL MI or SQL DB.
    expect(sql).toMatchObject({ status: "met", windowTotalUsd: "9900.00", customerCount: 3 });
    expect(sql?.minimums).toEqual([
      expect.objectContaining({ id: "sql-mi-db", windowTotalUsd: "9900.00", met: true }),
    ]);
    expect(rules.find((r) => r.id === "windows-vm")).toMatchObject({
      status: "not_met",
      windowTotalUsd: "0.00",
    });
    expect(performance(infra).status).toBe("not_met");

    // The AI Platform reads the same import as before.
    expect(await evaluation(org)).toEqual(aiBefore);
    expect(await dashboard(org)).toEqual(aiDashboardBefore);
  });

  it("gives each pursued specialization's binder, and no binder of one not pursued", async () => {
    const org = await createOrg(server, "Northwind");
    const get = (query: string) => org.admin.client.get(org.path(`/audit/binder${query}`));
    expect((await get(`?specialization=${INFRA}`)).status).toBe(404);
    await expectJson(
      await org.admin.client.put(org.path("/specializations"), { specializations: BOTH }),
      200,
    );
    const res = await get(`?specialization=${INFRA}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    await res.arrayBuffer();
    const log = await expectJson<{ entries: { summary: string }[] }>(
      await org.admin.client.get(org.path("/activity?action=audit.binder")),
      200,
    );
    expect(log.entries[0]?.summary).toMatch(
      /^Downloaded the evidence binder of Infra and Database Migration to Microsoft Azure \(/,
    );
  });
});
