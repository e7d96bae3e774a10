import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MailCatcher } from "../apps/server/src/test-support/mail-catcher.js";
import { axeViolations } from "./support/axe.js";
import { hasChromium, launchChromium } from "./support/browser.js";
import { fetchInPage, type OpenPage, openPage, signIn, UI_TIMEOUT } from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";

const TEST_TIMEOUT = 180_000;

/**
 * The running server's scheduler sends the demo's reminders due today by e-mail (a real SMTP server on
 * loopback); in Settings the partner admin switches the digest off with the keyboard, connects a Teams
 * channel whose webhook fails, sees the failure with its error in the Delivery table, and retries it.
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

      // The digest switched off with the keyboard.
      const digest = page.getByRole("switch", { name: "The weekly digest (Mondays)" });
      await digest.focus();
      await page.keyboard.press("Space");
      await expect
        .poll(async () => {
          const r = await fetchInPage(page, `/api/orgs/${orgId}/reminders/preferences`);
          return (r.body as { digest: boolean }).digest;
        })
        .toBe(false);

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
});
