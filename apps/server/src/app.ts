import { OpenAPIHono } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import type { Context } from "hono";
import { compress } from "hono/compress";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { AppError, errors } from "./errors/app-error.js";
import type { AppEnv } from "./http/app-env.js";
import { authenticate } from "./http/authenticate.js";
import { clientAddress } from "./http/client-address.js";
import { dropIdleBodies } from "./http/idle-bodies.js";
import { SecuredRoutes } from "./http/secured-route.js";
import { serveWebApp } from "./http/web-app.js";
import { registerActivityRoutes } from "./routes/activity/activity-routes.js";
import { registerAuditRoutes } from "./routes/audit/audit-routes.js";
import { registerCapabilityScoreRoutes } from "./routes/capability-score/capability-score-routes.js";
import { registerCustomerProjectRoutes } from "./routes/customer-projects/customer-project-routes.js";
import { renderApiReference } from "./routes/docs/api-reference.js";
import { registerEvaluationRoutes } from "./routes/evaluation/evaluation-routes.js";
import { registerEvidenceRoutes } from "./routes/evidence/evidence-routes.js";
import { registerGettingStartedRoutes } from "./routes/getting-started/getting-started-routes.js";
import { registerHealthRoutes } from "./routes/health/health-routes.js";
import { registerImportRoutes } from "./routes/imports/import-routes.js";
import { registerMemberRoutes } from "./routes/members/member-routes.js";
import { registerEntraPolicyRoutes } from "./routes/orgs/entra-policy-routes.js";
import { registerOrgRoutes } from "./routes/orgs/org-routes.js";
import { registerTwoFactorPolicyRoutes } from "./routes/orgs/two-factor-policy-routes.js";
import { registerPeopleRoutes } from "./routes/people/people-routes.js";
import { registerPlanRoutes } from "./routes/plans/plan-routes.js";
import { registerProgramSettingsRoutes } from "./routes/program-settings/program-settings-routes.js";
import { registerReminderRoutes } from "./routes/reminders/reminder-routes.js";
import { registerEmailVerificationRoutes } from "./routes/session/email-verification-routes.js";
import { registerEntraRoutes } from "./routes/session/entra-routes.js";
import { registerPasswordResetRoutes } from "./routes/session/password-reset-routes.js";
import { registerSessionRoutes } from "./routes/session/session-routes.js";
import { registerTwoFactorRoutes } from "./routes/session/two-factor-routes.js";
import { registerSpecializationRoutes } from "./routes/specializations/specialization-routes.js";
import { registerTokenRoutes } from "./routes/tokens/token-routes.js";
import type { AppContext } from "./services/app-context.js";

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "specready API",
    version: "1",
    description:
      "Readiness for the AI Platform on Microsoft Azure specialization: imports of Partner Center files, the evaluation (the same object as `specready check --format json`), members, activity and API tokens. Authenticate with the session cookie (browser; send X-CSRF-Token on changes) or `Authorization: Bearer <API token>`.",
  },
} as const;

/**
 * A refused request (401, 403, a failed CSRF check) in the security log; one refused inside an
 * organization (a member's role does not allow it) in its activity log too, within the security log's
 * shares. Wrong passwords are logged by their routes, as sign-in failures.
 */
async function recordRefusal(ctx: AppContext, c: Context<AppEnv>, error: AppError): Promise<void> {
  if (error.code === "auth.invalid_credentials") return;
  const principal = c.var.principal;
  const path = new URL(c.req.url).pathname;
  // The web app asks "who is signed in?" on every load: a signed-out browser's answer is no refusal.
  if (error.code === "auth.required" && c.req.method === "GET" && path === "/api/session") return;
  const written = ctx.securityLog.record({
    event: "request.refused",
    status: error.status as 401 | 403,
    code: error.code,
    method: c.req.method,
    path,
    address: clientAddress(c),
    ...(principal?.kind === "user" ? { userId: principal.user.id } : {}),
    ...(principal?.kind === "token" ? { tokenId: principal.token.id } : {}),
    ...(error.organization ? { orgId: error.organization.orgId } : {}),
  });
  // Past the security log's share for this network, the refusal is counted there, not written here
  // either: a member looping on a refused request does not fill the organization's activity log.
  if (error.organization === undefined || !written) return;
  await repositories(ctx.db)
    .activity.record(
      error.organization.orgId,
      error.organization.actor,
      "request.refused",
      `Refused ${c.req.method} ${path}: ${error.message}`,
      { status: error.status, code: error.code, method: c.req.method, path },
    )
    .catch(() => {});
}

/**
 * The API under /api: every route, its schemas and its OpenAPI document. Needs no context (routes read
 * it from the request), so the document can be built in-process, e.g. to generate the web app's types.
 */
