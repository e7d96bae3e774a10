import { describe, expect, it } from "vitest";
import { type BodyOf, pathOf, type ResponseOf } from "./client";

describe("the typed API client", () => {
  it("fills a route's path parameters, encoded, under /api", () => {
    expect(pathOf("/orgs/{orgId}/tokens/{tokenId}", { orgId: "o 1", tokenId: "t/2" })).toBe(
      "/api/orgs/o%201/tokens/t%2F2",
    );
    expect(pathOf("/session", undefined)).toBe("/api/session");
  });

  it("refuses a route whose path parameter is missing", () => {
    expect(() => pathOf("/orgs/{orgId}", {})).toThrow("/orgs/{orgId}: the path parameter orgId is missing");
  });

  it("types answers and bodies by the OpenAPI document (checked when the web app compiles)", () => {
    const deleted: ResponseOf<"/orgs/{orgId}/evidence/{evidenceId}", "delete"> = undefined;
    const plan: BodyOf<"/orgs/{orgId}/audit/plan", "put"> = {
      applicationDate: null,
      auditDate: "2026-03-02",
      modules: "B",
    };
    const wrong: BodyOf<"/orgs/{orgId}/audit/plan", "put"> = {
      applicationDate: null,
      auditDate: null,
      // @ts-expect-error: the plan's modules are "B" or "A+B"
      modules: "C",
    };
    expect([deleted, plan.modules, wrong.modules]).toEqual([undefined, "B", "C"]);
  });
});
