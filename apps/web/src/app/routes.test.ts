import { describe, expect, it } from "vitest";
import { matchRoutes } from "../lib/router/match-path";
import { mayOpen, routeById, routes, sectionOf } from "./routes";

describe("the app's routes", () => {
  it("tells the audit pages apart", () => {
    const id = (path: string) => matchRoutes(routes, path)?.route.id;
    expect(id("/o/1/audit")).toBe("audit-controls");
    expect(id("/o/1/audit/plan")).toBe("audit-plan");
    expect(id("/o/1/audit/review")).toBe("audit-review");
    expect(id("/o/1/audit/controls/B2.1")).toBe("audit-control");
    expect(id("/o/1/evidence")).toBe("evidence");
    expect(id("/o/1/evidence/e-1")).toBe("evidence-item");
    expect(id("/o/1/projects")).toBe("projects");
    expect(matchRoutes(routes, "/o/1/audit/controls/B2.1")?.params).toEqual({
      orgId: "1",
      controlId: "B2.1",
    });
  });

  it("files an item's page under its list, for the navigation and the organization switcher", () => {
    expect(sectionOf("evidence-item")).toBe("evidence");
    expect(sectionOf("audit-control")).toBe("audit-controls");
    expect(sectionOf("evidence")).toBe("evidence");
    expect(sectionOf("unknown")).toBe("unknown");
    for (const r of routes) if (r.parent !== undefined) expect(routeById(r.parent).access).toBe(r.access);
  });

  it("opens the members, activity and settings pages to those whose allowed actions reach them", () => {
    const admin = { allowedActions: ["members.read", "activity.read", "tokens.manage"] as const };
    const viewer = { allowedActions: ["organization.read", "evidence.read"] as const };
    for (const id of ["members", "activity", "settings"]) {
      expect(mayOpen(admin, id)).toBe(true);
      expect(mayOpen(viewer, id)).toBe(false);
    }
    expect(mayOpen(viewer, "dashboard")).toBe(true);
    // Every member chooses their own reminders.
    expect(mayOpen(viewer, "notifications")).toBe(true);
    expect(mayOpen(viewer, "evidence-item")).toBe(true);
  });

  it("has one route per id and per path", () => {
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    expect(new Set(routes.map((r) => r.path)).size).toBe(routes.length);
  });
});
