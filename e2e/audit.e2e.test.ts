import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addDays, addMonths, type CalendarDate, todayFrom } from "@specready/core";
import type { Browser, CDPSession, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./support/axe.js";
import { hasChromium, launchChromium } from "./support/browser.js";
import {
  fetchInPage,
  focused,
  type OpenPage,
  openPage,
  postInPage,
  tabTo,
  textOf,
  UI_TIMEOUT,
} from "./support/page-helpers.js";
import { startWorkspace } from "./support/workspace-server.js";
import { csvRecords, readZip } from "./support/zip.js";

const TEST_TIMEOUT = 180_000;
/** The control made met here: one customer, a project in the twelve months and enough evidence items. */
const CONTROL = "B2.3";
const CONTROL_HEADING = "B2.3 Proof of Concept or Pilot";
/** Slow enough that the upload's progress is seen moving, fast enough for a test (bytes per second). */
const THROTTLED_UPLOAD = 1024 * 1024;

type Workspace = Awaited<ReturnType<typeof startWorkspace>>;

/** Waits for a state of the page as long as any visible state may take (expect.poll waits a second). */
function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: UI_TIMEOUT });
}

interface Upload {
  readonly id: string;
  readonly title: string;
  readonly fileName: string;
  readonly path: string;
  readonly sha256: string;
  readonly revision: number;
}

interface ControlFigures {
  readonly id: string;
  readonly status: string;
  readonly required: number;
  readonly customerCount: number;
  readonly artifactsNeeded: number;
  readonly acceptedDocumentation: string[];
  readonly pending: { readonly items: number; readonly customers: number };
}

/**
 * The audit workspace end to end, in one organization created from an empty installation: a
 * contributor files evidence, which counts only once a partner admin who did not upload it approves it
 * (a second partner admin approves the first admin's own); the admin plans the audit and invites the
 * auditor, who records a finding; the binder holds the approved evidence and its manifest verifies
 * against the uploaded files; the auditor's result is checked, confirmed and withdrawn.
 * The steps build on each other, in order.
 */
