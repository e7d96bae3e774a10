import type { QueryClient } from "@tanstack/react-query";
import { can } from "../api/allowed-actions";
import { type SessionOrganization, sessionQuery, twoFactorQuery } from "../features/auth/api";
import { capabilityScoreQuery } from "../features/capability-score/api";
import { dashboardAsOf, dashboardQuery } from "../features/dashboard/api";
import { gettingStartedQuery } from "../features/getting-started/api";
import { specializationsQuery } from "../features/specializations/api";
import { adoptEarlyAnswers, forgetEarlyAnswers } from "../lib/api-client";
import { matchRoutes } from "../lib/router/match-path";
import { preloadShell } from "./app";
import { routes } from "./routes";

/*
 * The first load's data, asked for before React renders: otherwise the session is asked for once the
 * app has rendered, and a page's data once the page's code has arrived and rendered after the session,
 * one request after the other. Here the session is asked for at once, and as soon
 * as it names the organization of the address, the page's own data is asked for too, while the page's
 * code is still arriving. The page then finds the answers in the query cache (the same query keys), or
 * the requests under way.
 * Only for an organization the person belongs to, and what their allowed actions there include: a
 * signed-out browser or another organization's address asks for nothing the server would refuse.
 */

/** What each page of an organization reads as it opens, by route id (only the dashboard so far). */
const PAGE_DATA: Readonly<
  Record<string, (client: QueryClient, org: SessionOrganization, search: URLSearchParams) => void>
> = {
  dashboard: (client, org, search) => {
    if (!can(org, "evaluation.read")) return;
    // The specialization the address names; without one the page shows the first pursued, which is
    // the AI Platform's unless the organization pursues only others (then this one read is wasted).
    const specialization = search.get("specialization") ?? undefined;
    void client.prefetchQuery(dashboardQuery(org.id, dashboardAsOf(search), specialization));
    void client.prefetchQuery(gettingStartedQuery(org.id));
    if (can(org, "capability-score.read")) void client.prefetchQuery(capabilityScoreQuery(org.id));
    if (can(org, "organization.read")) void client.prefetchQuery(specializationsQuery(org.id));
  },
};

/**
 * Starts the requests the page at `location` needs first, and loads the code of its first render: the
 * page's chunk, and the signed-in frame's for a signed-in person. Resolves once the session is known,
 * the page's data is asked for, and those chunks are in (or failed: the app then shows it), so that the
 * first render draws the frame and the page in one pass rather than a fallback first (React keeps a
 * Suspense fallback on screen at least 300 ms). Never rejects (a failed request is the page's to show,
 * as it asks again).
 * (Not a `<link rel=preload>` of /api/session in index.html: on a page that never reads it, such as an
 * invitation, the preloaded 401 stays in the page's memory and answers the next read of the session
 * after signing in.)
 */
export async function prefetchFirstLoad(
  client: QueryClient,
  location: { readonly pathname: string; readonly search: string },
): Promise<void> {
  const match = matchRoutes(routes, location.pathname);
  if (match === null) return;
  const page = match.route.preload().catch(() => undefined);
  if (match.route.access === "public") {
    await page;
    return;
  }
  // What index.html's first script asked for already (the dashboard's address only): taken once.
  const early = typeof window === "undefined" ? undefined : window.__specreadyFirstRequests;
  if (early !== undefined) delete window.__specreadyFirstRequests;
  try {
    if (early !== undefined) adoptEarlyAnswers(new Map([["/api/session", early.session]]));
    // No retries here: on a failure the app renders at once, and its own query retries and says so.
    const session = client.fetchQuery({ ...sessionQuery, retry: false });
    const shell = preloadShell().catch(() => undefined);
    const signedIn = await session.catch(() => null);
    if (signedIn === null) return;
    if (early !== undefined) adoptEarlyAnswers(await early.page);
    void client.prefetchQuery(twoFactorQuery);
    const orgId = match.params.orgId;
    const load = PAGE_DATA[match.route.id];
    const org = orgId === undefined ? undefined : signedIn.organizations.find((o) => o.id === orgId);
    if (org !== undefined && load !== undefined) load(client, org, new URLSearchParams(location.search));
    // The page's requests above took their early answers as they started; nothing later may.
    forgetEarlyAnswers();
    await Promise.all([page, shell]);
  } finally {
    forgetEarlyAnswers();
  }
}
