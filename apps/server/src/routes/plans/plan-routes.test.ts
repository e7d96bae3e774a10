import { repositories } from "@specready/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../services/demo-service.js";
import {
  errorCode,
  expectJson,
  type SignedIn,
  STARTUP_TIMEOUT,
  signIn,
  TestServer,
} from "../../test-support/test-server.js";

const NOW = new Date("2026-12-06T10:00:00Z");

interface AllocatedControl {
  control: string;
  state: string;
  artifactsMissing: number;
  suggestedArtifacts: string[];
  pending: { title: string; status: string }[];
}
interface PlanBody {
  auditDate: string;
  allocation: { exact: boolean; customers: { name: string; controls: AllocatedControl[] }[] };
  forecast: {
    lapseMonth: string | null;
    firstMetMonth: string | null;
    months: { month: string; usd: number }[];
  };
  certifications: { actions: { kind: string }[] };
  nextActions: { by: string; text: string }[];
}
interface Saved {
  id: string;
  name: string;
  active: boolean;
  auditDate: string;
  allowedActions: string[];
}

describe("plans in the demo workspace", () => {
  let server: TestServer;
  let orgId: string;
  let admin: SignedIn;

  beforeAll(async () => {
    server = await TestServer.start("pglite", { now: () => NOW });
    const login = await seedDemo(server.ctx);
    if (login === undefined) throw new Error("the demo was not seeded");
    const user = await repositories(server.db).users.byEmail(login.email);
    orgId = (await repositories(server.db).organizations.listForUser(user?.id ?? ""))[0]?.id ?? "";
    admin = await signIn(server, login.email, login.password);
    // Seeding the demo (a year of usage, the register, its files) comes on top of the start.
  }, 2 * STARTUP_TIMEOUT);

  afterAll(async () => {
    await server?.close();
  });

  const path = (p: string) => `/api/orgs/${orgId}${p}`;

  it("previews the plan of the audit date: Lamna's SOW and Well-Architected export close B3.1 and B2.2, Proseware's sent-back review is to fix", async () => {
    const plan = await expectJson<PlanBody>(
      await admin.client.post(path("/plans/preview"), { auditDate: "2027-01-31" }),
      200,
    );
    expect(plan.allocation.exact).toBe(true);
    expect(plan.allocation.customers.map((c) => c.name)).toEqual([
      "Lamna Energy",
      "Litware Health",
      "Proseware Retail",
    ]);
    const control = (customer: string, id: string) =>
      plan.allocation.customers.find((c) => c.name === customer)?.controls.find((c) => c.control === id);
    expect(control("Lamna Energy", "B3.1")).toMatchObject({ state: "missing", artifactsMissing: 2 });
    expect(control("Lamna Energy", "B2.2")).toMatchObject({ state: "missing", artifactsMissing: 1 });
    // The workspace knows the review statuses: Proseware's B2.2 export was sent back.
    expect(control("Proseware Retail", "B2.2")).toMatchObject({
      state: "review",
      pending: [{ status: "changes_requested" }],
    });
    // Litware's B4.1 test sign-off waits for review.
    expect(control("Litware Health", "B4.1")?.state).toBe("review");
    expect(plan.forecast.lapseMonth).toBe("2027-01");
    expect(plan.nextActions).toHaveLength(3);
  });

  it("refuses a scenario naming the field of every problem", async () => {
    const res = await admin.client.post(path("/plans/preview"), {
      auditDate: "2027-01-31",
      scenario: { acr: [{ type: "pal", customer: "Nobody", from: "2026-10" }] },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain("scenario.acr[0].from");
    expect(body.error.message).toContain("scenario.acr[0].customer");
    const shape = await admin.client.post(path("/plans/preview"), {
      auditDate: "2027-01-31",
      scenario: { acr: [{ type: "grow" }] },
    });
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { error: { message: string } }).error.message).toContain(
      "scenario.acr[0].type",
    );
  });

  it("saves a plan by name, makes it active, logs it, and gives the dashboard its next three actions", async () => {
    const scenario = { acr: [{ type: "pal", customer: "Woodgrove Bank", from: "2027-01" }] };
    const saved = await expectJson<{ saved: Saved; plan: PlanBody }>(
      await admin.client.post(path("/plans"), { name: "Link Woodgrove", auditDate: "2027-01-31", scenario }),
      201,
    );
    expect(saved.saved).toMatchObject({ name: "Link Woodgrove", active: true, auditDate: "2027-01-31" });
    const again = await admin.client.post(path("/plans"), {
      name: "link woodgrove",
      auditDate: "2027-02-26",
      scenario,
    });
    expect(again.status).toBe(200);
    const list = await expectJson<Saved[]>(await admin.client.get(path("/plans")), 200);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: "link woodgrove",
      auditDate: "2027-02-26",
      active: true,
      allowedActions: ["plans.save"],
    });
    const active = await expectJson<{
      saved: Saved;
      nextActions: { text: string }[];
      problem: string | null;
    }>(await admin.client.get(path("/plans/active")), 200);
    expect(active.saved.id).toBe(saved.saved.id);
    expect(active.nextActions).toHaveLength(3);
    expect(active.problem).toBeNull();
    const one = await expectJson<{ saved: Saved; plan: PlanBody }>(
      await admin.client.get(path(`/plans/${saved.saved.id}`)),
      200,
    );
    expect(one.plan.auditDate).toBe("2027-02-26");
    const activity = await expectJson<{ entries: { action: string; summary: string }[] }>(
      await admin.client.get(path("/activity?action=plan.saved")),
      200,
    );
    expect(activity.entries[0]?.summary).toContain(
      'Saved the plan "Link Woodgrove" for the audit on 2027-01-31 (active)',
    );
    const updated = await expectJson<{ entries: { action: string }[] }>(
      await admin.client.get(path("/activity?action=plan.updated")),
      200,
    );
    expect(updated.entries).toHaveLength(1);
    // A plan's change is a change of the organization's data: every instance's caches see it.
    const version = async () =>
      (await expectJson<{ dataVersion: number }>(await admin.client.get(path("")), 200)).dataVersion;
    const before = await version();
    const gone = await admin.client.request(path(`/plans/${saved.saved.id}`), { method: "DELETE" });
    expect(gone.status).toBe(204);
    expect(await version()).toBeGreaterThan(before);
    expect(await expectJson<null>(await admin.client.get(path("/plans/active")), 200)).toBeNull();
    const missing = await admin.client.get(path(`/plans/${saved.saved.id}`));
    expect(await errorCode(missing)).toBe("not_found");
  });
});
