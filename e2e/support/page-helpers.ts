import type { Browser, BrowserContext, Locator, Page } from "playwright-core";

/** How long a visible state may take to appear (a 2-core machine running other tests alongside). */
export const UI_TIMEOUT = 20_000;

export interface OpenPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors of the page's scripts: each test asserts there are none. */
  readonly pageErrors: Error[];
}

/**
 * A fresh context (no cookies) with one page: English (United States), the test process's time zone so
 * that the browser's "today" is the server's, and a desktop-sized window.
 */
export async function openPage(browser: Browser): Promise<OpenPage> {
  const context = await browser.newContext({
    locale: "en-US",
    timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone,
    viewport: { width: 1366, height: 900 },
    reducedMotion: "reduce",
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  context.setDefaultNavigationTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  return { context, page, pageErrors };
}

/** Signs in through the sign-in page and waits for the organization's dashboard; returns the org id. */
export async function signIn(page: Page, login: { email: string; password: string }): Promise<string> {
  await page.getByRole("heading", { name: "Sign in", level: 1 }).waitFor();
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/o\/[^/?#]+(\?.*)?$/);
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  const id = new URL(page.url()).pathname.split("/")[2];
  if (id === undefined || id === "") throw new Error(`no organization in ${page.url()}`);
  return decodeURIComponent(id);
}

/**
 * The demo's partner admin, signed in on a page of their own (added to `open` for the test to close),
 * invites `email` as `role`: the admin's page, the organization's id and the invitation's `url` (absent
 * when it went by e-mail only).
 */
export async function demoAdminInvites(
  browser: Browser,
  workspace: { readonly url: string; readonly demo?: { email: string; password: string } | undefined },
  open: OpenPage[],
  invitation: { readonly email: string; readonly role: string },
): Promise<{ admin: OpenPage; orgId: string; url: string | undefined }> {
  if (workspace.demo === undefined) throw new Error("the workspace has no demo login");
  const admin = await openPage(browser);
  open.push(admin);
  await admin.page.goto(`${workspace.url}/sign-in`);
  const orgId = await signIn(admin.page, workspace.demo);
  const invited = await postInPage(
    admin.page,
    `/api/orgs/${encodeURIComponent(orgId)}/invitations`,
    invitation,
  );
  if (invited.status !== 201) throw new Error(`the invitation was refused: ${JSON.stringify(invited)}`);
  return { admin, orgId, url: (invited.body as { url?: string }).url };
}

/** An invited person opens the invitation's page and joins with a new account; waits for the workspace. */
export async function joinWithPassword(
  page: Page,
  invitationUrl: string,
  name: string,
  password: string,
): Promise<void> {
  await page.goto(invitationUrl);
  await page.getByRole("heading", { name: /^Join / }).waitFor({ timeout: UI_TIMEOUT });
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /^Join / }).click();
  await page.waitForURL(/\/o\/[^/?#]+/, { timeout: UI_TIMEOUT });
}

/** An element's text with its white space collapsed. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** A GET of the API from within the page, with the page's session cookie. */
export function fetchInPage(page: Page, path: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { Accept: "application/json" } });
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
  }, path);
}

/**
 * A POST (or PUT, PATCH) of the API from within the page, with the page's session cookie and its CSRF token, as the
 * app sends it: what the server answers a person who goes around the user interface.
 */
export function postInPage(
  page: Page,
  path: string,
  body: unknown,
  method: "POST" | "PUT" | "PATCH" = "POST",
): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ p, b, m }) => {
      const session = (await (await fetch("/api/session")).json()) as { csrfToken: string };
      const response = await fetch(p, {
        method: m,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrfToken },
        body: JSON.stringify(b),
      });
      const text = await response.text();
      return { status: response.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
    },
    { p: path, b: body, m: method },
  );
}

export interface FocusedElement {
  readonly tag: string;
  readonly id: string;
  /** Its accessible name as far as the app gives one: aria-label, aria-labelledby, a <label>, or its text. */
  readonly name: string;
  readonly href: string | null;
  /** Inside the page's <main>. */
  readonly inMain: boolean;
  /**
   * A focus indicator is drawn: an outline or box shadow, or a focus ring drawn by a pseudo-element. For
   * a link: a solid outline at least 2px wide whose colour contrasts at least 3:1 with the background
   * behind the link (WCAG 2.2 Focus Appearance); an underline style alone does not count.
   */
  readonly indicator: boolean;
}