export function createApi() {
  const api = new OpenAPIHono<AppEnv>({
    // A request that does not match its schema is a 400 naming every field that is wrong.
    defaultHook: (result) => {
      if (!result.success) {
        throw errors.invalidRequest(
          result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
        );
      }
    },
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "specready_session",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "token", { type: "http", scheme: "bearer" });
  api.use("*", authenticate());
  const routes = new SecuredRoutes(api);
  registerHealthRoutes(routes);
  registerSessionRoutes(routes);
  registerPasswordResetRoutes(routes);
  registerTwoFactorRoutes(routes);
  registerTwoFactorPolicyRoutes(routes);
  registerEntraRoutes(routes);
  registerEmailVerificationRoutes(routes);
  registerEntraPolicyRoutes(routes);
  registerOrgRoutes(routes);
  registerEvaluationRoutes(routes);
  registerImportRoutes(routes);
  registerMemberRoutes(routes);
  registerActivityRoutes(routes);
  registerTokenRoutes(routes);
  registerCustomerProjectRoutes(routes);
  registerEvidenceRoutes(routes);
  registerAuditRoutes(routes);
  registerProgramSettingsRoutes(routes);
  registerSpecializationRoutes(routes);
  registerPlanRoutes(routes);
  registerPeopleRoutes(routes);
  registerCapabilityScoreRoutes(routes);
  registerGettingStartedRoutes(routes);
  registerReminderRoutes(routes);

  const document = () =>
    api.getOpenAPI31Document({
      ...OPENAPI_INFO,
      servers: [{ url: "/api" }],
      security: [{ session: [] }, { token: [] }],
    });
  api.get("/openapi.json", (c) => c.json(document()));
  api.get("/docs", (c) => c.html(renderApiReference(document())));
  api.all("*", () => {
    throw errors.notFound("API route");
  });
  return { api, routes, document };
}

/** The OpenAPI document of the API, built in-process (no server, no database). */
export function openApiDocument() {
  return createApi().document();
}

/** The whole HTTP application: the API under /api and, when built, the web app. */
export function createApp(ctx: AppContext) {
  const { api, routes } = createApi();

  const app = new OpenAPIHono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("ctx", ctx);
    await next();
  });
  app.use(
    "*",
    dropIdleBodies({
      idleMs: ctx.config.requestIdleMs,
      minBytesPerSecond: ctx.config.requestMinBytesPerSecond,
    }),
  );
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Fluent UI (Griffel) inserts its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
      },
      referrerPolicy: "same-origin",
      // A route that sets its own (stricter) header keeps it: evidence downloads are `sandbox`ed.
      overwrite: false,
    }),
  );
  // No API answer is kept by a browser or a proxy: nearly all carry an organization's data, and a shared
  // computer's cache or a proxy's would hand it to the next person. Set after the route (and the error
  // handler) has answered, so no route can forget it.
  app.use("/api/*", async (c, next) => {
    await next();
    if (!/\bno-store\b/.test(c.res.headers.get("cache-control") ?? ""))
      c.res.headers.set("Cache-Control", "no-store");
  });
  app.use("*", compress({ threshold: 2048 }));
  app.onError(async (error, c) => {
    if (error instanceof AppError) {
      if (error.status === 401 || error.status === 403) await recordRefusal(ctx, c, error);
      const retry = error.extra.retryAfterSeconds;
      if (typeof retry === "number") c.header("Retry-After", String(retry));
      const { retryAfterSeconds: _r, ...extra } = error.extra;
      return c.json({ error: { code: error.code, message: error.message, ...extra } }, error.status);
    }
    // Hono's own refusals (malformed JSON, a body that is not JSON) are the client's, not the server's.
    if (error instanceof HTTPException && error.status < 500) {
      const code = error.status === 415 ? "request.unsupported_media_type" : "request.invalid";
      const message =
        error.status === 415
          ? "The request body must be JSON (Content-Type: application/json)."
          : `The request is invalid: ${error.message || "the body is not valid JSON"}.`;
      return c.json({ error: { code, message } }, error.status);
    }
    if (!(await ctx.db.ping())) {
      const e = errors.unavailable();
      return c.json({ error: { code: e.code, message: e.message } }, 503);
    }
    // Never the stack, the request or a query's parameters (hashes, tokens) in the answer or the log.
    const e = error as { name?: string; message?: string; code?: string };
    console.error(
      `specready: ${c.req.method} ${new URL(c.req.url).pathname} failed: ${e.name ?? "Error"}${e.code ? ` ${e.code}` : ""}: ${e.message ?? String(error)}`,
    );
    return c.json(
      { error: { code: "internal", message: "Something went wrong on the server; it was logged." } },
      500,
    );
  });
  app.route("/api", api);
  serveWebApp(app, ctx.config.webDir);
  return { app, routes };
}
