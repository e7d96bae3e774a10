import {
  type AnchorHTMLAttributes,
  forwardRef,
  type MouseEvent,
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from "react";
import { isBrowserHandledClick } from "./match-path";

/**
 * A small router on the History API: the URL is the state (`useLocation`), `navigate` pushes or
 * replaces it, links are real `<a href>` elements so middle-click, "open in new tab" and the keyboard
 * behave as on any page. Route matching lives in match-path.ts.
 */

export interface AppLocation {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  /** Increases on every in-app navigation; 0 on the page's first load (focus stays where the browser put it). */
  readonly navigation: number;
}

const listeners = new Set<() => void>();
let navigationCount = 0;
let snapshot: AppLocation = read(0);

function read(navigation: number): AppLocation {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash, navigation };
}

function publish(): void {
  snapshot = read(navigationCount);
  for (const l of listeners) l();
}

window.addEventListener("popstate", () => {
  navigationCount++;
  publish();
});

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one (redirects, filters, the as-of date). */
  readonly replace?: boolean;
  /** Move focus to the new page's heading and scroll to the top (default true). */
  readonly newPage?: boolean;
  /**
   * Where the new page puts the focus: its heading (the default), or the start of the page, its skip
   * link (`useFocusAtStart`), when the whole frame around the page is new, as after signing in: a
   * keyboard or screen-reader user then starts where the page starts, with the navigation ahead.
   */
  readonly focus?: "heading" | "start";
}

/** The in-app navigation whose page puts the focus at its start rather than on its heading. */
let focusAtStartOf = -1;

/** Goes to an in-app URL ("/o/1/imports?x=1"). */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const current = window.location.pathname + window.location.search + window.location.hash;
  if (to === current) return;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  const newPage = options.newPage ?? true;
  if (newPage) {
    navigationCount++;
    if (options.focus === "start") focusAtStartOf = navigationCount;
    window.scrollTo(0, 0);
  }
  publish();
}

export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, () => snapshot);
}

export function useSearchParams(): URLSearchParams {
  const { search } = useLocation();
  return useMemo(() => new URLSearchParams(search), [search]);
}

/** Sets (or with null removes) query parameters of the current URL, replacing the history entry. */
export function setSearchParams(values: Readonly<Record<string, string | null>>): void {
  const params = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === "") params.delete(k);
    else params.set(k, v);
  }
  const text = params.toString();
  navigate(`${window.location.pathname}${text === "" ? "" : `?${text}`}${window.location.hash}`, {
    replace: true,
    newPage: false,
  });
}

/** The click handler that turns a plain click on an `<a href>` into an in-app navigation. */
export function useLinkClick(
  href: string,
  onClick?: (event: MouseEvent<HTMLAnchorElement>) => void,
): (event: MouseEvent<HTMLAnchorElement>) => void {
  return useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      onClick?.(event);
      const target = event.currentTarget.getAttribute("target");
      if (isBrowserHandledClick(event, target, href, window.location.origin)) return;
      event.preventDefault();
      navigate(href);
    },
    [href, onClick],
  );
}

export interface RouterLinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> {
  readonly to: string;
}

/** A plain `<a>` that navigates in the app on a plain click. */
export const RouterLink = forwardRef<HTMLAnchorElement, RouterLinkProps>(function RouterLink(
  { to, onClick, ...rest },
  ref,
) {
  const handle = useLinkClick(to, onClick);
  return <a ref={ref} href={to} onClick={handle} {...rest} />;
});

/** Redirects (replacing the history entry) as soon as it renders. */
export function Redirect({ to }: { readonly to: string }): null {
  useLayoutEffect(() => {
    navigate(to, { replace: true });
  }, [to]);
  return null;
}

/**
 * Moves focus to `ref` when a page is reached by an in-app navigation, so keyboard and screen-reader
 * users start at the new page's heading instead of on the link they left.
 */
export function useFocusOnNavigation(ref: RefObject<HTMLElement | null>): void {
  const { navigation } = useLocation();
  const focused = useRef(-1);
  useEffect(() => {
    if (navigation === 0 || focused.current === navigation || navigation === focusAtStartOf) return;
    focused.current = navigation;
    ref.current?.focus({ preventScroll: true });
  }, [navigation, ref]);
}

/**
 * Moves focus to `ref` (the skip link) when the page was reached by a navigation that asked for the
 * focus at the start of the page (`navigate(to, { focus: "start" })`).
 */
export function useFocusAtStart(ref: RefObject<HTMLElement | null>): void {
  const { navigation } = useLocation();
  const focused = useRef(-1);
  useEffect(() => {
    if (navigation !== focusAtStartOf || focused.current === navigation) return;
    focused.current = navigation;
    ref.current?.focus({ preventScroll: true });
  }, [navigation, ref]);
}
