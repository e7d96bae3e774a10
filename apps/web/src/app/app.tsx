import {
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { type QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, Suspense, useEffect, useMemo, useState } from "react";
import { ErrorMessage } from "../components/error-message";
import { PageLoading } from "../components/page-loading";
import { sessionKey, useSession, useSetupStatus, useTwoFactorStatus } from "../features/auth/api";
import { setSignInRefusedHandler, setUnauthorizedHandler } from "../lib/api-client";
import { lazyComponent } from "../lib/lazy-component";
import { matchRoutes, withQuery } from "../lib/router/match-path";
import { navigate, Redirect, useLocation } from "../lib/router/router";
import { ErrorBoundary } from "./error-boundary";
import { PublicLayout } from "./layout/public-layout";
import { NotFoundPage } from "./not-found-page";
import { OrgContext, SessionContext } from "./org-context";
import { createQueryClient } from "./query-client";
import { RouteParamsContext } from "./route-params";
import { type AppRoute, mayOpen, routes } from "./routes";

// Not on the FluentProvider itself: its class is copied onto every portal (menus, listboxes, dialogs),
// and a full-height background there would cover the page.
const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
});

/*
 * A link with the keyboard focus is outlined: a solid 2px ring in the focus colour, 2px off the text, so
 * its focus mark is at least as large as a 2px perimeter of the link and contrasts with the page (WCAG
 * 2.2 Focus Appearance, 2.4.13). Fluent's own mark for a link is a double underline in that colour,
 * which is thin and reads like a text style. The doubled class outranks Fluent's rule that removes the
 * outline; links with a focus style of their own (navigation, skip link) keep theirs.
 */
const LINK_FOCUS = {
  outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
  outlineOffset: "2px",
  borderRadius: tokens.borderRadiusSmall,
};
const useLinkFocusStyles = makeStaticStyles({
  "a:focus-visible": LINK_FOCUS,
  ".fui-Link.fui-Link:focus-visible": LINK_FOCUS,
});

// The signed-in frame (top bar, menus, organization switcher) is its own chunk: the sign-in page does
// not need it, and it loads in parallel with the page's chunk.
const shell = lazyComponent(
  () => import("./layout/app-shell"),
  (module) => module.AppShell,
);
const AppShell = shell.Component;
/** Loads the signed-in frame's chunk (main.tsx awaits it before the first render of a signed-in page). */
export const preloadShell = shell.preload;

const PUBLIC_PATHS = /^\/(sign-in|setup|invite\/|verify-email\/)/;

/** Sends the person to the sign-in page when the API says the session is gone. */
function UnauthorizedRedirect() {
  const client = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      client.setQueryData(sessionKey, null);
      const { pathname, search } = window.location;
      if (PUBLIC_PATHS.test(pathname)) return;
      navigate(withQuery("/sign-in", { next: pathname === "/" ? null : pathname + search }), {
        replace: true,
      });
    });
    return () => setUnauthorizedHandler(null);
  }, [client]);
  return null;
}

/**
 * Sends the person to a page that explains it when an organization refuses the way they signed in
 * (it requires Microsoft and this is a password session, or it refuses their Microsoft tenant), as a
 * missing two-factor sign-in is sent to its set-up page. Only from an organization's pages: elsewhere
 * (signing in, the list of organizations) the answer is shown where it happened.
 */
function SignInRefusedRedirect() {
  useEffect(() => {
    setSignInRefusedHandler((reason) => {
      if (!window.location.pathname.startsWith("/o/")) return;
      navigate(withQuery("/account/microsoft-sign-in", { reason }), { replace: true });
    });
    return () => setSignInRefusedHandler(null);
  }, []);
  return null;
}

/** The app; `client` holds what was asked for before it rendered (main.tsx), else it makes its own. */
export function App({ client: given }: { readonly client?: QueryClient } = {}) {
  const styles = useStyles();
  useLinkFocusStyles();
  const [client] = useState(() => given ?? createQueryClient());
  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.root}>
        <QueryClientProvider client={client}>
          <UnauthorizedRedirect />
          <SignInRefusedRedirect />
          <AppRouter />
        </QueryClientProvider>
      </div>
    </FluentProvider>
  );
}

