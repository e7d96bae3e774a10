import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./support/axe.js";
import { hasChromium, launchChromium } from "./support/browser.js";
import { fetchInPage, type OpenPage, openPage, signIn, textOf, UI_TIMEOUT } from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";
import { csvRecords, readZip } from "./support/zip.js";

const TEST_TIMEOUT = 180_000;
const AI = "AI Platform on Microsoft Azure";
const INFRA = "Infra and Database Migration to Microsoft Azure";

interface Requirement {
  id: string;
  title: string;
  status: string;
  summary: string;
  details?: { controls?: { id: string; status: string; customerCount: number }[] };
}
interface Dashboard {
  evaluation: { programName: string; requirements: Requirement[] };
}

/*
 * One workspace, two specializations: the demo partner pursues the AI Platform and Infra and Database
 * Migration. The dashboard shows a summary across both and a readiness view per specialization (tabs,
 * keyboard, the address says which); Module A evidence counts for both, and is in each binder.
 */
describe.skipIf(!hasChromium)("several specializations in Chromium", () => {
  let workspace: Awaited<ReturnType<typeof startWorkspace>>;
  let browser: Browser;
  let dir: string;
  const open: OpenPage[] = [];

  beforeAll(async () => {
    [workspace, browser, dir] = await Promise.all([
      startWorkspace(),
      launchChromium(),
      mkdtemp(join(tmpdir(), "specready-e2e-spec-")),
    ]);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await workspace?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, TEST_TIMEOUT);

  afterEach(async () => {
    const errors = open.flatMap((o) => o.pageErrors.map((e) => `${e.name}: ${e.message}`));
    await Promise.all(open.splice(0).map((o) => o.context.close()));
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  async function signedIn(): Promise<{ page: Page; orgId: string }> {
    const o = await openPage(browser);
    open.push(o);
    await o.page.goto(workspace.url);
    await o.page.waitForURL(/\/sign-in(\?.*)?$/);
    if (workspace.demo === undefined) throw new Error("the workspace has no demo login");
    const orgId = await signIn(o.page, workspace.demo);
    return { page: o.page, orgId };
  }

  const moduleA = (d: Dashboard) =>
    d.evaluation.requirements
      .find((r) => r.id === "audit")
      ?.details?.controls?.filter((c) => c.id.startsWith("A"))
      .map((c) => [c.id, c.status, c.customerCount]);

  it(
    "shows both specializations, switches between them by keyboard, and counts Module A evidence for both",
    async () => {
      const { page, orgId } = await signedIn();
      const api = (path: string) => fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}${path}`);

      // The summary across the specializations pursued: one card each, with every requirement's state.
      await page.getByRole("heading", { name: "Specializations pursued", level: 2 }).waitFor();
      const summary = (await api("/specializations")).body as {
        summary: { specialization: string; name: string; requirements: Requirement[] }[];
      };
      expect(summary.summary.map((s) => s.name)).toEqual([AI, INFRA]);
      for (const s of summary.summary) {
        const cardEl = page.locator(`[data-specialization="${s.specialization}"]`);
        await cardEl.getByRole("heading", { name: s.name, level: 3 }).waitFor();
        const rows = cardEl.locator("tbody tr");
        await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(4);
      }
      // What the program data does not give is unknown, honestly, never met.
      const infraCard = page.locator('[data-specialization="infra-db-migration"]');
      expect(await textOf(infraCard.getByRole("row", { name: /Knowledge/ }))).toContain(
        "Unknown (not in program data — check Partner Center)",
      );

      // The AI Platform first; the arrow key moves to the other tab, Enter opens it, the address says so.
      const aiTab = page.getByRole("tab", { name: AI });
      expect(await aiTab.getAttribute("aria-selected")).toBe("true");
      await aiTab.focus();
      await page.keyboard.press("ArrowRight");
      const infraTab = page.getByRole("tab", { name: INFRA });
      await expect.poll(() => infraTab.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press("Enter");
      await page.waitForURL(/[?&]specialization=infra-db-migration/);
      const infra = (await api("/dashboard?specialization=infra-db-migration")).body as Dashboard;
      expect(infra.evaluation.programName).toBe(INFRA);
      await page.getByText(`${INFRA} (2023)`, { exact: false }).first().waitFor();
      // Each requirement card of the Infra view says the Infra evaluation's summary.
      for (const r of infra.evaluation.requirements) {
        const c = page.getByRole("group", { name: r.title, exact: true });
        await expect.poll(() => textOf(c.locator("p").first()), { timeout: UI_TIMEOUT }).toBe(r.summary);
      }
      // The address opens the same view.
      await page.reload();
      await page.getByRole("tab", { name: INFRA, selected: true }).waitFor();

      // Module A is shared: the same approved evidence gives both the same Module A controls.
      const ai = (await api("/dashboard")).body as Dashboard;
      expect(moduleA(infra)).toEqual(moduleA(ai));
      expect(moduleA(infra)?.filter(([, status]) => status === "met").length).toBeGreaterThan(3);

      expect(await axeViolations(page)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "draws the specializations pursued in the dashboard's first render: the requirement cards never move",
    async () => {
      const { page } = await signedIn();
      // Where the first requirement card is, each time the document changes, from the next load on.
      await page.addInitScript(() => {
        const w = window as unknown as { cardTops: number[] };
        w.cardTops = [];
        new MutationObserver(() => {
          const card = document.querySelector('[data-testid^="requirement-"]');
          if (card === null) return;
          const top = Math.round(card.getBoundingClientRect().top + window.scrollY);
          if (w.cardTops.at(-1) !== top) w.cardTops.push(top);
        }).observe(document, { childList: true, subtree: true });
      });
      await page.reload();
      await page.locator('[data-testid^="requirement-"]').nth(3).waitFor();
      // The summary, the tabs and the figures drawn after the cards have had their time.
      await page.getByRole("heading", { name: "Figures", level: 2 }).waitFor();
      await page.waitForTimeout(500);
      const tops = await page.evaluate(() => (window as unknown as { cardTops: number[] }).cardTops);
      expect(tops).toHaveLength(1);
      const summaryBottom = await page
        .getByRole("heading", { name: "Specializations pursued", level: 2 })
        .evaluate((h) => h.getBoundingClientRect().bottom + window.scrollY);
      expect(summaryBottom).toBeLessThan(tops[0] as number);
    },
    TEST_TIMEOUT,
  );

  it(
    "puts the Module A evidence in the Infra binder as in the AI Platform's, and only the AI Platform's Module B",
    async () => {
      const { page, orgId } = await signedIn();
      await page.goto(`${workspace.url}/o/${encodeURIComponent(orgId)}/audit/review`);
      await page.getByLabel("Specialization").selectOption({ label: INFRA });
      const link = page.getByRole("link", { name: /Download evidence binder/ });
      expect(await link.getAttribute("href")).toContain("specialization=infra-db-migration");
      const manifests: Record<string, string>[][] = [];
      for (const [name, href] of [
        ["infra", await link.getAttribute("href")],
        ["ai", `/api/orgs/${encodeURIComponent(orgId)}/audit/binder`],
      ] as const) {
        const bytes = await page.evaluate(async (p) => {
          const r = await fetch(p ?? "");
          return [...new Uint8Array(await r.arrayBuffer())];
        }, href);
        const path = join(dir, `${name}.zip`);
        await writeFile(path, Buffer.from(bytes));
        const entries = await readZip(path);
        const manifest = entries.find((e) => e.name === "manifest.csv");
        manifests.push(csvRecords((manifest?.data ?? Buffer.alloc(0)).toString("utf8")));
      }
      const [infraRows, aiRows] = manifests as [Record<string, string>[], Record<string, string>[]];
      const evidenceOf = (rows: Record<string, string>[], module: string) =>
        rows
          .filter((r) => r.control?.startsWith(module))
          .map((r) => `${r.control} ${r.evidence_id}`)
          .sort();
      expect(evidenceOf(infraRows, "A").length).toBeGreaterThan(5);
      expect(evidenceOf(infraRows, "A")).toEqual(evidenceOf(aiRows, "A"));
      expect(evidenceOf(aiRows, "B").length).toBeGreaterThan(0);
      expect(evidenceOf(infraRows, "B")).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
