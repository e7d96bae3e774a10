/*
 * The dashboard's first requests, started before the app's code has arrived and run. index.html's first
 * script is this module's own small chunk (it imports nothing, see vite.config.ts); the app's chunks
 * (React, Fluent UI) take a few hundred milliseconds more to arrive, compile and run, and only then
 * would the app ask for the session, and the page's data after it. On the dashboard's address
 * (`/o/{org}` without a query) this asks for the session at once and, as soon as it names that
 * organization with the right to read its evaluation, for what the page reads first (the same URLs
 * as app/first-load.ts asks for: the app takes these answers instead of asking again).
 *
 * Only there, and nothing the server would refuse: a signed-out browser gets its 401 for the session
 * only, as it would from the app; on any other address (sign-in, an invitation, a reset link) nothing
 * is asked for. The answers are for the app's first load only (lib/api-client.ts forgets those it
 * did not take), so a 401 from before signing in never answers a later read.
 */

/** What this module started, on `window.__specreadyFirstRequests` until the app takes it. */
export interface FirstRequests {
  /** The answer to GET /api/session (its body unread). */
  readonly session: Promise<Response>;
  /** Once the session is known: the page's requests by URL (none when signed out or not allowed). */
  readonly page: Promise<ReadonlyMap<string, Promise<Response>>>;
}

declare global {
  interface Window {
    /** Set by this module (index.html's first script), taken by app/first-load.ts. */
    __specreadyFirstRequests?: FirstRequests;
  }
}

/** `YYYY-MM-DD` of the person's own day, as lib/format.ts's `todayIso` (the dashboard's default date). */
export function localToday(clock: Date = new Date()): string {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(clock.getFullYear(), 4)}-${pad(clock.getMonth() + 1, 2)}-${pad(clock.getDate(), 2)}`;
}

/** The organization id of a dashboard address without a query (`/o/{org}`), else null. */
export function dashboardOrg(pathname: string, search: string): string | null {
  if (search !== "" && search !== "?") return null;
  const m = /^\/o\/([A-Za-z0-9-]+)\/?$/.exec(pathname);
  return m === null ? null : (m[1] as string);
}

/**
 * The API URLs the dashboard of `orgId` reads first, given the session's JSON: none unless the session
 * lists the organization with `evaluation.read` among its allowed actions (the app's rule).
 */
export function dashboardRequests(orgId: string, session: unknown, today: string): string[] {
  const orgs = (session as { organizations?: unknown } | null)?.organizations;
  if (!Array.isArray(orgs)) return [];
  const org = orgs.find((o) => (o as { id?: unknown } | null)?.id === orgId) as
    | { allowedActions?: unknown }
    | undefined;
  const actions = Array.isArray(org?.allowedActions) ? (org.allowedActions as unknown[]) : [];
  if (!actions.includes("evaluation.read")) return [];
  const base = `/api/orgs/${encodeURIComponent(orgId)}`;
  const urls = [`${base}/dashboard?asOf=${today}`, `${base}/getting-started`];
  if (actions.includes("capability-score.read")) urls.push(`${base}/capability-score`);
  // The specializations pursued: their summary is drawn above the cards, in the same first render.
  if (actions.includes("organization.read")) urls.push(`${base}/specializations`);
  return urls;
}

function get(url: string): Promise<Response> {
  return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
}

/**
 * The dashboard's chunks (the build lists them on this script's tag, see vite.config.ts) as module
 * preloads: fetched and compiled now rather than once the app's code has run and asks for them.
 */
function preloadDashboardChunks(): void {
  const tag = document.querySelector<HTMLScriptElement>("script[data-dashboard-chunks]");
  for (const href of tag?.dataset.dashboardChunks?.split(" ") ?? []) {
    if (!href.startsWith("/assets/")) continue;
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    document.head.append(link);
  }
}

/** Starts the requests for the page at `location`; undefined on any other page than the dashboard. */
export function startFirstRequests(location: {
  readonly pathname: string;
  readonly search: string;
}): FirstRequests | undefined {
  const orgId = dashboardOrg(location.pathname, location.search);
  if (orgId === null) return undefined;
  const today = localToday();
  const session = get("/api/session");
  preloadDashboardChunks();
  // Unhandled rejections stay the app's: it reads `session` itself.
  session.catch(() => undefined);
  const page = session
    .then(async (response) => {
      const requests = new Map<string, Promise<Response>>();
      if (!response.ok) return requests;
      const body: unknown = await response.clone().json();
      requests.set("/api/session/two-factor", get("/api/session/two-factor"));
      for (const url of dashboardRequests(orgId, body, today)) requests.set(url, get(url));
      for (const r of requests.values()) r.catch(() => undefined);
      return requests;
    })
    .catch(() => new Map<string, Promise<Response>>());
  warmUpDates();
  return { session, page };
}

/**
 * A renderer's first `Intl` object costs 15–100 ms (the locale data loaded; 0.1–0.5 ms after), and the
 * dashboard's first render makes one for its dates. Made here when the main thread is idle (while the
 * app's chunks are still arriving), it is out of that render; when it is never idle first, it is made
 * after the render, at no cost then.
 */
function warmUpDates(): void {
  if (typeof requestIdleCallback !== "function") return;
  requestIdleCallback(() => {
    new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeZone: "UTC" }).format(0);
  });
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  const started = startFirstRequests(window.location);
  if (started !== undefined) window.__specreadyFirstRequests = started;
}