/** What `document.activeElement` is, and whether it shows that it has the focus. */
export function focused(page: Page): Promise<FocusedElement | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (el === null || el === document.body || !(el instanceof HTMLElement || el instanceof SVGElement))
      return null;
    const text = (node: Element | null) => (node?.textContent ?? "").replace(/\s+/g, " ").trim();
    const labelledBy = el.getAttribute("aria-labelledby");
    const label =
      el.getAttribute("aria-label") ??
      (labelledBy === null
        ? null
        : labelledBy
            .split(/\s+/)
            .map((id) => text(document.getElementById(id)))
            .join(" ")) ??
      (el instanceof HTMLInputElement && el.labels !== null && el.labels.length > 0
        ? text(el.labels[0] ?? null)
        : null) ??
      text(el);

    const transparent = (color: string) =>
      color === "transparent" || /rgba\([^)]*,\s*0\)$/.test(color.replace(/\s+/g, " "));
    // WCAG relative luminance and contrast of opaque rgb() colours.
    const rgb = (color: string): [number, number, number] | null => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color);
      if (m === null || (m[4] !== undefined && Number(m[4]) < 1)) return null;
      return [Number(m[1]), Number(m[2]), Number(m[3])];
    };
    const luminance = ([r, g, b]: [number, number, number]) => {
      const c = (v: number) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
    };
    const contrast = (a: [number, number, number], b: [number, number, number]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    /** The first opaque background behind an element (white when none is set). */
    const backgroundBehind = (node: Element): [number, number, number] => {
      for (let n: Element | null = node.parentElement; n !== null; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c !== null) return c;
      }
      return [255, 255, 255];
    };
    if (el.tagName === "A") {
      const cs = getComputedStyle(el);
      const ring = rgb(cs.outlineColor);
      const indicator =
        (cs.outlineStyle === "solid" || cs.outlineStyle === "auto") &&
        Number.parseFloat(cs.outlineWidth) >= 2 &&
        ring !== null &&
        contrast(ring, backgroundBehind(el)) >= 3;
      return {
        tag: "a",
        id: el.id,
        name: label.replace(/\s+/g, " ").trim().slice(0, 120),
        href: el.getAttribute("href"),
        inMain: document.querySelector("main")?.contains(el) ?? false,
        indicator,
      };
    }
    const drawn = (target: Element, pseudo: string | null): boolean => {
      const cs = getComputedStyle(target, pseudo);
      if (pseudo !== null && (cs.content === "none" || cs.content === "normal")) return false;
      if (cs.display === "none" || cs.visibility === "hidden") return false;
      if (
        cs.outlineStyle !== "none" &&
        Number.parseFloat(cs.outlineWidth) > 0 &&
        !transparent(cs.outlineColor)
      )
        return true;
      if (cs.boxShadow !== "none" && cs.boxShadow !== "") return true;
      if (pseudo === null) return false;
      // Fluent UI draws its focus ring (buttons) or underline (inputs) as a bordered ::after.
      if (cs.transform.startsWith("matrix(0,")) return false;
      return (["Top", "Right", "Bottom", "Left"] as const).some(
        (side) =>
          cs.getPropertyValue(`border-${side.toLowerCase()}-style`) !== "none" &&
          Number.parseFloat(cs.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0 &&
          !transparent(cs.getPropertyValue(`border-${side.toLowerCase()}-color`)),
      );
    };
    const targets: Element[] = [el];
    // A text field's or a dropdown's focus underline belongs to its wrapper (`:focus-within`).
    if (el.matches("input, textarea, [role=combobox]") && el.parentElement !== null)
      targets.push(el.parentElement);
    const indicator = targets.some((t) => [null, "::after", "::before"].some((p) => drawn(t, p)));
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: label.replace(/\s+/g, " ").trim().slice(0, 120),
      href: el.getAttribute("href"),
      inMain: document.querySelector("main")?.contains(el) ?? false,
      indicator,
    };
  });
}

/** "2026-09" → "September 2026" (long) or "Sep 2026" (short), as the app writes a month in en-US. */
export function monthInWords(month: string, style: "long" | "short" = "long"): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat("en-US", { month: style, year: "numeric", timeZone: "UTC" }).format(
    Date.UTC(y, m - 1, 1),
  );
}

/**
 * Presses Tab (Shift+Tab with `backwards`) until `target` has the focus, as a keyboard user moves
 * through a page: a locator (found by its accessible name, as a screen reader names it) or the name
 * `focused` reads. Fails naming what was passed when it is not reached in `max` presses.
 */
export async function tabTo(
  page: Page,
  target: Locator | string | RegExp,
  options: { backwards?: boolean; max?: number } = {},
): Promise<FocusedElement | null> {
  const reached = async (f: FocusedElement | null): Promise<boolean> => {
    if (typeof target === "string") return f !== null && f.name === target;
    if (target instanceof RegExp) return f !== null && target.test(f.name);
    return (await target.count()) === 1 && target.evaluate((el) => el === document.activeElement);
  };
  const passed: string[] = [];
  let f = await focused(page);
  for (let i = 0; !(await reached(f)); i++) {
    if (i === (options.max ?? 60))
      throw new Error(`${String(target)} was not reached with the keyboard; passed ${passed.join(", ")}`);
    await page.keyboard.press(options.backwards ? "Shift+Tab" : "Tab");
    f = await focused(page);
    passed.push(f === null ? "(nothing)" : `${f.tag} "${f.name}"`);
  }
  return f;
}
