import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./support/axe.js";
import { hasChromium, launchChromium } from "./support/browser.js";
import { type OpenPage, openPage, signIn, textOf, UI_TIMEOUT } from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";

const TEST_TIMEOUT = 180_000;

type Workspace = Awaited<ReturnType<typeof startWorkspace>>;

describe.skipIf(!hasChromium)("planning in Chromium", () => {
  let workspace: Workspace;
  let browser: Browser;
  const open: OpenPage[] = [];

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([startWorkspace(), launchChromium()]);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await workspace?.stop();
  }, TEST_TIMEOUT);

  afterEach(async () => {
    const errors = open.flatMap((o) => o.pageErrors.map((e) => `${e.name}: ${e.message}`));
    await Promise.all(open.splice(0).map((o) => o.context.close()));
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  it(
    "plans the demo's audit, saves the plan with a PAL what-if, and shows its next three actions on the dashboard",
    async () => {
      const o = await openPage(browser);
      open.push(o);
      const { page } = o;
      if (workspace.demo === undefined) throw new Error("the workspace has no demo login");
      await page.goto(workspace.url);
      await page.waitForURL(/\/sign-in(\?.*)?$/);
      const orgId = await signIn(page, workspace.demo);
      // No plan is active yet: the dashboard has no plan card.
      await expect(page.getByTestId("active-plan").count()).resolves.toBe(0);

      await page.getByRole("link", { name: "Plan", exact: true }).click();
      await page.waitForURL(new RegExp(`/o/${orgId}/plan$`));
      await page.getByRole("heading", { name: "Plan", level: 1 }).waitFor();
      const allocation = page.getByTestId("plan-allocation");
      await allocation.waitFor({ timeout: UI_TIMEOUT * 3 });
      // The demo: Lamna's deployment documents and workload review close B3.1 and B2.2.
      const todo = allocation.getByRole("table", { name: "To do per customer" });
      const row = (customer: string, control: string) =>
        todo.getByRole("row").filter({ hasText: customer }).filter({ hasText: control });
      expect(await textOf(row("Lamna Energy", "B3.1"))).toContain("Add 2 artifacts for B3.1 (Deployment)");
      expect(await textOf(row("Lamna Energy", "B2.2"))).toContain("Add 1 artifact for B2.2");
      expect(await textOf(row("Proseware Retail", "B2.2"))).toContain("as the reviewer asked");
      expect(await textOf(allocation)).toContain("Exact: the smallest set");
      await page.getByTestId("chart-forecast").waitFor();
      await page.getByTestId("chart-certification-plan").waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // A what-if: link Woodgrove Bank through PAL from this month, then plan again.
      await page.getByRole("button", { name: "Add an ACR what-if" }).click();
      const whatIf = page.getByRole("group", { name: "ACR what-if 1" });
      await whatIf.getByLabel("Customer (name or tenant id)").fill("Woodgrove Bank");
      await page.getByRole("button", { name: "Plan", exact: true }).click();
      await page
        .getByTestId("chart-forecast")
        .getByText(/Woodgrove Bank: linked through PAL/)
        .waitFor();

      await page.getByRole("form", { name: "Save the plan" }).getByRole("textbox").fill("Link Woodgrove");
      await page.getByRole("button", { name: "Save plan" }).click();
      await page.getByText("Saved the plan “Link Woodgrove”; it is the active plan.").waitFor();
      await page.getByRole("table", { name: "Saved plans" }).getByText("Link Woodgrove").waitFor();

      await page.getByRole("link", { name: "Dashboard", exact: true }).click();
      const card = page.getByTestId("active-plan");
      await card.waitFor({ timeout: UI_TIMEOUT * 3 });
      expect(await textOf(card.getByRole("heading"))).toMatch(/^Plan “Link Woodgrove” for the audit on /);
      await expect(
        card.getByRole("list", { name: "Next actions" }).getByRole("listitem").count(),
      ).resolves.toBe(3);
      expect(await axeViolations(page)).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
