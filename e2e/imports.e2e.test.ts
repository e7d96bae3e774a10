import { type CalendarDate, type Evaluation, todayFrom } from "@specready/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./support/axe.js";
import { hasChromium, launchChromium } from "./support/browser.js";
import { demoFiles } from "./support/cli-evaluation.js";
import { fetchInPage, type OpenPage, openPage, signIn, tabTo, textOf } from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";

const TEST_TIMEOUT = 180_000;

type Workspace = Awaited<ReturnType<typeof startWorkspace>>;

describe.skipIf(!hasChromium)("imports that ask first, in Chromium", () => {
  let workspace: Workspace;
  let browser: Browser;
  let asOf: CalendarDate;
  let files: Map<string, string>;
  const open: OpenPage[] = [];

  beforeAll(async () => {
    asOf = todayFrom(new Date());
    [workspace, browser, files] = await Promise.all([startWorkspace(), launchChromium(), demoFiles(asOf)]);
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

  async function importsPage(): Promise<{ page: Page; orgId: string }> {
    const o = await openPage(browser);
    open.push(o);
    const { page } = o;
    await page.goto(workspace.url);
    const login = workspace.demo;
    if (login === undefined) throw new Error("the workspace has no demo login");
    const orgId = await signIn(page, login);
    await page
      .getByRole("navigation", { name: "Organization" })
      .getByRole("link", { name: "Imports" })
      .click();
    await page.getByRole("heading", { name: "Imports", level: 1 }).waitFor();
    return { page, orgId };
  }

  const evaluation = async (page: Page, orgId: string) =>
    (await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/evaluation?asOf=${asOf}`))
      .body as Evaluation;

  it(
    "asks in a dialog, by keyboard, before a file replaces most of the people; shows what changed; undo asks too",
    async () => {
      const { page, orgId } = await importsPage();
      const before = await evaluation(page, orgId);
      const knowledge = before.requirements.find((r) => r.id === "knowledge");
      const history = page.getByRole("table", { name: "Import history" });
      await history.waitFor();
      const rowsBefore = await history.locator("tbody tr").count();

      // The demo's certifications, cut down to their first person.
      const demo = files.get("certifications.csv");
      if (demo === undefined) throw new Error("the demo has no certifications.csv");
      const [header, first] = demo.split(/\r?\n/);
      const upload = page.getByRole("region", { name: "Import a file" });
      await upload.getByLabel("File to import").setInputFiles({
        name: "certifications.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(`${header}\n${first}\n`, "utf8"),
      });
      await upload.getByRole("button", { name: "Upload and preview" }).click();
      await upload.getByRole("heading", { name: "Check the columns of certifications.csv" }).waitFor();
      await upload.getByRole("button", { name: "Import", exact: true }).click();

      // The dialog opens by itself, with the focus in it, and says what would go.
      const dialog = page.getByRole("alertdialog");
      await dialog.waitFor();
      await dialog.getByRole("heading", { name: "Replace most of the certifications?" }).waitFor();
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      const people = before.requirements.find((r) => r.id === "knowledge")?.details as {
        individualCount: number;
      };
      expect(await textOf(dialog)).toMatch(
        /This file keeps only 1 of the \d+ rows and 1 of the \d+ people in effect/,
      );
      expect(await textOf(dialog)).toContain(`${knowledge?.title}:`);
      expect(people.individualCount).toBeGreaterThan(1);
      expect(await axeViolations(page)).toEqual([]);

      // Escape only closes it: the import waits, nothing has changed, and the page offers it again.
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await upload.getByRole("heading", { name: "certifications.csv needs your confirmation" }).waitFor();
      expect(await history.locator("tbody tr").count()).toBe(rowsBefore);
      expect(await evaluation(page, orgId)).toEqual(before);
      const again = upload.getByRole("button", { name: "Import anyway…" });
      await tabTo(page, again);
      await page.keyboard.press("Enter");
      await dialog.waitFor();
      await tabTo(page, dialog.getByRole("button", { name: "Import and replace" }));
      await page.keyboard.press("Enter");

      // Imported: the result says what changed in readiness today, as the evaluation now stands.
      await upload.getByRole("heading", { name: "certifications.csv is imported" }).waitFor();
      const after = await evaluation(page, orgId);
      const changed = after.requirements.filter((r) => {
        const was = before.requirements.find((b) => b.id === r.id);
        return was?.status !== r.status || was?.summary !== r.summary;
      });
      expect(changed.map((r) => r.id)).toContain("knowledge");
      const readiness = upload.getByRole("region", { name: /^Readiness today/ });
      await readiness.waitFor();
      const said = await textOf(readiness);
      for (const r of changed) {
        expect(said).toContain(`${r.title}:`);
        expect(said).toContain(`After: ${r.summary}.`);
      }
      await expect.poll(() => history.locator("tbody tr").count()).toBe(rowsBefore + 1);

      // Undo asks in a dialog too; confirmed by keyboard, the previous file is in effect again.
      const restore = history.getByRole("button", { name: /^Restore previous: certifications\.csv/ }).first();
      await tabTo(page, restore);
      await page.keyboard.press("Enter");
      const undo = page.getByRole("alertdialog");
      await undo.getByRole("heading", { name: "Restore the previous file?" }).waitFor();
      await tabTo(page, undo.getByRole("button", { name: "Restore previous" }));
      await page.keyboard.press("Enter");
      await undo.waitFor({ state: "hidden" });
      await page.getByText("certifications.csv: the previous file is in effect again.").waitFor();
      await expect.poll(() => evaluation(page, orgId)).toEqual(before);
    },
    TEST_TIMEOUT,
  );
});
