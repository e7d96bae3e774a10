import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ENTRA_CLIENT_ID,
  ENTRA_CLIENT_SECRET,
  EntraTestProvider,
} from "../apps/server/src/test-support/entra-provider.js";
import { axeViolations } from "./support/axe.js";
import { hasChromium, launchChromium } from "./support/browser.js";
import {
  demoAdminInvites,
  fetchInPage,
  type OpenPage,
  openPage,
  postInPage,
  tabTo,
  UI_TIMEOUT,
} from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";

const TEST_TIMEOUT = 180_000;
const TENANT = "3c9f2a7e-5b1d-4e8a-9f60-1a2b3c4d5e6f";
/** A tenant the test provider does not sign anyone in from. */
const OTHER_TENANT = "7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281";

/**
 * Sign in with Microsoft in Chromium, against a real OpenID provider on loopback shaped like Entra ID:
 * an invited person joins with "Join with Microsoft", signs out, and signs in again with "Sign in with
 * Microsoft", reached with the keyboard, landing on the dashboard. Once an admin signed in with Microsoft
 * requires it, a password session opening the organization is sent to a page that says so and offers
 * "Sign in with Microsoft" and "Sign out".
 */
describe.skipIf(!hasChromium)("sign-in with Microsoft Entra ID in Chromium", () => {
  let idp: EntraTestProvider;
  let workspace: Awaited<ReturnType<typeof startWorkspace>>;
  let browser: Browser;
  const open: OpenPage[] = [];

  beforeAll(async () => {
    idp = await EntraTestProvider.start(TENANT);
    [workspace, browser] = await Promise.all([
      startWorkspace({
        env: {
          SPECREADY_ENTRA_CLIENT_ID: ENTRA_CLIENT_ID,
          SPECREADY_ENTRA_CLIENT_SECRET: ENTRA_CLIENT_SECRET,
          SPECREADY_ENTRA_AUTHORITY: idp.issuer,
        },
      }),
      launchChromium(),
    ]);
    idp.register([`${workspace.url}/api/session/entra/callback`]);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await workspace?.stop();
    await idp?.close();
  }, TEST_TIMEOUT);

  /**
   * A person of the provider's tenant opens an invitation, joins with Microsoft and reaches the
   * dashboard, on a page of their own.
   */
  async function joinWithMicrosoft(
    invitationUrl: string,
    account: { oid: string; preferredUsername: string; name: string },
  ): Promise<Page> {
    idp.signInAs = { tid: TENANT, ...account };
    const person = await openPage(browser);
    open.push(person);
    await person.page.goto(invitationUrl);
    await person.page.getByRole("link", { name: "Join with Microsoft" }).click();
    await person.page.waitForURL(/\/o\/[^/?#]+/, { timeout: UI_TIMEOUT });
    await person.page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    return person.page;
  }

  afterEach(async () => {
    const errors = open.flatMap((o) => o.pageErrors.map((e) => `${e.name}: ${e.message}`));
    await Promise.all(open.splice(0).map((o) => o.context.close()));
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  it(
    "lets an invited person join with Microsoft and sign in with it again, to the dashboard",
    async () => {
      const invited = await demoAdminInvites(browser, workspace, open, {
        email: "megan.bowen@fabrikam.example",
        role: "contributor",
      });
      const url = invited.url as string;

      const page = await joinWithMicrosoft(url, {
        oid: "6b1f4e2a-9c3d-4f5e-8a7b-0c1d2e3f4a5b",
        preferredUsername: "megan.bowen@fabrikam.example",
        name: "Megan Bowen",
      });

      await page.getByRole("button", { name: "Account: Megan Bowen" }).click();
      await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
      await page.waitForURL(/\/sign-in/);
      const button = page.getByRole("link", { name: "Sign in with Microsoft" });
      await button.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // With the keyboard: the link takes the focus and Enter follows it.
      await button.focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/o\/[^/?#]+/, { timeout: UI_TIMEOUT });
      await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      const session = (await (await page.request.get(`${workspace.url}/api/session`)).json()) as {
        user: { email: string; name: string };
      };
      expect(session.user).toMatchObject({ email: "megan.bowen@fabrikam.example", name: "Megan Bowen" });

      // A person Microsoft refuses (a disabled account) is back on the sign-in page, told why.
      await page.getByRole("button", { name: "Account: Megan Bowen" }).click();
      await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
      await page.waitForURL(/\/sign-in/);
      idp.signInAs = { ...idp.signInAs, disabled: true };
      await page.getByRole("link", { name: "Sign in with Microsoft" }).click();
      await page
        .getByText("Microsoft did not sign you in", { exact: false })
        .waitFor({ timeout: UI_TIMEOUT });
    },
    TEST_TIMEOUT,
  );

  it(
    "sends a Microsoft session of a tenant the organization does not accept to a page saying so",
    async () => {
      const { admin, orgId, url } = await demoAdminInvites(browser, workspace, open, {
        email: "lee.gu@fabrikam.example",
        role: "contributor",
      });
      const page = await joinWithMicrosoft(url as string, {
        oid: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
        preferredUsername: "lee.gu@fabrikam.example",
        name: "Lee Gu",
      });

      // The partner admin (a password session, so not locked out by it) accepts another tenant only.
      const policy = `/api/orgs/${encodeURIComponent(orgId)}/entra-policy`;
      const listed = await postInPage(
        admin.page,
        policy,
        { allowedTenantIds: [OTHER_TENANT], requireEntra: false },
        "PUT",
      );
      expect(listed.status).toBe(200);

      const refused = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}`);
      expect(refused.status).toBe(403);
      expect((refused.body as { error: { code: string } }).error.code).toBe("auth.entra_tenant_refused");
      await page.goto(`${workspace.url}/o/${encodeURIComponent(orgId)}`);
      await page.waitForURL(/\/account\/microsoft-sign-in\?reason=entra_tenant_refused$/, {
        timeout: UI_TIMEOUT,
      });
      await page.getByRole("heading", { name: "Your Microsoft account is not accepted", level: 1 }).waitFor();
      await page.getByText("This organization accepts its own Microsoft tenants only").waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // Its own tenant listed again, the same session is let in.
      const again = await postInPage(
        admin.page,
        policy,
        { allowedTenantIds: [OTHER_TENANT, TENANT], requireEntra: false },
        "PUT",
      );
      expect(again.status).toBe(200);
      await page.goto(`${workspace.url}/o/${encodeURIComponent(orgId)}`);
      await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor({ timeout: UI_TIMEOUT });
      // Back to any tenant, as the next test expects.
      expect(
        (await postInPage(admin.page, policy, { allowedTenantIds: [], requireEntra: false }, "PUT")).status,
      ).toBe(200);
    },
    TEST_TIMEOUT,
  );

  it(
    "sends a password session to a page explaining that the organization requires signing in with Microsoft",
    async () => {
      const { admin, orgId, ...invited } = await demoAdminInvites(browser, workspace, open, {
        email: "alex.wilber@fabrikam.example",
        role: "partner_admin",
      });

      // A second partner admin joins with Microsoft and requires it of every member.
      const alex = await joinWithMicrosoft(invited.url as string, {
        oid: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        preferredUsername: "alex.wilber@fabrikam.example",
        name: "Alex Wilber",
      });
      const required = await postInPage(
        alex,
        `/api/orgs/${encodeURIComponent(orgId)}/entra-policy`,
        { allowedTenantIds: [], requireEntra: true },
        "PUT",
      );
      expect(required.status).toBe(200);

      // The demo admin's password session opens the dashboard: the API refuses it, the app explains.
      const page = admin.page;
      const refused = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}`);
      expect(refused.status).toBe(403);
      expect((refused.body as { error: { code: string } }).error.code).toBe("auth.entra_required");
      await page.goto(`${workspace.url}/o/${encodeURIComponent(orgId)}`);
      await page.waitForURL(/\/account\/microsoft-sign-in\?reason=entra_required$/, { timeout: UI_TIMEOUT });
      await page.getByRole("heading", { name: "Sign in with Microsoft", level: 1 }).waitFor();
      await page.getByText("This organization requires signing in with Microsoft").waitFor();
      const microsoft = page.getByRole("link", { name: "Sign in with Microsoft" });
      expect(await microsoft.getAttribute("href")).toBe("/api/session/entra/start");
      expect(await axeViolations(page)).toEqual([]);
      // Signing out, with the keyboard, leads to the sign-in page.
      await tabTo(page, page.getByRole("button", { name: "Sign out", exact: true }));
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/sign-in/, { timeout: UI_TIMEOUT });
      expect((await fetchInPage(page, "/api/session")).status).toBe(401);
    },
    TEST_TIMEOUT,
  );
});
