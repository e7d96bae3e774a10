import { describe, expect, it } from "vitest";
import { pathOf } from "./api/client";
import { orgPath } from "./api/org-keys";
import { routes } from "./app/routes";
import { dashboardOrg, dashboardRequests, localToday } from "./first-requests";
import { apiUrl } from "./lib/api-client";
import { todayIso } from "./lib/format";
import { matchRoutes } from "./lib/router/match-path";

const ORG = "3f1c2a9e-0b7d-4c55-9a41-2b8e6f0d7c11";
const session = (allowedActions: string[]) => ({
  organizations: [{ id: ORG, name: "Adatum", allowedActions }],
});

describe("first requests (index.html's first script)", () => {
  it("start on the dashboard's address without a query only, which the app routes to the dashboard", () => {
    for (const path of [`/o/${ORG}`, `/o/${ORG}/`]) {
      expect(dashboardOrg(path, "")).toBe(ORG);
      expect(matchRoutes(routes, path)?.route.id).toBe("dashboard");
    }
    expect(dashboardOrg(`/o/${ORG}`, "?asOf=2026-01-31")).toBeNull();
    expect(dashboardOrg(`/o/${ORG}/imports`, "")).toBeNull();
    expect(dashboardOrg("/", "")).toBeNull();
    expect(dashboardOrg("/o/a%2Fb", "")).toBeNull();
  });

  it("ask nothing on a page a signed-out visitor opens (sign-in, invitation, reset link…)", () => {
    const publicRoutes = routes.filter((r) => r.access === "public");
    expect(publicRoutes.map((r) => r.id)).toEqual(
      expect.arrayContaining(["sign-in", "invite", "reset-password"]),
    );
    for (const r of publicRoutes) expect(dashboardOrg(r.path.replace(/:[^/]+/g, "abc-123"), "")).toBeNull();
  });

  it("ask for the URLs the app reads, only with the organization's right to read its evaluation", () => {
    const today = "2026-12-06";
    expect(
      dashboardRequests(
        ORG,
        session(["organization.read", "evaluation.read", "capability-score.read"]),
        today,
      ),
    ).toEqual([
      apiUrl(pathOf("/orgs/{orgId}/dashboard", { orgId: ORG }), { asOf: today }),
      orgPath(ORG, "/getting-started"),
      pathOf("/orgs/{orgId}/capability-score", { orgId: ORG }),
      // The URL the specializations' query asks (features/specializations/api.ts).
      pathOf("/orgs/{orgId}/specializations", { orgId: ORG }),
    ]);
    expect(dashboardRequests(ORG, session(["evaluation.read"]), today)).toEqual([
      apiUrl(pathOf("/orgs/{orgId}/dashboard", { orgId: ORG }), { asOf: today }),
      orgPath(ORG, "/getting-started"),
    ]);
    expect(dashboardRequests(ORG, session(["evidence.read"]), today)).toEqual([]);
    expect(dashboardRequests("another-org", session(["evaluation.read"]), today)).toEqual([]);
    expect(dashboardRequests(ORG, null, today)).toEqual([]);
    expect(dashboardRequests(ORG, { error: { code: "auth.required" } }, today)).toEqual([]);
  });

  it("date the dashboard as the app does (the person's own day)", () => {
    for (const d of [new Date(2026, 0, 1, 0, 0), new Date(2026, 11, 31, 23, 59), new Date(999, 1, 3, 12)]) {
      expect(localToday(d)).toBe(todayIso(d));
    }
  });
});
