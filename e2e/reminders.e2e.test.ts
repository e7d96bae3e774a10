import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { linkIn, MailCatcher } from "../apps/server/src/test-support/mail-catcher.js";
import { axeViolations } from "./support/axe.js";
import { hasChromium, launchChromium } from "./support/browser.js";
import {
  demoAdminInvites,
  fetchInPage,
  focused,
  joinWithPassword,
  type OpenPage,
  openPage,
  signIn,
  tabTo,
  UI_TIMEOUT,
} from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";

const TEST_TIMEOUT = 180_000;

/**
 * The running server's scheduler sends the demo's reminders due today by e-mail (a real SMTP server on
 * loopback); the partner admin follows Settings' link to Your reminders and switches the digest off with
 * the keyboard, connects a Teams channel whose webhook fails, sees the failure with its error in the
 * Delivery table, and retries it. A contributor opens Your reminders from the account menu with the
 * keyboard and switches a kind off, which stays off after a reload.
 */
describe.skipIf(!hasChromium)("reminders in Chromium", () => {
  let mail: MailCatcher;
  let webhook: Server;
  let webhookUrl: string;
  let workspace: Awaited<ReturnType<typeof startWorkspace>>;
  let browser: Browser;
  const open: OpenPage[] = [];

  beforeAll(async () => {
    mail = await MailCatcher.start();
    webhook = createServer((_req, res) => res.writeHead(500, { connection: "close" }).end("boom"));
    await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", () => resolve()));
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/webhookb2/e2e-secret`;
    [workspace, browser] = await Promise.all([
      startWorkspace({
        env: {
          SPECREADY_SMTP_URL: mail.url(),
          SPECREADY_MAIL_FROM: "specready <no-reply@specready.example>",
          SPECREADY_REMINDERS_INTERVAL_SECONDS: "2",
          SPECREADY_TEAMS_ALLOW_HTTP_LOOPBACK: "1",
        },
      }),
      launchChromium(),
    ]);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await workspace?.stop();
    await mail?.close();
    await new Promise<void>((resolve) => (webhook ? webhook.close(() => resolve()) : resolve()));
  }, TEST_TIMEOUT);

  afterEach(async () => {
    const errors = open.flatMap((o) => o.pageErrors.map((e) => `${e.name}: ${e.message}`));
    await Promise.all(open.splice(0).map((o) => o.context.close()));
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  it(
    "sends today's reminders by e-mail, and lets the partner admin choose theirs, connect Teams and retry a failure",
    async () => {
      if (workspace.demo === undefined) throw new Error("the workspace has no demo login");
      // The server's own scheduler (every 2 s here) e-mails what is due today in the demo.
      const first = await mail.next(workspace.demo.email);
      expect(first.raw).toMatch(/^List-Unsubscribe:/m);

      const admin = await openPage(browser);
      open.push(admin);
      const page = admin.page;
      await page.goto(`${workspace.url}/sign-in`);
      const orgId = await signIn(page, workspace.demo);
      await page.goto(`${workspace.url}/o/${orgId}/settings`);
      await page.getByRole("heading", { name: "Reminders and digests" }).waitFor({ timeout: UI_TIMEOUT });
      await page.getByRole("table", { name: "Reminder deliveries" }).waitFor({ timeout: UI_TIMEOUT });

      // Each member's own switches are on Your reminders, which Settings links to.
      await page.getByRole("link", { name: "Your reminders" }).click();
      await page.getByRole("heading", { name: "Your reminders", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
      // The digest switched off with the keyboard.
      const digest = page.getByRole("switch", { name: "The weekly digest (Mondays)" });
      await digest.focus();
      await page.keyboard.press("Space");
      await page.getByRole("status").getByText("Saved: the weekly digest off.").waitFor();
      await expect
        .poll(async () => {
          const r = await fetchInPage(page, `/api/orgs/${orgId}/reminders/preferences`);
          return (r.body as { digest: boolean }).digest;
        })
        .toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      await page.goBack();
      await page.getByRole("heading", { name: "Reminders and digests" }).waitFor({ timeout: UI_TIMEOUT });

      // A Teams channel whose webhook answers 500: the cards wait for their retry, with the error shown.
      await page.getByLabel("Teams incoming webhook address").fill(webhookUrl);
      await page.getByRole("button", { name: "Save reminder settings" }).click();
      await page.getByText(/^Set: http:\/\/127\.0\.0\.1:\d+\/…/).waitFor({ timeout: UI_TIMEOUT });
      expect(await page.content()).not.toContain("e2e-secret");
      await expect
        .poll(
          async () => {
            const r = await fetchInPage(page, `/api/orgs/${orgId}/reminders/deliveries`);
            return (
              r.body as { deliveries: { channel: string; lastError: string | null }[] }
            ).deliveries.some((d) => d.channel === "teams" && d.lastError?.includes("HTTP 500") === true);
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      await page.reload();
      const retry = page.getByRole("button", { name: /^Retry now: / }).first();
      await retry.waitFor({ timeout: UI_TIMEOUT });
      await expect.poll(() => page.getByText(/HTTP 500/).count()).toBeGreaterThan(0);
      await retry.click();
      await page.waitForLoadState("networkidle");
      expect(await axeViolations(page)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "lets a contributor switch a reminder off on Your reminders, reached from the account menu with the keyboard",
    async () => {
      const { orgId } = await demoAdminInvites(browser, workspace, open, {
        email: "adele.vance@contoso.example",
        role: "contributor",
      });
      const contributor = await openPage(browser);
      open.push(contributor);
      const page = contributor.page;
      const token = linkIn(await mail.next("adele.vance@contoso.example"), "/invite");
      await joinWithPassword(
        page,
        `${workspace.url}/invite/${token}`,
        "Adele Vance",
        "a long contributor passphrase 42",
      );
      await page.waitForURL(`**/o/${orgId}`);
      await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      // A contributor has no Settings: the account menu leads to their reminders.
      expect(await page.getByRole("link", { name: "Settings" }).count()).toBe(0);

      await tabTo(page, page.getByRole("button", { name: "Account: Adele Vance" }));
      await page.keyboard.press("Enter");
      await page.getByRole("menu").waitFor();
      for (let i = 0; (await focused(page))?.name !== "Your reminders"; i++) {
        if (i === 8) throw new Error("Your reminders was not reached in the account menu");
        await page.keyboard.press("ArrowDown");
      }
      await page.keyboard.press("Enter");
      await page.waitForURL(`**/o/${orgId}/notifications`);
      await page.getByRole("heading", { name: "Your reminders", level: 1 }).waitFor({ timeout: UI_TIMEOUT });

      const preferences = async () =>
        (await fetchInPage(page, `/api/orgs/${orgId}/reminders/preferences`)).body as {
          kinds: { kind: string; label: string; enabled: boolean }[];
          digest: boolean;
        };
      const kind = (await preferences()).kinds[0];
      if (kind === undefined) throw new Error("no reminder kinds");
      expect(kind.enabled).toBe(true);
      const toggle = page.getByRole("switch", { name: kind.label });
      expect(await toggle.isChecked()).toBe(true);
      await tabTo(page, toggle);
      await page.keyboard.press("Space");
      await page.getByRole("status").getByText(`Saved: ${kind.label} off.`).waitFor({ timeout: UI_TIMEOUT });

      await page.reload();
      await page.getByRole("heading", { name: "Your reminders", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
      await page.getByRole("switch", { name: kind.label }).waitFor();
      expect(await page.getByRole("switch", { name: kind.label }).isChecked()).toBe(false);
      expect(await page.getByRole("switch", { name: "The weekly digest (Mondays)" }).isChecked()).toBe(true);
      const after = await preferences();
      expect(after.kinds.find((k) => k.kind === kind.kind)?.enabled).toBe(false);
      expect(after.kinds.filter((k) => !k.enabled)).toHaveLength(1);
      expect(after.digest).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
