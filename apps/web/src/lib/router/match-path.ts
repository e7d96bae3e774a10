/**
 * Path matching for the app's small history-API router: patterns such as `/o/:orgId/imports`, where a
 * `:name` segment matches one non-empty path segment. A trailing slash is ignored; matching is exact
 * otherwise (no prefixes, no wildcards), so the route table reads as the list of the app's URLs.
 */

export type PathParams = Readonly<Record<string, string>>;

function segments(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

/** The params of `pathname` under `pattern`, or null when it does not match. */
export function matchPath(pattern: string, pathname: string): PathParams | null {
  const want = segments(pattern);
  const have = segments(pathname);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(":")) {
      let value: string;
      try {
        value = decodeURIComponent(h);
      } catch {
        return null;
      }
      params[w.slice(1)] = value;
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}

/** The first route whose pattern matches, with its params. */
export function matchRoutes<R extends { readonly path: string }>(
  routes: readonly R[],
  pathname: string,
): { route: R; params: PathParams } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params !== null) return { route, params };
  }
  return null;
}

/** Fills a pattern's params, encoding each: `buildPath("/o/:orgId", {orgId: "a b"})` → `/o/a%20b`. */
export function buildPath(pattern: string, params: Readonly<Record<string, string>> = {}): string {
  const path = segments(pattern)
    .map((s) => {
      if (!s.startsWith(":")) return s;
      const value = params[s.slice(1)];
      if (value === undefined) throw new Error(`buildPath: no value for ${s} in ${pattern}`);
      return encodeURIComponent(value);
    })
    .join("/");
  return `/${path}`;
}

/** `withQuery("/o/1", {asOf: "2025-09-10", x: undefined})` → `/o/1?asOf=2025-09-10`. */
export function withQuery(path: string, query: Readonly<Record<string, string | null | undefined>>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") search.set(k, v);
  const text = search.toString();
  return text === "" ? path : `${path}?${text}`;
}

/**
 * Whether a click on a link should be left to the browser: another button, a modifier key (new tab or
 * window, download), a target other than this window, or another origin.
 */
export function isBrowserHandledClick(
  event: {
    readonly button: number;
    readonly metaKey: boolean;
    readonly altKey: boolean;
    readonly ctrlKey: boolean;
    readonly shiftKey: boolean;
    readonly defaultPrevented: boolean;
  },
  target: string | null | undefined,
  href: string,
  origin: string,
): boolean {
  if (event.defaultPrevented || event.button !== 0) return true;
  if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return true;
  if (target !== null && target !== undefined && target !== "" && target !== "_self") return true;
  try {
    return new URL(href, origin).origin !== origin;
  } catch {
    return true;
  }
}

/**
 * A `next` parameter is followed only when it is a path of this app: never another origin
 * (`//evil.example`, `https://…`), so the sign-in page cannot be used to send people elsewhere.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (next === null || next === undefined) return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next.startsWith("/api/") || next === "/api") return null;
  return next;
}