describe.skipIf(!hasChromium)("the audit workspace in Chromium", () => {
  let workspace: Workspace;
  let browser: Browser;
  let dir: string;
  let orgId: string;
  let admin: Page;
  let secondAdmin: Page;
  let contributor: Page;
  let auditor: Page;
  /** The link the first partner admin files herself: approved by the second one. */
  let adminLink: { id: string; title: string };
  const open: OpenPage[] = [];
  const uploads: Upload[] = [];
  /** The uploads a partner admin approved (the others stay submitted). */
  const approved = new Set<string>();
  const today = todayFrom(new Date());
  const admins = { email: "ada.admin@fabrikam.example", password: "the admin's long password" };
  const applicationDate = addDays(today, 7);
  const auditDate = addDays(today, 21);

  beforeAll(async () => {
    [workspace, browser, dir] = await Promise.all([
      startWorkspace({ demo: false }),
      launchChromium(),
      mkdtemp(join(tmpdir(), "specready-e2e-audit-")),
    ]);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await workspace?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, TEST_TIMEOUT);

  // The pages live through the steps; each step fails on an uncaught error of any of them.
  afterEach(() => {
    const errors = open.flatMap((o) => o.pageErrors.splice(0).map((e) => `${e.name}: ${e.message}`));
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  async function newPage(): Promise<Page> {
    const o = await openPage(browser);
    open.push(o);
    return o.page;
  }

  function nav(page: Page): Locator {
    return page.getByRole("navigation", { name: "Organization" });
  }

  async function goTo(page: Page, link: string | RegExp, heading: string): Promise<void> {
    await nav(page).getByRole("link", { name: link }).click();
    await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
  }

  /**
   * Joins with an invitation link in a browser of its own; returns the page, on the role's landing page
   * (the dashboard, or for an auditor the audit review), with the focus on its skip link.
   */
  async function acceptInvitation(
    link: string,
    name: string,
    password: string,
    landing: { path: string; heading: string } = { path: "", heading: "Dashboard" },
  ): Promise<Page> {
    const page = await newPage();
    await page.goto(link);
    await page.getByRole("heading", { name: /^Join / }).waitFor();
    await page.getByLabel("Your name").fill(name);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: /^Join / }).click();
    await page.waitForURL(`**/o/${orgId}${landing.path}`);
    await page.getByRole("heading", { name: landing.heading, level: 1 }).waitFor();
    expect(await focused(page)).toMatchObject({ tag: "a", name: "Skip to content" });
    return page;
  }

  /** Chromium's own network throttling: the upload goes at `bytesPerSecond`, or unthrottled with null. */
  async function throttleUploads(cdp: CDPSession, bytesPerSecond: number | null): Promise<void> {
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond ?? -1,
    });
  }

  /** Waits until `bar` has shown a fraction strictly between 0 and 1: the upload's progress moves. */
  async function expectProgressMoving(bar: Locator): Promise<void> {
    await bar.waitFor();
    await poll(async () => {
      const now = Number((await bar.getAttribute("aria-valuenow")) ?? "0");
      return now > 0 && now < 1;
    }).toBe(true);
  }

  /** A file of random bytes, with its SHA-256. */
  async function makeFile(name: string, bytes: number): Promise<{ path: string; sha256: string }> {
    const data = randomBytes(bytes);
    const path = join(dir, name);
    await writeFile(path, data);
    return { path, sha256: createHash("sha256").update(data).digest("hex") };
  }

  async function controlFigures(page: Page, id: string): Promise<ControlFigures> {
    const { status, body } = await fetchInPage(
      page,
      `/api/orgs/${encodeURIComponent(orgId)}/audit/readiness`,
    );
    expect(status).toBe(200);
    const found = (body as { controls: ControlFigures[] }).controls.find((c) => c.id === id);
    if (found === undefined) throw new Error(`no control ${id} in the readiness`);
    return found;
  }

  it(
    "creates the organization and invites a contributor",
    async () => {
      admin = await newPage();
      await admin.goto(workspace.url);
      await admin.getByRole("heading", { name: "Set up specready", level: 1 }).waitFor();
      await admin.getByLabel("Organization name").fill("Fabrikam AI Partners");
      await admin.getByLabel("Your name").fill("Ada Admin");
      await admin.getByLabel("Email").fill(admins.email);
      // A common password is refused by the server, and the form says why under the field.
      await admin.getByLabel("Password").fill("password1234");
      await admin.getByRole("button", { name: "Create organization" }).click();
      await admin.getByText(/^This password is too easy to guess: .*commonly used password/).waitFor();
      await admin.getByLabel("Password").fill(admins.password);
      await admin.getByRole("button", { name: "Create organization" }).click();
      await admin.waitForURL(/\/o\/[^/?#]+$/);
      await admin.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      orgId = decodeURIComponent(new URL(admin.url()).pathname.split("/")[2] ?? "");
      expect(await nav(admin).getByRole("link").allTextContents()).toEqual([
        "Dashboard",
        "Imports",
        "People",
        "Capability score",
        "Customer projects",
        "Audit controls",
        "Evidence",
        "Audit plan",
        "Audit review",
        "Plan",
        "Members",
        "Activity",
        "Settings",
      ]);

      await goTo(admin, "Members", "Members");
      const form = admin.getByRole("form", { name: "Invite someone" });
      await form.getByLabel("Email").fill("cole.contributor@fabrikam.example");
      const role = form.getByRole("combobox", { name: /Role/ });
      await role.click();
      await admin.getByRole("option", { name: "Contributor", exact: true }).click();
      await poll(() => textOf(role)).toContain("Contributor");
      await form.getByRole("button", { name: "Create invitation" }).click();
      const link = await admin.getByRole("textbox", { name: "Invitation link" }).inputValue();

      contributor = await acceptInvitation(link, "Cole Contributor", "the contributor's long password");

      // A second partner admin: the second pair of eyes for what the first one files herself.
      await form.getByLabel("Email").fill("bo.admin@fabrikam.example");
      await role.click();
      await admin.getByRole("option", { name: "Partner admin", exact: true }).click();
      await poll(() => textOf(role)).toContain("Partner admin");
      await form.getByRole("button", { name: "Create invitation" }).click();
      await poll(async () => admin.getByRole("textbox", { name: "Invitation link" }).inputValue()).not.toBe(
        link,
      );
      const second = await admin.getByRole("textbox", { name: "Invitation link" }).inputValue();
      secondAdmin = await acceptInvitation(second, "Bo Admin", "the second admin's long password");
      expect(await nav(contributor).getByRole("link").allTextContents()).toEqual([
        "Dashboard",
        "Imports",
        "People",
        "Capability score",
        "Customer projects",
        "Audit controls",
        "Evidence",
        "Audit plan",
        "Audit review",
        "Plan",
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    "the contributor adds customer projects (a tenant ID must be a GUID), one with the keyboard alone, and uploads evidence: drafts and submitted items leave the control's figure unchanged",
    async () => {
      const page = contributor;
      await goTo(page, "Customer projects", "Customer projects");
      await page.getByRole("heading", { name: "No customer projects yet" }).waitFor();

      // With the keyboard alone: the page's heading has the focus after the navigation.
      const completed = addDays(today, -40);
      await tabTo(page, page.getByRole("button", { name: "Add the first project" }));
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Add a customer project" });
      await dialog.waitFor();
      await poll(async () => (await focused(page))?.name ?? "").toMatch(/^Customer tenant ID/);
      await page.keyboard.type("5f0c6a52-0d7e-4a8b-9c1d-2e3f4a5b6c7d");
      await tabTo(page, /^Customer name/);
      await page.keyboard.type("Northwind Traders");
      await tabTo(page, /^Project/);
      await page.keyboard.type("Contract assistant");
      await tabTo(page, /^AI services/);
      await page.keyboard.type("Azure OpenAI, Azure AI Search");
      await tabTo(page, /^Completion date/);
      // Chromium's date field in en-US: month, day and year, each moving on to the next when complete.
      await page.keyboard.type(`${completed.slice(5, 7)}${completed.slice(8, 10)}${completed.slice(0, 4)}`);
      await poll(() => dialog.getByLabel(/^Completion date/).inputValue()).toBe(completed);
      const stage = dialog.getByRole("combobox", { name: /^Stage/ });
      await tabTo(page, stage);
      await page.keyboard.press("Enter");
      await page.getByRole("listbox").waitFor();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await poll(() => textOf(stage)).toBe("Production");
      await tabTo(page, dialog.getByRole("button", { name: "Save project" }));
      await page.keyboard.press("Enter");
      await dialog.waitFor({ state: "detached" });
      await page.getByText("Added the project Contract assistant of Northwind Traders.").waitFor();

      // With the pointer: a project of another customer, completed more than twelve months ago. A tenant
      // ID that is not a GUID is refused, naming the field.
      await page.getByRole("button", { name: "Add project" }).click();
      await dialog.waitFor();
      await dialog.getByLabel(/^Customer tenant ID/).fill("not-a-guid");
      await dialog.getByLabel(/^Customer name/).fill("Tailspin Toys");
      await dialog.getByLabel(/^Project/).fill("Toy recommendations");
      await dialog.getByLabel(/^Completion date/).fill(addDays(addMonths(today, -12), -10));
      await dialog.getByRole("button", { name: "Save project" }).click();
      await dialog.getByText(/"not-a-guid" is not a tenant ID/).waitFor();
      const refused = await postInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/customer-projects`, {
        customerTenantId: "=HYPERLINK(1)",
        project: "Formula",
        completionDate: today,
      });
      expect(refused.status).toBe(400);
      expect((refused.body as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe(
        "customerTenantId",
      );
      await dialog.getByLabel(/^Customer tenant ID/).fill("0b6f2d9e-1a2b-4c3d-8e9f-101112131415");
      await dialog.getByRole("button", { name: "Save project" }).click();
      await dialog.waitFor({ state: "detached" });
      const table = page.getByRole("table", { name: "Customer projects" });
      await poll(() => table.locator("tbody tr").count()).toBe(2);
      const rowOf = (project: string) => table.locator("tbody tr").filter({ hasText: project });
      expect(await textOf(rowOf("Contract assistant"))).toContain("Counts today");
      expect(await textOf(rowOf("Toy recommendations"))).toContain("Aged out");

      // The control to make met, as the API measures it: what it needs, from the checklist.
      const figures = await controlFigures(page, CONTROL);
      expect(figures).toMatchObject({ status: "not_met", customerCount: 0, required: 1 });
      const needed = figures.artifactsNeeded;
      expect(needed).toBeGreaterThanOrEqual(1);
      expect(figures.acceptedDocumentation.length).toBeGreaterThanOrEqual(needed);

      await goTo(page, "Audit controls", "Audit controls");
      const card = page.getByRole("region", { name: CONTROL_HEADING });
      await card.getByText("Not met", { exact: true }).waitFor();
      expect(await textOf(card)).toContain("Customers 0 of 1");

      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      for (let i = 1; i <= needed; i++) {
        const artifactType = figures.acceptedDocumentation[i - 1] as string;
        const fileName = `Pilot evidence ${i}.bin`;
        const file = await makeFile(fileName, 2 * 1024 * 1024 + i);
        await card.getByRole("button", { name: "Add evidence" }).click();
        const add = page.getByRole("dialog", { name: "Add evidence" });
        await add.waitFor();
        // The control is chosen already: the dialog was opened from its card.
        expect(await textOf(add.getByRole("combobox", { name: /^Controls/ }))).toBe(CONTROL);
        await add.getByLabel("Evidence file").setInputFiles(file.path);
        await poll(() => add.getByLabel(/^Title/).inputValue()).toBe(`Pilot evidence ${i}`);
        await add.getByRole("combobox", { name: /^Customer project/ }).click();
        await page.getByRole("option", { name: /^Northwind Traders — Contract assistant/ }).click();
        await add.getByRole("combobox", { name: /^Artifact type/ }).click();
        await page.getByRole("option", { name: artifactType, exact: true }).click();

        await throttleUploads(cdp, THROTTLED_UPLOAD);
        await add.getByRole("button", { name: "Save evidence" }).click();
        await add.getByText(`Uploading ${fileName}`, { exact: true }).waitFor();
        await expectProgressMoving(add.getByRole("progressbar"));
        await add.waitFor({ state: "detached" });
        await throttleUploads(cdp, null);

        const opened = page.getByRole("status").getByRole("link", { name: "Open it" });
        const href = (await opened.getAttribute("href")) ?? "";
        const id = decodeURIComponent(href.split("/").pop() ?? "");
        expect(href).toBe(`/o/${orgId}/evidence/${id}`);
        uploads.push({ id, title: `Pilot evidence ${i}`, fileName, ...file, revision: 1 });

        // A draft counts for nothing: the control's figure stays where it was.
        if (i < needed) await poll(() => textOf(card)).toContain(`(0 of ${needed} evidence items approved`);
        expect(await card.getByText("Not met", { exact: true }).count()).toBe(1);
      }
      // Enough evidence, none approved: the figure is unchanged, with what is pending beside it.
      await poll(() => textOf(card)).toContain("Customers 0 of 1; 1 more pending review");
      expect(await textOf(card)).toContain("Pending review: Northwind Traders (2 items).");
      expect(await controlFigures(page, CONTROL)).toMatchObject({
        status: "not_met",
        customerCount: 0,
        pending: { items: needed, customers: 1 },
      });
      // The what-if, clearly labelled, counts them as if approved; switched off, the figures are back.
      await page.getByRole("switch", { name: /^What if everything pending review were approved\?/ }).click();
      await page.getByTestId("what-if-banner").waitFor();
      await poll(() => textOf(card)).toContain("Customers 1 of 1 if approved");
      await page.getByRole("switch", { name: /^What if everything pending review were approved\?/ }).click();
      await poll(() => page.getByTestId("what-if-banner").count()).toBe(0);
      await poll(() => textOf(card)).toContain("Customers 0 of 1; 1 more pending review");
      // Listing only the controls not met keeps it.
      await page.getByRole("button", { name: /^Not met \(\d+\)$/ }).click();
      await poll(() => new URL(page.url()).searchParams.get("show")).toBe("not_met");
      await card.waitFor();
      await page.getByRole("button", { name: /^All controls \(\d+\)$/ }).click();
      await card.waitFor();

      // Every item goes to review: submitted, the figure still does not move.
      for (const u of uploads) {
        await page.goto(`${workspace.url}/o/${orgId}/evidence/${u.id}`);
        await page.getByRole("heading", { name: u.title, level: 1 }).waitFor();
        const review = page.getByRole("region", { name: "Review", exact: true });
        await review.getByRole("button", { name: "Submit for review" }).click();
        await review.getByText("Ready for review", { exact: true }).first().waitFor();
      }
      expect(await controlFigures(page, CONTROL)).toMatchObject({ status: "not_met", customerCount: 0 });
    },
    TEST_TIMEOUT,
  );

  it(
    "a partner admin requests changes with the keyboard alone; the contributor sees what is asked and uploads a new revision",
    async () => {
      const item = uploads[uploads.length - 1] as Upload;
      const comment = "Add the customer's signature page to the pilot report.";

      await admin.goto(`${workspace.url}/o/${orgId}/evidence?status=ready`);
      await admin.getByRole("heading", { name: "Evidence", level: 1 }).waitFor();
      await admin.getByRole("table", { name: "Evidence" }).getByRole("link", { name: item.title }).waitFor();
      await tabTo(
        admin,
        admin.getByRole("table", { name: "Evidence" }).getByRole("link", { name: item.title }),
        {
          max: 80,
        },
      );
      await admin.keyboard.press("Enter");
      await admin.getByRole("heading", { name: item.title, level: 1 }).waitFor();
      await tabTo(admin, admin.getByRole("button", { name: "Request changes" }));
      await admin.keyboard.press("Enter");
      const dialog = admin.getByRole("dialog", { name: "Request changes" });
      await dialog.waitFor();
      await poll(async () => (await focused(admin))?.tag).toBe("textarea");
      await admin.keyboard.type(comment);
      await tabTo(admin, dialog.getByRole("button", { name: "Send back" }));
      await admin.keyboard.press("Enter");
      await dialog.waitFor({ state: "detached" });
      const adminReview = admin.getByRole("region", { name: "Review", exact: true });
      await adminReview.getByText("Changes requested: the author sees your comment.").waitFor();
      expect(await textOf(adminReview)).toContain(comment);

      // The contributor opens specready again: the dashboard and the navigation say what is asked.
      await contributor.goto(`${workspace.url}/o/${orgId}`);
      await contributor.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      const evidenceLink = nav(contributor).getByRole("link", { name: /^Evidence/ });
      // The count is the badge's; its words are for screen readers.
      await nav(contributor)
        .getByRole("link", { name: /^Evidence\W+1 item with changes requested$/ })
        .waitFor();
      await contributor.getByText("A reviewer asked for changes to evidence you added").waitFor();
      await contributor.getByText(`: “${comment}”`).waitFor();
      await contributor.getByRole("button", { name: "Show what is asked of me" }).click();
      await contributor.getByRole("heading", { name: "Evidence", level: 1 }).waitFor();
      expect(new URL(contributor.url()).searchParams.get("asked")).toBe("1");
      const rows = contributor.getByRole("table", { name: "Evidence" }).locator("tbody tr");
      await poll(() => rows.count()).toBe(1);
      await rows.getByRole("link", { name: item.title }).click();
      await contributor.getByRole("heading", { name: item.title, level: 1 }).waitFor();
      const review = contributor.getByRole("region", { name: "Review", exact: true });
      expect(await textOf(review)).toContain(comment);

      // A new revision, with its progress; the first stays.
      const revision = await makeFile("Pilot evidence signed.bin", 2 * 1024 * 1024 + 7);
      const cdp = await contributor.context().newCDPSession(contributor);
      await cdp.send("Network.enable");
      await throttleUploads(cdp, THROTTLED_UPLOAD);
      const revisions = contributor.getByRole("region", { name: "Revisions" });
      await contributor.getByLabel("New revision file").setInputFiles(revision.path);
      await expectProgressMoving(revisions.getByRole("progressbar"));
      await revisions.getByText(/^Revision 2 \(Pilot evidence signed\.bin, .*\) is uploaded\.$/).waitFor();
      await throttleUploads(cdp, null);
      await poll(() => revisions.getByRole("table", { name: "Revisions" }).locator("tbody tr").count()).toBe(
        2,
      );
      uploads[uploads.length - 1] = {
        ...item,
        ...revision,
        fileName: "Pilot evidence signed.bin",
        revision: 2,
      };

      await review.getByRole("button", { name: "Submit for review" }).click();
      await review.getByText("Ready for review", { exact: true }).first().waitFor();
      // Nothing is asked of the contributor any more.
      await poll(() => textOf(evidenceLink)).toBe("Evidence");

      // The partner admin did not upload it: she approves it, for revision 2.
      await admin.reload();
      await adminReview.getByRole("button", { name: "Approve" }).click();
      await adminReview.getByText("Approved", { exact: true }).first().waitFor();
      await poll(() => textOf(admin.getByTestId("approval"))).toMatch(
        /^Approved by Ada Admin on .*, for revision 2 /,
      );
      approved.add(item.id);
      // The review's progress: this item approved, the other waiting for review.
      await goTo(admin, /^Evidence/, "Evidence");
      const waiting = uploads.length - 1;
      const progress = `1 of ${uploads.length} approved${waiting === 0 ? "" : `, ${waiting} waiting for review`}`;
      await poll(
        async () => (await admin.getByTestId("review-progress-bar").getAttribute("aria-label")) ?? "",
      ).toBe(`Review progress: ${progress}`);
      // One of the two items the control needs is approved: still short.
      expect(await controlFigures(admin, CONTROL)).toMatchObject({ status: "not_met", customerCount: 0 });
    },
    TEST_TIMEOUT,
  );

  it(
    "a partner admin cannot approve what she filed herself; a second partner admin approves it and the control turns met",
    async () => {
      const figures = await controlFigures(admin, CONTROL);
      const projects = await fetchInPage(admin, `/api/orgs/${encodeURIComponent(orgId)}/customer-projects`);
      const northwind = (projects.body as { id: string; project: string }[]).find(
        (p) => p.project === "Contract assistant",
      );
      adminLink = { id: "", title: "Pilot acceptance on SharePoint" };
      const created = await postInPage(admin, `/api/orgs/${encodeURIComponent(orgId)}/evidence`, {
        kind: "link",
        title: adminLink.title,
        artifactType: figures.acceptedDocumentation[0],
        projectId: northwind?.id,
        controls: [CONTROL],
        url: "https://northwind.sharepoint.example/pilot/acceptance",
      });
      expect(created.status).toBe(201);
      adminLink.id = (created.body as { id: string }).id;

      await admin.goto(`${workspace.url}/o/${orgId}/evidence/${adminLink.id}`);
      await admin.getByRole("heading", { name: adminLink.title, level: 1 }).waitFor();
      const review = admin.getByRole("region", { name: "Review", exact: true });
      await review.getByRole("button", { name: "Submit for review" }).click();
      await review.getByText("Ready for review", { exact: true }).first().waitFor();
      // Two pairs of eyes: the page says why, the button is off, and the API refuses it too.
      await review.getByText("Another partner admin approves this").waitFor();
      expect(await review.getByRole("button", { name: "Approve" }).isDisabled()).toBe(true);
      const self = await postInPage(
        admin,
        `/api/orgs/${encodeURIComponent(orgId)}/evidence/${adminLink.id}/review`,
        { action: "approve" },
      );
      expect(self.status).toBe(403);
      expect((self.body as { error: { code: string } }).error.code).toBe("evidence.self_approval");
      expect(await controlFigures(admin, CONTROL)).toMatchObject({ status: "not_met", customerCount: 0 });

      // The second partner admin approves it: two approved items, the control is met.
      await secondAdmin.goto(`${workspace.url}/o/${orgId}/evidence/${adminLink.id}`);
      const second = secondAdmin.getByRole("region", { name: "Review", exact: true });
      await second.getByRole("button", { name: "Approve" }).click();
      await second.getByText("Approved", { exact: true }).first().waitFor();
      await poll(() => textOf(secondAdmin.getByTestId("approval"))).toMatch(/^Approved by Bo Admin on /);

      // The first admin's page asks again (another person's change reaches it on the next load).
      await admin.goto(`${workspace.url}/o/${orgId}/audit`);
      await admin.getByRole("heading", { name: "Audit controls", level: 1 }).waitFor();
      const card = admin.getByRole("region", { name: CONTROL_HEADING });
      await card.getByText("Met", { exact: true }).waitFor();
      expect(await textOf(card)).toContain("Customers 1 of 1");
      expect(await textOf(card)).toContain("Counting: Northwind Traders.");
      expect(await controlFigures(admin, CONTROL)).toMatchObject({ status: "met", customerCount: 1 });
      // The dashboard's audit requirement counts the same.
      const evaluation = await fetchInPage(admin, `/api/orgs/${encodeURIComponent(orgId)}/evaluation`);
      const audit = (
        evaluation.body as { requirements: { id: string; details: { controls: ControlFigures[] } }[] }
      ).requirements.find((r) => r.id === "audit");
      expect(audit?.details.controls.find((c) => c.id === CONTROL)).toMatchObject({
        status: "met",
        customerCount: 1,
      });
    },
    TEST_TIMEOUT,
  );

  it(
    "the admin plans the audit and sees its timeline; readiness is measured on the planned date, with the specialty chosen",
    async () => {
      await goTo(admin, "Audit plan", "Audit plan");
      const form = admin.getByRole("form", { name: "Audit plan" });
      await form.getByLabel(/^Planned application date/).fill(applicationDate);
      await form.getByLabel(/^Planned audit date/).fill(auditDate);
      await form.getByRole("button", { name: "Save plan" }).click();
      const chart = admin.getByTestId("chart-audit-deadlines");
      await poll(async () => (await chart.getByRole("img").getAttribute("aria-label")) ?? "").toContain(
        `The audit is planned on ${mediumDate(auditDate)}`,
      );
      await chart.getByRole("button", { name: /Data table/ }).click();
      const steps = chart.getByRole("table").locator("tbody tr");
      expect(await steps.count()).toBeGreaterThanOrEqual(6);
      // The first step counts from the application: its due date is known.
      expect(await textOf(steps.first())).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/);

      await goTo(admin, "Audit controls", "Audit controls");
      await admin.getByText(`Measured on ${longDate(auditDate)}`).waitFor();
      await admin.getByText("The planned audit date").waitFor();
      const card = admin.getByRole("region", { name: CONTROL_HEADING });
      await card.getByText("Met", { exact: true }).waitFor();

      // The register measures each project on the planned audit date too.
      await goTo(admin, "Customer projects", "Customer projects");
      await admin.getByText(`measured on the planned audit date, ${longDate(auditDate)}`).waitFor();
      const table = admin.getByRole("table", { name: "Customer projects" });
      const row = await textOf(table.locator("tbody tr").filter({ hasText: "Contract assistant" }));
      expect(row).toContain("Counts");
      expect(row).not.toContain("Counts today");
      await goTo(admin, "Audit controls", "Audit controls");

      // B1.1 asks which practice specialty the evidence covers: choosing it is no longer missing.
      const b11 = admin.getByRole("region", { name: "B1.1 Portfolio Assessment" });
      const asked = "Choose the practice specialty this control covers";
      expect(await textOf(b11)).toContain(asked);
      const specialty = b11.getByRole("combobox", { name: /^Practice specialty/ });
      await specialty.click();
      await admin.getByRole("option", { name: "AI-powered apps", exact: true }).click();
      await poll(() => textOf(b11)).not.toContain(asked);
      expect(await textOf(specialty)).toBe("AI-powered apps");
    },
    TEST_TIMEOUT,
  );

  it(
    "the admin invites an auditor, who records a finding and can change no evidence",
    async () => {
      await goTo(admin, "Audit review", "Audit review");
      await admin.getByLabel(/^Auditor's email/).fill("ivy.auditor@audits.example");
      await admin.getByRole("button", { name: "Invite auditor" }).click();
      const link = await admin.getByRole("textbox", { name: "Invitation link" }).inputValue();

      // The auditor lands on the audit review, where their work is.
      auditor = await acceptInvitation(link, "Ivy Auditor", "the auditor's long password", {
        path: "/audit/review",
        heading: "Audit review",
      });
      expect(await nav(auditor).getByRole("link").allTextContents()).toEqual([
        "Dashboard",
        "Imports",
        "People",
        "Capability score",
        "Customer projects",
        "Audit controls",
        "Evidence",
        "Audit plan",
        "Audit review",
        "Plan",
      ]);

      await goTo(auditor, "Audit review", "Audit review");
      const text = "The pilot report lacks the customer's acceptance of the success criteria.";
      const form = auditor.getByRole("form", { name: "Record a finding" });
      await form.getByRole("combobox", { name: /^Control/ }).click();
      await auditor.getByRole("option", { name: CONTROL_HEADING }).click();
      await form.getByLabel(/^Finding/).fill(text);
      await form.getByRole("button", { name: "Record finding" }).click();
      await auditor.getByText(text).first().waitFor();

      // The evidence reads, downloads, and nothing else.
      const item = uploads[uploads.length - 1] as Upload;
      await goTo(auditor, "Evidence", "Evidence");
      expect(await auditor.getByRole("button", { name: "Add evidence" }).count()).toBe(0);
      await auditor.getByRole("table", { name: "Evidence" }).getByRole("link", { name: item.title }).click();
      await auditor.getByRole("heading", { name: item.title, level: 1 }).waitFor();
      await auditor.getByRole("table", { name: "Revisions" }).waitFor();
      for (const name of ["Edit", "Delete", "Upload new revision", "Submit for review", "Request changes"])
        expect(await auditor.getByRole("button", { name }).count(), name).toBe(0);
      const [download] = await Promise.all([
        auditor.waitForEvent("download"),
        auditor.getByRole("link", { name: `Download revision 2 (${item.fileName})` }).click(),
      ]);
      const saved = join(dir, "auditor-download.bin");
      await download.saveAs(saved);
      expect(sha256(await readFile(saved))).toBe(item.sha256);

      // The partner sees the finding.
      await admin.reload();
      await admin.getByText(text).first().waitFor();
    },
    TEST_TIMEOUT,
  );

  it(
    "the admin downloads the evidence binder, whose manifest gives the SHA-256 of each uploaded file",
    async () => {
      await goTo(admin, "Audit review", "Audit review");
      const link = admin.getByRole("link", { name: /Download evidence binder/ });
      const [download] = await Promise.all([admin.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toMatch(/\.zip$/);
      const path = join(dir, "binder.zip");
      await download.saveAs(path);

      const entries = await readZip(path);
      const names = entries.map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining(["index.html", "index.pdf", "manifest.csv"]));
      const manifest = entries.find((e) => e.name === "manifest.csv");
      const rows = csvRecords((manifest?.data ?? Buffer.alloc(0)).toString("utf8"));

      // Approved evidence only: each approved upload as its current revision, with the hash of the bytes
      // uploaded and its approver; the one still waiting for review is not there.
      for (const u of uploads) {
        const mine = rows.filter((r) => r.evidence_id === u.id);
        if (!approved.has(u.id)) {
          expect(mine, u.title).toEqual([]);
          continue;
        }
        expect(mine, u.title).toHaveLength(1);
        expect(mine[0]).toMatchObject({
          control: CONTROL,
          customer_name: "Northwind Traders",
          status: "approved",
          approved_by: "Ada Admin",
          self_approved: "no",
          revision: String(u.revision),
          file_name: u.fileName,
          sha256: u.sha256,
        });
      }
      expect(rows.find((r) => r.evidence_id === adminLink.id)).toMatchObject({
        status: "approved",
        approved_by: "Bo Admin",
      });
      expect(rows.every((r) => r.status === "approved")).toBe(true);
      // The activity log counts what the manifest lists.
      const log = await fetchInPage(
        admin,
        `/api/orgs/${encodeURIComponent(orgId)}/activity?action=audit.binder`,
      );
      const entry = (log.body as { entries: { details: { files: number } }[] }).entries[0];
      expect(entry?.details.files).toBe(rows.length);
      // And every file in the binder is the one its manifest line describes.
      expect(rows.length).toBe(approved.size + 1);
      for (const r of rows) {
        const entry = entries.find((e) => e.name === r.path);
        expect(entry, r.path).toBeDefined();
        expect(sha256(entry?.data ?? Buffer.alloc(0)), r.path).toBe(r.sha256);
        expect(String(entry?.data.length), r.path).toBe(r.size);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "the auditor's result: a future date is refused, a confirmed one says what it does and can be withdrawn",
    async () => {
      // The application went in three days ago (the plan's date was a guess): results date from then on.
      await goTo(admin, "Settings", "Settings");
      const application = admin.getByRole("form", { name: "Record the application" });
      await application.getByLabel(/^Submitted on/).fill(addDays(today, -3));
      await application.getByRole("button", { name: "Record the application" }).click();
      await admin.getByText("The application is recorded.").waitFor();

      await goTo(auditor, "Audit review", "Audit review");
      const form = auditor.getByRole("form", { name: "Record the final result" });
      await form.getByRole("radio", { name: "Pass", exact: true }).check();
      // The auditor names the checklist the audit used (the program data may not know the one live today).
      await form.getByLabel(/^Checklist version/).fill("A 2024-08, B V1.7");
      const tomorrow = addDays(today, 1);
      await form.getByLabel(/^Date/).fill(tomorrow);
      await form.getByRole("button", { name: "Record result…" }).click();
      await form.getByText("The result is dated today or earlier, not in the future.").waitFor();
      // The server refuses it too, naming the field, whoever goes around the form.
      const future = await postInPage(auditor, `/api/orgs/${encodeURIComponent(orgId)}/audit/results`, {
        module: "A+B",
        result: "Pass",
        date: tomorrow,
        checklistVersion: "V1.7",
        acknowledgeOpenFindings: true,
      });
      expect(future.status).toBe(400);
      expect((future.body as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe("date");

      // Dated today: what it does, then the open finding acknowledged, then recorded.
      await form.getByLabel(/^Date/).fill(today);
      await form.getByRole("button", { name: "Record result…" }).click();
      const confirm = auditor.getByRole("alertdialog", { name: "Record this result?" });
      await confirm.waitFor();
      expect(await textOf(confirm.getByTestId("result-effect"))).toMatch(
        new RegExp(
          `^Recording a Pass of Modules A\\+B dated ${today} waives Module A until \\d{4}-\\d{2}-\\d{2} `,
        ),
      );
      const record = confirm.getByRole("button", { name: "Record result" });
      expect(await record.isDisabled()).toBe(true);
      await confirm
        .getByRole("checkbox", { name: "Record the result with these findings still open" })
        .check();
      await record.click();
      await confirm.waitFor({ state: "detached" });
      const history = auditor.getByRole("table", { name: "Audit history" });
      await poll(() => history.locator("tbody tr").count()).toBe(1);
      expect(await textOf(history.locator("tbody tr").first())).toContain("with 1 open finding acknowledged");
      const results = await fetchInPage(auditor, `/api/orgs/${encodeURIComponent(orgId)}/audit/results`);
      expect((results.body as { withdrawn: unknown }[])[0]?.withdrawn).toBeNull();

      // Withdrawn with a reason: it stays in the history, marked, and Module A is audited again.
      await history.getByRole("button", { name: "Withdraw…" }).click();
      const withdraw = auditor.getByRole("alertdialog", { name: "Withdraw this result?" });
      await withdraw.waitFor();
      expect(await textOf(withdraw)).toContain("ends the Module A waiver");
      await withdraw.getByLabel(/^Why it is withdrawn/).fill("Recorded before the final report was signed.");
      await withdraw.getByRole("button", { name: "Withdraw result" }).click();
      await withdraw.waitFor({ state: "detached" });
      await poll(() => textOf(history.locator("tbody tr").first())).toContain("Withdrawn by Ivy Auditor on");
      expect(await textOf(history.locator("tbody tr").first())).toContain(
        "Recorded before the final report was signed.",
      );
      const readiness = await fetchInPage(auditor, `/api/orgs/${encodeURIComponent(orgId)}/audit/readiness`);
      expect((readiness.body as { moduleAWaived: boolean }).moduleAWaived).toBe(false);
    },
    TEST_TIMEOUT,
  );

  it(
    "the audit pages pass axe's WCAG A and AA checks, with their dialogs open",
    async () => {
      const item = uploads[uploads.length - 1] as Upload;
      const pages: { path: string; heading: string; dialog?: { button: string; name: string } }[] = [
        { path: "", heading: "Dashboard" },
        {
          path: "/projects",
          heading: "Customer projects",
          dialog: { button: "Add project", name: "Add a customer project" },
        },
        { path: "/audit", heading: "Audit controls" },
        { path: `/audit/controls/${CONTROL}`, heading: CONTROL_HEADING },
        { path: "/evidence", heading: "Evidence", dialog: { button: "Add evidence", name: "Add evidence" } },
        {
          path: `/evidence/${item.id}`,
          heading: item.title,
          dialog: { button: "Request changes", name: "Request changes" },
        },
        { path: "/audit/plan", heading: "Audit plan" },
        { path: "/audit/review", heading: "Audit review" },
        { path: "/audit?whatIf=1", heading: "Audit controls" },
        { path: "/settings", heading: "Settings" },
      ];
      const found: Record<string, unknown> = {};
      for (const p of pages) {
        await admin.goto(`${workspace.url}/o/${orgId}${p.path}`);
        await admin.getByRole("heading", { name: p.heading, level: 1 }).waitFor();
        // Every request of the page answered: its content is there, not its loading state.
        await admin.waitForLoadState("networkidle");
        const page = await axeViolations(admin);
        if (page.length > 0) found[p.path] = page;
        if (p.dialog === undefined) continue;
        await admin.getByRole("button", { name: p.dialog.button, exact: true }).first().click();
        const dialog = admin.getByRole("dialog", { name: p.dialog.name });
        await dialog.waitFor();
        const open = await axeViolations(admin);
        if (open.length > 0) found[`${p.path} (${p.dialog.name})`] = open;
        await admin.keyboard.press("Escape");
        await dialog.waitFor({ state: "detached" });
      }
      expect(JSON.stringify(found, null, 1)).toBe("{}");
    },
    TEST_TIMEOUT,
  );
});

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** "Sep 10, 2025", as the app writes a date in en-US. */
function mediumDate(date: CalendarDate): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(
    Date.UTC(y, m - 1, d),
  );
}

/** "September 10, 2025". */
function longDate(date: CalendarDate): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(
    Date.UTC(y, m - 1, d),
  );
}