function Page({ route, pathname }: { readonly route: AppRoute; readonly pathname: string }) {
  const P = route.page;
  return (
    <ErrorBoundary key={pathname}>
      <Suspense fallback={<PageLoading />}>
        <P />
      </Suspense>
    </ErrorBoundary>
  );
}

function AppRouter() {
  const location = useLocation();
  const match = matchRoutes(routes, location.pathname);
  if (match === null) {
    return (
      <SignedIn routeId={null} orgId={null}>
        <NotFoundPage />
      </SignedIn>
    );
  }
  const { route, params } = match;
  // Start both downloads now rather than one after the other (memoized: no repeated requests).
  route.preload().catch(() => undefined);
  if (route.access !== "public") preloadShell().catch(() => undefined);
  const page = <Page route={route} pathname={location.pathname} />;
  if (route.access === "public") {
    return (
      <RouteParamsContext.Provider value={params}>
        <PublicLayout wide={route.id === "setup"}>{page}</PublicLayout>
      </RouteParamsContext.Provider>
    );
  }
  return (
    <RouteParamsContext.Provider value={params}>
      <SignedIn routeId={route.id} orgId={route.access === "signed-in" ? null : (params.orgId ?? null)}>
        {page}
      </SignedIn>
    </RouteParamsContext.Provider>
  );
}

/** Nobody is signed in: first-run setup while the installation has no account, else the sign-in page. */
function SignedOut() {
  const setup = useSetupStatus();
  const { pathname, search } = useLocation();
  if (setup.isPending) return <PageLoading />;
  if (setup.data?.needsSetup) return <Redirect to="/setup" />;
  return <Redirect to={withQuery("/sign-in", { next: pathname === "/" ? null : pathname + search })} />;
}

interface SignedInProps {
  readonly routeId: string | null;
  readonly orgId: string | null;
  readonly children: ReactNode;
}

/** Pages behind the session: the shell, the organization of the path, and the role the page needs. */
function SignedIn({ routeId, orgId, children }: SignedInProps) {
  const session = useSession();
  // An organization that requires two-factor sign-in refuses a member without it: they set it up first.
  const twoFactor = useTwoFactorStatus(session.data != null);
  const s = session.data ?? null;
  const org = orgId === null || s === null ? null : (s.organizations.find((o) => o.id === orgId) ?? null);
  // The same object while the session and organization are: an answer that only re-renders this frame
  // (the two-factor status arriving during the first load) leaves the page's context as it was, so the
  // page does not render again for it.
  const orgContext = useMemo(() => (org === null || s === null ? null : { org, session: s }), [org, s]);
  if (session.isPending) return <PageLoading label="Loading specready…" />;
  if (twoFactor.data?.required === true && !twoFactor.data.enabled && routeId !== "two-factor")
    return <Redirect to="/account/two-factor" />;
  if (session.isError) {
    return (
      <PublicLayout>
        <ErrorMessage
          error={session.error}
          title="specready cannot start"
          onRetry={() => void session.refetch()}
        />
      </PublicLayout>
    );
  }
  if (session.data === null) return <SignedOut />;
  const signedIn = session.data;
  let content = children;
  if (orgId !== null && org === null) content = <NotFoundPage />;
  else if (org !== null && routeId !== null && !mayOpen(org, routeId)) content = <NotFoundPage forbidden />;
  return (
    <SessionContext.Provider value={signedIn}>
      <AppShell session={signedIn} org={org} routeId={org === null ? null : routeId}>
        {orgContext === null ? (
          content
        ) : (
          <OrgContext.Provider value={orgContext}>{content}</OrgContext.Provider>
        )}
      </AppShell>
    </SessionContext.Provider>
  );
}
