import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../apps/server/src/auth/totp.js";
import { linkIn, MailCatcher } from "../apps/server/src/test-support/mail-catcher.js";
import { axeViolations } from "./support/axe.js";
import { hasChromium, launchChromium } from "./support/browser.js";
import {
  demoAdminInvites,
  joinWithPassword,
  type OpenPage,
  openPage,
  UI_TIMEOUT,
} from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";

const TEST_TIMEOUT = 180_000;

/**
 * An invited person receives the invitation by e-mail (a real SMTP server on loopback), joins with it
 * (which proves their address), sets up an authenticator app, and signs in again with their password
 * and the app's code.
 */
describe.skipIf(!hasChromium)("e-mail and two-factor sign-in in Chromium", () => {
  let mail: MailCatcher;
  let workspace: Awaited<ReturnType<typeof startWorkspace>>;
  let browser: Browser;
  const open: OpenPage[] = [];

  beforeAll(async () => {
    mail = await MailCatcher.start();
    [workspace, browser] = await Promise.all([
      startWorkspace({
        env: {
          SPECREADY_SMTP_URL: mail.url(),
          SPECREADY_MAIL_FROM: "specready <no-reply@specready.example>",
        },
      }),
      launchChromium(),
    ]);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await workspace?.stop();
    await mail?.close();
  }, TEST_TIMEOUT);

  afterEach(async () => {
    const errors = open.flatMap((o) => o.pageErrors.map((e) => `${e.name}: ${e.message}`));
    await Promise.all(open.splice(0).map((o) => o.context.close()));
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  it(
    "delivers the invitation, lets the person join, set up an authenticator app and sign in with its code",
    async () => {
      // The partner admin invites; the link goes by e-mail only.
      const email = "new.colleague@contoso.example";
      const { url } = await demoAdminInvites(browser, workspace, open, { email, role: "contributor" });
      expect(url).toBeUndefined();
      const message = await mail.next(email);
      const token = linkIn(message, "/invite");

      // The invited person opens the link from the mail and joins with a new account.
      const person = await openPage(browser);
      open.push(person);
      const page = person.page;
      const password = "violet harbour lantern 42";
      await joinWithPassword(page, `${workspace.url}/invite/${token}`, "New Colleague", password);

      // Two-factor sign-in from the account menu, with the keyboard.
      await page.getByRole("button", { name: "Account: New Colleague" }).click();
      await page.getByRole("menuitem", { name: "Two-factor sign-in" }).click();
      await page.getByRole("heading", { name: "Two-factor sign-in", level: 1 }).waitFor();
      await page.getByRole("button", { name: "Set up an authenticator app" }).click();
      // The QR code is drawn in the page (SVG), beside the key to type by hand.
      await page.getByRole("img", { name: "QR code for the authenticator app" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      const key = page.getByLabel("Key for the authenticator app");
      await key.waitFor();
      const secret = (await key.inputValue()).replace(/\s+/g, "");
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await page.getByLabel("Code the app shows now").fill(totpCode(secret, Date.now()));
      await page.getByLabel("Code the app shows now").press("Enter");
      await page.getByText("Two-factor sign-in is on", { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      const codes = (await page.getByLabel("Recovery codes", { exact: true }).textContent()) ?? "";
      expect(codes.trim().split("\n")).toHaveLength(10);

      // Signed out, the password alone is not enough: the code comes next.
      await page.getByRole("button", { name: "Account: New Colleague" }).click();
      await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
      await page.waitForURL(/\/sign-in/);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page
        .getByRole("heading", { name: "Two-factor sign-in", level: 1 })
        .waitFor({ timeout: UI_TIMEOUT });
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel(/^Code\s*\*?$/).fill("000000");
      await page.getByLabel(/^Code\s*\*?$/).press("Enter");
      await page.getByText("That code is not right", { exact: false }).waitFor({ timeout: UI_TIMEOUT });
      // The next step's code: the one used to set the app up is never taken again.
      await page.getByLabel(/^Code\s*\*?$/).fill(totpCode(secret, Date.now() + 30_000));
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/o\/[^/?#]+/, { timeout: UI_TIMEOUT });
      const session = (await (await page.request.get(`${workspace.url}/api/session`)).json()) as {
        user: { email: string };
      };
      expect(session.user.email).toBe(email);
    },
    TEST_TIMEOUT,
  );
});
