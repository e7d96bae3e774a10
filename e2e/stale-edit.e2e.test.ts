import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "./support/browser.js";
import { fetchInPage, type OpenPage, openPage, signIn, UI_TIMEOUT } from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";

const TEST_TIMEOUT = 180_000;

type Workspace = Awaited<ReturnType<typeof startWorkspace>>;

interface Item {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly artifactType: string;
  readonly controls: string[];
}

/** A PATCH of the API from within the page, as another person's browser sends it (session and CSRF). */
function patchInPage(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ({ p, b }) => {
      const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const response = await fetch(p, {
        method: "PATCH",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrfToken },
        body: JSON.stringify(b),
      });
      return response.status;
    },
    { p: path, b: body },
  );
}

/**
 * Two people edit the same evidence item: the second to save, whose form was opened before the first
 * saved, is told the item changed meanwhile; nothing of theirs is saved over the other's change, the
 * item is reloaded under what they typed, and saving again keeps both changes.
 */
describe.skipIf(!hasChromium)("a stale edit in Chromium", () => {
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

  async function signedIn(): Promise<{ page: Page; orgId: string }> {
    const o = await openPage(browser);
    open.push(o);
    await o.page.goto(workspace.url);
    await o.page.waitForURL(/\/sign-in(\?.*)?$/);
    if (workspace.demo === undefined) throw new Error("the workspace has no demo login");
    return { page: o.page, orgId: await signIn(o.page, workspace.demo) };
  }

  it(
    "tells the person someone else changed the item, reloads it under what they typed, and saves both changes the second time",
    async () => {
      const mine = await signedIn();
      const theirs = await signedIn();
      const { orgId } = mine;
      const listed = await fetchInPage(mine.page, `/api/orgs/${encodeURIComponent(orgId)}/evidence`);
      expect(listed.status).toBe(200);
      const item = (listed.body as Item[]).find((i) => i.kind === "link" || i.kind === "note");
      if (item === undefined) throw new Error("the demo has no link or note");
      const itemPath = `/api/orgs/${encodeURIComponent(orgId)}/evidence/${item.id}`;

      await mine.page.goto(`${workspace.url}/o/${encodeURIComponent(orgId)}/evidence/${item.id}`);
      await mine.page.getByRole("heading", { name: item.title, level: 1 }).waitFor();
      await mine.page.getByRole("button", { name: "Edit" }).click();
      const dialog = mine.page.getByRole("dialog");
      await dialog.getByLabel("Title").fill("My new title");

      // Meanwhile someone else renames it and saves first.
      expect(
        await patchInPage(theirs.page, itemPath, { title: "Their title", artifactType: item.artifactType }),
      ).toBe(200);

      await dialog.getByRole("button", { name: "Save changes" }).click();
      const alert = dialog.getByRole("alert").filter({ hasText: "Someone else changed this evidence item" });
      await alert
        .getByText(/it has been reloaded and your changes were not saved/)
        .waitFor({ timeout: UI_TIMEOUT });
      // What they typed is still there; nothing of it was saved.
      expect(await dialog.getByLabel("Title").inputValue()).toBe("My new title");
      const between = await fetchInPage(mine.page, itemPath);
      expect((between.body as Item).title).toBe("Their title");

      // Saving again, knowingly, applies the change over the current version.
      await dialog.getByRole("button", { name: "Save changes" }).click();
      await dialog.waitFor({ state: "hidden" });
      await mine.page.getByRole("heading", { name: "My new title", level: 1 }).waitFor();
      const after = await fetchInPage(mine.page, itemPath);
      expect((after.body as Item).title).toBe("My new title");
    },
    TEST_TIMEOUT,
  );
});
