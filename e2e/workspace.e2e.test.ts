import {
  addDays,
  addMonths,
  type CalendarDate,
  type Evaluation,
  firstDayOf,
  monthOf,
  todayFrom,
} from "@specready/core";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "./support/browser.js";
import type { CliDemo } from "./support/cli-evaluation.js";
import {
  type FocusedElement,
  fetchInPage,
  focused,
  monthInWords,
  type OpenPage,
  openPage,
  signIn,
  tabTo,
  textOf,
  UI_TIMEOUT,
} from "./support/page-helpers.js";
import { workspaceCliEvaluation } from "./support/workspace-check.js";
import { startWorkspace } from "./support/workspace-server.js";

const TEST_TIMEOUT = 120_000;
const STATUS_WORDS: Record<string, string> = { met: "Met", not_met: "Not met", no_data: "No data" };

type Workspace = Awaited<ReturnType<typeof startWorkspace>>;

describe.skipIf(!hasChromium)("the workspace in Chromium", () => {
  let workspace: Workspace;
  let browser: Browser;
  let asOf: CalendarDate;
  let cli: CliDemo;
  let login: { email: string; password: string };
  const open: OpenPage[] = [];

  beforeAll(async () => {
    // The server seeds the demo dated today by the same clock; the CLI evaluates the same files: the
    // demo's, with the audit evidence as the binder's check-data/ holds the register.
    asOf = todayFrom(new Date());
    [workspace, browser] = await Promise.all([startWorkspace(), launchChromium()]);
    if (workspace.demo === undefined) throw new Error("the workspace has no demo login");
    login = workspace.demo;
    cli = await workspaceCliEvaluation(workspace.url, login, asOf);
  }, TEST_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await workspace?.stop();
  }, TEST_TIMEOUT);

  /** A fresh browser context for this test, closed after it; its page errors fail the test. */
  async function newPage(): Promise<OpenPage> {
    const o = await openPage(browser);
    open.push(o);
    return o;
  }

  afterEach(async () => {
    const errors = open.flatMap((o) => o.pageErrors.map((e) => `${e.name}: ${e.message}`));
    await Promise.all(open.splice(0).map((o) => o.context.close()));
    expect(errors, "uncaught errors in the page").toEqual([]);
  });

  /** Opens the workspace, is sent to sign-in, signs in as the demo's partner admin. */
  async function signedIn(): Promise<{ page: Page; orgId: string }> {
    const { page } = await newPage();
    await page.goto(workspace.url);
    await page.waitForURL(/\/sign-in(\?.*)?$/);
    const orgId = await signIn(page, login);
    return { page, orgId };
  }

  /** A requirement of the command line's evaluation of the demo. */
  function requirement(id: string) {
    const found = cli.evaluation.requirements.find((r) => r.id === id);
    if (found === undefined) throw new Error(`no requirement ${id}`);
    return found;
  }

  function card(page: Page, title: string): Locator {
    return page.getByRole("group", { name: title, exact: true });
  }

  /** The dashboard shows the evaluation: each card's status and summary, and the overall banner. */
  async function expectDashboardShows(page: Page, evaluation: Evaluation): Promise<void> {
    const cards = page.locator('[data-testid^="requirement-"]');
    await expect.poll(() => cards.count(), { timeout: UI_TIMEOUT }).toBe(4);
    expect(evaluation.requirements).toHaveLength(4);
    for (const [i, r] of evaluation.requirements.entries()) {
      const c = card(page, r.title);
      await c.waitFor();
      // Reading order: the cards in the evaluation's order.
      expect(await cards.nth(i).getAttribute("data-testid")).toBe(`requirement-${r.id}`);
      expect(await textOf(c.locator("h3 + span"))).toBe(STATUS_WORDS[r.status]);
      await expect.poll(() => textOf(c.locator("p").first())).toBe(r.summary);
    }
    // The program version and checklists the evaluation used, as `versions` names them.
    const versions = page.getByTestId("program-versions");
    const v = evaluation.versions;
    await expect
      .poll(() => textOf(versions))
      .toContain(`${v.program.name} (version ${v.program.version}) — ${v.reason}.`);
    for (const c of v.checklists)
      expect(await textOf(versions)).toContain(
        c.inEffect === null ? "None in the program data on" : c.inEffect.version,
      );
    const banner = page.getByTestId("readiness-banner");
    const met = evaluation.requirements.filter((r) => r.status === "met").length;
    const expected = evaluation.ready
      ? "Ready"
      : evaluation.eligibleToApply
        ? "Eligible to apply"
        : met === 0 && evaluation.requirements.every((r) => r.status === "no_data")
          ? "No data yet"
          : "Not yet ready";
    await expect.poll(() => textOf(banner)).toContain(expected);
    const text = await textOf(banner);
    if (evaluation.ready) expect(text).toContain("You can apply for the specialization");
    else if (evaluation.eligibleToApply) expect(text).toContain("You can apply;");
    else {
      expect(text).not.toMatch(/\bReady\b|Eligible to apply/);
      expect(text).toContain(`${met} of 4 requirements are met`);
    }
  }

  it(
    "signs in and shows the same readiness as the command line",
    async () => {
      const { page, orgId } = await signedIn();
      await expectDashboardShows(page, cli.evaluation);

      // The API, asked from the page with its session, gives the CLI's object exactly.
      const byDefault = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/evaluation`);
      expect(byDefault.status).toBe(200);
      expect(byDefault.body).toEqual(cli.evaluation);
      const dated = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/evaluation?asOf=${asOf}`);
      expect(dated.body).toEqual(cli.evaluation);
    },
    TEST_TIMEOUT,
  );

  it(
    "pins a program version in Settings: the dashboard and the API use it, and the activity log says who did",
    async () => {
      const { page, orgId } = await signedIn();
      const nav = page.getByRole("navigation", { name: "Organization" });
      await nav.getByRole("link", { name: "Settings" }).click();
      await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
      const today = page.getByTestId("program-today");
      await expect.poll(() => textOf(today)).toContain(`Today: ${cli.evaluation.programName}`);
      const form = page.getByRole("form", { name: "Choose the program version" });
      await form.getByRole("radio", { name: /^Pin AI and Machine Learning in Microsoft Azure FY24/ }).check();
      // Provisional versions are chosen by date only: the option waits for "in effect on each date".
      expect(await form.getByRole("checkbox", { name: /Use provisional versions/ }).isDisabled()).toBe(true);
      await form.getByRole("button", { name: "Save" }).click();
      await page.getByText("The program version setting is saved").waitFor();
      await expect
        .poll(() => textOf(today))
        .toContain("pinned in the organization's settings (ai-ml-azure-fy24)");

      await nav.getByRole("link", { name: "Dashboard" }).click();
      const versions = page.getByTestId("program-versions");
      await expect
        .poll(() => textOf(versions))
        .toContain(
          "AI and Machine Learning in Microsoft Azure (version FY24) — pinned in the organization's settings",
        );
      const pinned = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/evaluation`);
      const body = pinned.body as Evaluation;
      expect(body.versions.program.id).toBe("ai-ml-azure-fy24");
      // The same measurement as the version in effect: only names, checklists in effect and advice differ.
      expect(body.requirements.map((r) => [r.id, r.status])).toEqual(
        cli.evaluation.requirements.map((r) => [r.id, r.status]),
      );
      const log = await fetchInPage(
        page,
        `/api/orgs/${encodeURIComponent(orgId)}/activity?action=program.settings`,
      );
      expect((log.body as { entries: { summary: string }[] }).entries[0]?.summary).toContain(
        "Pinned the program version",
      );

      // Back to the version in effect on each date, for the other tests.
      await nav.getByRole("link", { name: "Settings" }).click();
      const again = page.getByRole("form", { name: "Choose the program version" });
      await again.getByRole("radio", { name: "The version in effect on each date (recommended)" }).check();
      await again.getByRole("button", { name: "Save" }).click();
      await page.getByText("The program version setting is saved").waitFor();
      const back = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/evaluation`);
      expect(back.body).toEqual(cli.evaluation);
    },
    TEST_TIMEOUT,
  );

  it(
    "imports a usage file with a remapped column, and lists every problem of a bad file",
    async () => {
      const { page, orgId } = await signedIn();
      await page
        .getByRole("navigation", { name: "Organization" })
        .getByRole("link", { name: "Imports" })
        .click();
      await page.waitForURL(`**/o/${orgId}/imports`);
      await page.getByRole("heading", { name: "Imports", level: 1 }).waitFor();
      const history = page.getByRole("table", { name: "Import history" });
      await history.waitFor();
      const historyBefore = await history.locator("tbody tr").count();

      // The demo's usage export with its amount column under another name.
      const original = cli.files.get("azure-usage.csv");
      if (original === undefined) throw new Error("the demo has no azure-usage.csv");
      const [header, ...rows] = original.split("\n");
      expect(header?.replace(/\r$/, "").split(",")).toContain("ACR_USD");
      const remapped = [header?.replace(/(^|,)ACR_USD(,|\r?$)/, "$1Revenue in USD$2"), ...rows].join("\n");
      expect(remapped).not.toContain(",ACR_USD");

      const upload = page.getByRole("region", { name: "Import a file" });
      await upload.getByLabel("File to import").setInputFiles({
        name: "azure-usage.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(remapped, "utf8"),
      });
      const kind = upload.getByRole("combobox", { name: /File kind/ });
      await kind.click();
      await page.getByRole("option", { name: /^Azure usage/ }).click();
      await expect.poll(() => textOf(kind)).toContain("Azure usage");
      await upload.getByRole("button", { name: "Upload and preview" }).click();

      // Choosing another file at the preview discards the upload on the server (it would count against
      // the organization's pending-uploads cap until it expires); then the same file again.
      await upload.getByRole("heading", { name: "Check the columns of azure-usage.csv" }).waitFor();
      await upload.getByRole("button", { name: "Choose another file" }).click();
      await expect
        .poll(
          async () =>
            (await workspace.ctx.db.query("select id from uploads where org_id = $1", [orgId])).length,
        )
        .toBe(0);
      await upload.getByLabel("File to import").setInputFiles({
        name: "azure-usage.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(remapped, "utf8"),
      });
      await kind.click();
      await page.getByRole("option", { name: /^Azure usage/ }).click();
      await expect.poll(() => textOf(kind)).toContain("Azure usage");
      await upload.getByRole("button", { name: "Upload and preview" }).click();

      // The preview: ACR_USD has no header, and the import waits for one.
      await upload.getByRole("heading", { name: "Check the columns of azure-usage.csv" }).waitFor();
      const acr = upload.getByRole("combobox", { name: "Header for ACR_USD (required)" });
      await acr.waitFor();
      expect(await acr.getAttribute("aria-invalid")).toBe("true");
      expect(await textOf(acr)).toContain("Not in this file");
      await upload.getByText("Required: choose the header").waitFor();
      await upload.getByText("Required columns without a header").waitFor();
      const importButton = upload.getByRole("button", { name: "Import", exact: true });
      expect(await importButton.isDisabled()).toBe(true);

      await acr.click();
      await page.getByRole("option", { name: "Revenue in USD", exact: true }).click();
      await expect.poll(() => textOf(acr)).toContain("Revenue in USD");
      await expect.poll(() => importButton.isEnabled()).toBe(true);
      expect(await acr.getAttribute("aria-invalid")).toBeNull();
      await importButton.click();

      // Progress, then the summary, then the history lists the file.
      await upload.getByRole("heading", { name: "azure-usage.csv is imported" }).waitFor();
      const rowCount = rows.filter((r) => r.trim() !== "").length;
      await expect
        .poll(() => textOf(upload.getByRole("status").first()))
        .toMatch(new RegExp(`Imported[\\s\\S]*${rowCount.toLocaleString("en-US")} rows of azure usage`));
      await expect.poll(() => history.locator("tbody tr").count()).toBe(historyBefore + 1);
      const newest = history.locator("tbody tr").first();
      expect(await textOf(newest)).toContain("azure-usage.csv");
      expect(await textOf(newest)).toContain("In effect");

      // The same data: the dashboard still shows the CLI's evaluation.
      await upload.getByRole("link", { name: "See the dashboard" }).click();
      await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      await expectDashboardShows(page, cli.evaluation);
      const after = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/evaluation?asOf=${asOf}`);
      expect(after.body).toEqual(cli.evaluation);

      // A file with a bad amount on line 3: every problem listed, nothing imported.
      await page
        .getByRole("navigation", { name: "Organization" })
        .getByRole("link", { name: "Imports" })
        .click();
      await history.waitFor();
      const historyText = await textOf(history);
      const bad = [header, rows[0], replaceLastField(rows[1] ?? "", '"12,34"'), rows[2]].join("\n");
      await upload.getByLabel("File to import").setInputFiles({
        name: "azure-usage-bad.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(bad, "utf8"),
      });
      await expect.poll(() => textOf(kind)).toContain("Azure usage");
      await upload.getByRole("button", { name: "Upload and preview" }).click();
      await upload.getByRole("heading", { name: "Check the columns of azure-usage-bad.csv" }).waitFor();
      await expect.poll(() => importButton.isEnabled()).toBe(true);
      await importButton.click();
      await upload.getByRole("heading", { name: "azure-usage-bad.csv was not imported" }).waitFor();
      await upload.getByText("Nothing was changed").waitFor();
      const problems = upload.getByRole("table", { name: /^1 problem$/ });
      await problems.waitFor();
      const cells = await problems.locator("tbody tr").first().locator("td").allTextContents();
      expect(cells[0]).toBe("azure-usage-bad.csv");
      expect(cells[1]).toBe("3");
      expect(cells[2]).toBe("ACR_USD");
      expect(cells[3]).toContain('"12,34" is not a number');
      expect(await textOf(history)).toBe(historyText);
      await page.reload();
      await history.waitFor();
      expect(await textOf(history)).toBe(historyText);
    },
    TEST_TIMEOUT,
  );

  it(
    "explains the ACR chart with the performance rule and its window",
    async () => {
      const { page } = await signedIn();
      const performance = cli.evaluation.requirements.find((r) => r.id === "performance");
      if (performance === undefined) throw new Error("no performance requirement");
      const chart = page.getByTestId("chart-acr");
      const explain = chart.getByRole("button", { name: "How this was computed: AI ACR" });
      await explain.click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      const heading = dialog.getByRole("heading", { name: `How this was computed: ${performance.title}` });
      await heading.waitFor();
      // It opens on its heading: reading starts at the top, not on a link far below.
      await expect.poll(() => heading.evaluate((h) => h === document.activeElement)).toBe(true);
      expect(await heading.evaluate((h) => h.tagName)).toBe("H2");
      await dialog.getByText(performance.rule, { exact: true }).waitFor();
      const window = (performance.details as { window: string[] }).window;
      expect(window).toHaveLength(3);
      // The result names the window; its details list the months ("Window: Aug 2026, Sep 2026, Oct 2026").
      await dialog.getByText(performance.summary, { exact: true }).waitFor();
      expect(performance.summary).toContain(
        `${monthInWords(window[0] ?? "")} – ${monthInWords(window[2] ?? "")}`,
      );
      expect(await textOf(dialog.locator('dt:text-is("Window") + dd').first())).toBe(
        window.map((m) => monthInWords(m, "short")).join(", "),
      );

      // Its links (the program's resources) show a clear focus ring when the keyboard reaches them.
      const resource = dialog.getByRole("link").first();
      const resourceName = (await textOf(resource)).trim();
      const onLink = await tabTo(page, resource, { max: 200 });
      expect(onLink).toMatchObject({ tag: "a", name: resourceName, indicator: true });

      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
        .toBe("How this was computed: AI ACR");
    },
    TEST_TIMEOUT,
  );

  it(
    "puts the focus on the skip link after signing in",
    async () => {
      const { page } = await signedIn();
      const skip = await focused(page);
      expect(skip).toMatchObject({ tag: "a", name: "Skip to content", indicator: true });
      // Shown on screen while it has the focus.
      const box = await page.getByRole("link", { name: "Skip to content" }).boundingBox();
      expect(box !== null && box.y >= 0 && box.height > 0).toBe(true);
      await page.keyboard.press("Enter");
      expect(await focused(page)).toMatchObject({ tag: "main", id: "main-content" });
    },
    TEST_TIMEOUT,
  );

  it(
    "advises PAL only for the row it fits, and writes money with thousands separators",
    async () => {
      const { page, orgId } = await signedIn();
      // Two months on, the window holds last month (Coho's free trial) and this one: performance is
      // short, so the card explains each customer whose AI ACR does not count.
      const later = addMonths(firstDayOf(monthOf(asOf)), 2);
      await page.goto(`${workspace.url}/o/${orgId}?asOf=${later}`);
      const api = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/evaluation?asOf=${later}`);
      const performance = (api.body as Evaluation).requirements.find((r) => r.id === "performance");
      expect(performance?.status).toBe("not_met");
      const perf = card(page, performance?.title ?? "");
      await perf.waitFor();
      const showAll = perf.getByRole("button", { name: /^Show all/ });
      if ((await showAll.count()) > 0) await showAll.click();
      const gaps = await perf.getByRole("listitem").allTextContents();
      expect(gaps).toEqual(performance?.gaps.map((g) => g.message));
      const about = (name: string) => gaps.filter((g) => g.startsWith(name));
      expect(about("Woodgrove Bank")).toEqual([
        expect.stringContaining("link your partner ID to its subscriptions with PAL"),
      ]);
      expect(about("City Power & Light")).toEqual([
        expect.stringContaining("already linked to you through PAL"),
      ]);
      expect(about("Coho Winery")).toEqual([expect.stringContaining('on the offer "Free Trial"')]);
      expect(about("Adatum Consulting")).toEqual([
        expect.stringContaining("is your own organization's tenant"),
      ]);
      expect(gaps.filter((g) => g.includes("link your partner ID"))).toHaveLength(1);
      // Every amount of a thousand or more has its separator.
      for (const g of gaps) expect(g).not.toMatch(/USD \d{4}/);
      expect(gaps.some((g) => /USD \d{1,3}(,\d{3})+\.\d{2}/.test(g))).toBe(true);
    },
    TEST_TIMEOUT,
  );

  it(
    "keeps each customer's colour in the ACR chart when the as-of date changes",
    async () => {
      const { page, orgId } = await signedIn();
      const legendColours = async (date: string) => {
        await page.goto(`${workspace.url}/o/${orgId}?asOf=${date}`);
        const legend = page.getByTestId("chart-acr").getByRole("list", { name: /^Legend/ });
        await legend.waitFor();
        await page.getByText(`readiness as of ${longDate(date)}`).waitFor();
        return legend.evaluate((ul) =>
          [...ul.querySelectorAll("li")]
            .map((li) => {
              const swatch = li.querySelector("svg rect");
              return {
                label: (li.textContent ?? "").replace(/ \(does not count\)$/, "").trim(),
                colour: swatch === null ? null : getComputedStyle(swatch).fill,
              };
            })
            .filter((e) => e.colour !== null && !/other customers$/.test(e.label)),
        );
      };
      const earlier = addMonths(asOf, -5);
      const now = await legendColours(asOf);
      const then = await legendColours(earlier);
      // The customers come in another order (by their ACR in each window)...
      const shared = now.map((e) => e.label).filter((l) => then.some((t) => t.label === l));
      expect(shared.length).toBeGreaterThanOrEqual(3);
      expect(then.map((e) => e.label).filter((l) => shared.includes(l))).not.toEqual(shared);
      // ...and each keeps its colour, while the colours in one chart stay distinct.
      for (const label of shared) {
        expect(then.find((e) => e.label === label)?.colour, label).toBe(
          now.find((e) => e.label === label)?.colour,
        );
      }
      for (const list of [now, then]) expect(new Set(list.map((e) => e.colour)).size).toBe(list.length);
    },
    TEST_TIMEOUT,
  );

  it(
    "keeps the certification labels off the as-of line, and names whole where there is room",
    async () => {
      const { page, orgId } = await signedIn();
      const knowledge = requirement("knowledge").details as {
        people: { personId: string; name: string | null }[];
      };
      const people = knowledge.people.map((p) => p.name ?? p.personId);
      // Today, and dates that put the as-of line across other bars and labels.
      for (const date of [asOf, addDays(asOf, -75), addDays(asOf, 45), addMonths(asOf, -8)]) {
        await page.goto(`${workspace.url}/o/${orgId}${date === asOf ? "" : `?asOf=${date}`}`);
        await page.getByText(`readiness as of ${longDate(date)}`).waitFor();
        const chart = page.getByTestId("chart-certifications").locator("svg[role=img]");
        await chart.waitFor();
        const found = await chart.evaluate((svg) => {
          const box = (e: Element) => e.getBoundingClientRect();
          const lines = [...svg.querySelectorAll("line[data-line]")].map((l) => {
            const b = box(l);
            return {
              kind: l.getAttribute("data-line"),
              left: b.left,
              right: b.right,
              top: b.top,
              bottom: b.bottom,
            };
          });
          const labels = [...svg.querySelectorAll("text[data-label=certification]")].map((t) => {
            const b = box(t);
            return { text: t.textContent ?? "", left: b.left, right: b.right, top: b.top, bottom: b.bottom };
          });
          const rows = [...svg.querySelectorAll("text")]
            .filter((t) => t.getAttribute("x") === "8")
            .map((t) => t.textContent ?? "");
          return { lines, labels, rows };
        });
        expect(found.lines.map((l) => l.kind)).toContain("as-of");
        expect(found.labels.length).toBeGreaterThan(0);
        for (const label of found.labels) {
          for (const line of found.lines) {
            const overlaps =
              label.left < line.right &&
              label.right > line.left &&
              label.top < line.bottom &&
              label.bottom > line.top;
            expect(overlaps, `${date}: "${label.text}" crosses the ${line.kind} line`).toBe(false);
          }
        }
        // The people's names are written whole (the label column fits them at this width).
        expect(found.rows).toEqual(expect.arrayContaining(people));
        expect(found.rows.filter((r) => r.endsWith("…"))).toEqual([]);
        // A short certification name is never shortened.
        expect(found.labels.filter((l) => l.text.endsWith("…") && l.text.length <= 7)).toEqual([]);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "writes capability metric names and audit-plan steps whole, without overlap, at common widths",
    async () => {
      const { page, orgId } = await signedIn();
      const designation = requirement("designation").details as {
        areas: { metrics: { metric: string }[] }[];
      };
      const metrics = designation.areas.flatMap((a) => a.metrics.map((m) => m.metric));
      for (const width of [390, 768, 1366]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${workspace.url}/o/${orgId}`);
        const capability = page.getByTestId("chart-capability").locator("svg[role=img]");
        await capability.waitFor();
        const rows = await capability.evaluate((svg) =>
          [...svg.querySelectorAll("text[data-label=metric]")].map((t) => {
            const b = t.getBoundingClientRect();
            const track = t.parentElement?.querySelector("rect")?.getBoundingClientRect();
            return {
              text: [...t.querySelectorAll("tspan")].map((s) => s.textContent).join(" "),
              left: b.left,
              right: b.right,
              top: b.top,
              bottom: b.bottom,
              barLeft: track?.left ?? Number.POSITIVE_INFINITY,
              svgLeft: svg.getBoundingClientRect().left,
            };
          }),
        );
        expect(rows.map((r) => r.text).filter((t) => t !== "Total")).toEqual(metrics);
        for (const [i, r] of rows.entries()) {
          expect(r.text, `${width}px`).not.toContain("…");
          expect(r.left).toBeGreaterThanOrEqual(r.svgLeft);
          expect(r.right, `${width}px: "${r.text}" runs into its bar`).toBeLessThanOrEqual(r.barLeft);
          const next = rows[i + 1];
          if (next !== undefined && next.left < r.right) {
            expect(next.top, `${width}px: "${r.text}" and "${next.text}" overlap`).toBeGreaterThanOrEqual(
              r.bottom - 1,
            );
          }
        }

        await page.goto(`${workspace.url}/o/${orgId}/audit/plan`);
        const deadlines = page.getByTestId("chart-audit-deadlines").locator("svg[role=img]");
        await deadlines.waitFor();
        const plan = await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/audit/plan`);
        const stepNames = (plan.body as { timeline: { step: string }[] }).timeline.map((t) => t.step);
        const steps = await deadlines.evaluate((svg) => {
          const plotLeft = Math.min(
            ...[...svg.querySelectorAll("line")].map((l) => l.getBoundingClientRect().left),
          );
          return [...svg.querySelectorAll("text[data-label=step]")].map((t) => {
            const b = t.getBoundingClientRect();
            const band = t.parentElement?.querySelector("rect[fill=transparent]")?.getBoundingClientRect();
            return {
              text: [...t.querySelectorAll("tspan")].map((s) => s.textContent).join(" "),
              right: b.right,
              top: b.top,
              bottom: b.bottom,
              plotLeft,
              bandTop: band?.top ?? b.top,
              bandBottom: band?.bottom ?? b.bottom,
            };
          });
        });
        expect(steps.map((s) => s.text)).toEqual(stepNames);
        for (const st of steps) {
          expect(st.right, `${width}px: "${st.text}" runs into the timeline`).toBeLessThanOrEqual(
            st.plotLeft,
          );
          expect(st.top, `${width}px: "${st.text}" leaves its row`).toBeGreaterThanOrEqual(st.bandTop - 1);
          expect(st.bottom, `${width}px: "${st.text}" leaves its row`).toBeLessThanOrEqual(st.bandBottom + 1);
        }
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "signs out through the user menu, and the session is gone",
    async () => {
      const { page, orgId } = await signedIn();
      const dashboard = page.url();
      await page.getByRole("button", { name: /^Account: / }).click();
      await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
      await page.waitForURL(/\/sign-in(\?.*)?$/);
      await page.getByRole("heading", { name: "Sign in", level: 1 }).waitFor();

      await page.goto(dashboard);
      await page.waitForURL(/\/sign-in\?/);
      await page.getByRole("heading", { name: "Sign in", level: 1 }).waitFor();
      expect(new URL(page.url()).searchParams.get("next")).toBe(`/o/${orgId}`);
      expect(await page.getByRole("heading", { name: "Dashboard" }).count()).toBe(0);
      expect((await fetchInPage(page, "/api/session")).status).toBe(401);
      expect((await fetchInPage(page, `/api/orgs/${encodeURIComponent(orgId)}/evaluation`)).status).toBe(401);
    },
    TEST_TIMEOUT,
  );

  it(
    "works with the keyboard alone, with a visible focus",
    async () => {
      const { page, orgId } = await signedIn();
      // A fresh load, so that the focus starts at the top of the document.
      await page.goto(`${workspace.url}/o/${orgId}`);
      await card(page, cli.evaluation.requirements[3]?.title ?? "").waitFor();
      const seen: FocusedElement[] = [];
      const focus = async (): Promise<FocusedElement> => {
        const f = await focused(page);
        if (f === null) throw new Error("nothing has the focus");
        return f;
      };
      /** The focused element, once its focus indicator is drawn (Fluent's ring appears on keyboard use). */
      const focusShown = async (): Promise<FocusedElement> => {
        await expect
          .poll(async () => (await focus()).indicator, { timeout: 5_000 })
          .toBe(true)
          .catch(async () => {
            throw new Error(`no visible focus indicator on ${JSON.stringify(await focus())}`);
          });
        const f = await focus();
        seen.push(f);
        return f;
      };

      await page.keyboard.press("Tab");
      const skip = await focusShown();
      expect(skip.name).toBe("Skip to content");
      await page.keyboard.press("Enter");
      expect(await focus()).toMatchObject({ tag: "main", id: "main-content" });

      // The first stop in the main content is the as-of date (month, day, year in en-US): the right
      // arrow moves to the day, the down or up arrow changes it, and the URL follows.
      await page.keyboard.press("Tab");
      expect(await focusShown()).toMatchObject({ tag: "input", name: "As of", inMain: true });
      const day = Number(asOf.slice(8, 10));
      const expected = `${asOf.slice(0, 8)}${String(day > 1 ? day - 1 : 2).padStart(2, "0")}`;
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press(day > 1 ? "ArrowDown" : "ArrowUp");
      await expect.poll(() => new URL(page.url()).searchParams.get("asOf")).toBe(expected);
      await page.getByText(`readiness as of ${longDate(expected)}`).waitFor();
      expect(await focus()).toMatchObject({ tag: "input", name: "As of" });

      // Tab on through the page: the four "How this was computed" buttons in reading order.
      const explainNames = cli.evaluation.requirements.map((r) => `How this was computed: ${r.title}`);
      const reached: string[] = [];
      for (let i = 0; i < 40 && reached.length < explainNames.length; i++) {
        await page.keyboard.press("Tab");
        const f = await focusShown();
        expect(f.inMain, `${f.name} is in the main content`).toBe(true);
        if (!f.name.startsWith("How this was computed: ")) continue;
        reached.push(f.name);
        if (reached.length === 1) {
          // Enter opens the explanation, Escape closes it and gives the focus back.
          await page.keyboard.press("Enter");
          const dialog = page.getByRole("dialog");
          await dialog.getByRole("heading", { name: f.name }).waitFor();
          await page.keyboard.press("Escape");
          await dialog.waitFor({ state: "detached" });
          await expect.poll(async () => (await focus()).name).toBe(f.name);
        }
      }
      expect(reached).toEqual(explainNames);

      // The organization's navigation is reachable backwards; Enter on "Imports" goes there.
      for (let i = 0; i < 30 && (await focus()).name !== "Imports"; i++) {
        await page.keyboard.press("Shift+Tab");
        await focusShown();
      }
      const imports = await focus();
      expect(imports).toMatchObject({
        tag: "a",
        name: "Imports",
        inMain: false,
        href: `/o/${orgId}/imports`,
      });
      await page.keyboard.press("Enter");
      await page.waitForURL(`**/o/${orgId}/imports`);
      await page.getByRole("heading", { name: "Imports", level: 1 }).waitFor();
      await expect.poll(async () => (await focus()).name).toBe("Imports");
      expect((await focus()).tag).toBe("h1");

      const names = seen.map((f) => f.name);
      expect(names).toEqual(
        expect.arrayContaining([
          "Skip to content",
          "As of",
          "Today",
          "Copy link to this dashboard",
          ...explainNames,
          "Settings",
          "Activity",
          "Members",
          "Imports",
        ]),
      );
      expect(seen.filter((f) => !f.indicator)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "invites a viewer, who sees the dashboard but cannot import or administer",
    async () => {
      const { page, orgId } = await signedIn();
      const nav = page.getByRole("navigation", { name: "Organization" });
      await nav.getByRole("link", { name: "Members" }).click();
      await page.getByRole("heading", { name: "Members", level: 1 }).waitFor();
      const form = page.getByRole("form", { name: "Invite someone" });
      await form.getByLabel("Email").fill("vera.viewer@adatum.example");
      const role = form.getByRole("combobox", { name: /Role/ });
      await role.click();
      await page.getByRole("option", { name: "Viewer", exact: true }).click();
      await expect.poll(() => textOf(role)).toContain("Viewer");
      await form.getByRole("button", { name: "Create invitation" }).click();
      const linkField = page.getByRole("textbox", { name: "Invitation link" });
      await linkField.waitFor();
      const link = await linkField.inputValue();
      expect(link).toMatch(new RegExp(`^${escapeRegExp(workspace.url)}/invite/`));

      // The invited person: another browser context, no session.
      const viewer = (await newPage()).page;
      await viewer.goto(link);
      await viewer.getByRole("heading", { name: /^Join / }).waitFor();
      expect(await textOf(viewer.getByText("You are invited as"))).toContain("Viewer");
      await viewer.getByLabel("Your name").fill("Vera Viewer");
      await viewer.getByLabel("Password").fill("a viewer's long password");
      await viewer.getByRole("button", { name: /^Join / }).click();
      await viewer.waitForURL(`**/o/${orgId}`);
      await viewer.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      await expectDashboardShows(viewer, cli.evaluation);

      const viewerNav = viewer.getByRole("navigation", { name: "Organization" });
      // Every page but the partner admins' (members, activity, settings).
      expect(await viewerNav.getByRole("link").allTextContents()).toEqual([
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
      await viewerNav.getByRole("link", { name: "Imports" }).click();
      await viewer.getByRole("heading", { name: "Imports", level: 1 }).waitFor();
      await viewer.getByRole("table", { name: "Import history" }).waitFor();
      expect(await viewer.getByRole("region", { name: "Import a file" }).count()).toBe(0);
      expect(await viewer.getByLabel("File to import").count()).toBe(0);
      expect(await viewer.getByRole("button", { name: /^Undo/ }).count()).toBe(0);
      // The customer project register and the evidence are readable by every role, changed by none here.
      await viewerNav.getByRole("link", { name: "Customer projects" }).click();
      await viewer.getByRole("heading", { name: "Customer projects", level: 1 }).waitFor();
      await viewer.getByText("customer-projects", { exact: false }).first().waitFor();
      expect(await viewer.getByRole("button", { name: /^Add (the first )?project$/ }).count()).toBe(0);
      expect(await viewer.getByRole("button", { name: /^Edit / }).count()).toBe(0);
      await viewerNav.getByRole("link", { name: "Evidence" }).click();
      await viewer.getByRole("heading", { name: "Evidence", level: 1 }).waitFor();
      expect(await viewer.getByRole("button", { name: /^Add (the first )?evidence$/ }).count()).toBe(0);

      // The admin sees the new member.
      await page.reload();
      await page.getByRole("table", { name: "Members" }).getByText("Vera Viewer").waitFor();
    },
    TEST_TIMEOUT,
  );
});

/** A CSV row with its last field replaced (ACR_USD is the demo export's last column). */
function replaceLastField(row: string, value: string): string {
  const trimmed = row.replace(/\r$/, "");
  return `${trimmed.slice(0, trimmed.lastIndexOf(",") + 1)}${value}${row.endsWith("\r") ? "\r" : ""}`;
}

function longDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(
    Date.UTC(y, m - 1, d),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
