import { describe, expect, it } from "vitest";
import { auditKey, binderUrl, dependsOnAuditHistory } from "./api";

describe("audit queries", () => {
  it("sit under the organization's key", () => {
    expect(auditKey("o1")).toEqual(["org", "o1", "audit"]);
    expect(binderUrl("o 1")).toBe("/api/orgs/o%201/audit/binder");
    expect(binderUrl("o1", { pending: true })).toBe("/api/orgs/o1/audit/binder?pending=1");
    expect(binderUrl("o1", { pending: true, specialization: "infra-db-migration" })).toBe(
      "/api/orgs/o1/audit/binder?pending=1&specialization=infra-db-migration",
    );
    expect(binderUrl("o1", { specialization: "ai-platform-azure" })).toBe("/api/orgs/o1/audit/binder");
  });

  it("refresh the dashboard and every readiness query after a result, in that organization only", () => {
    expect(dependsOnAuditHistory(["org", "o1", "dashboard", "2025-10-01"], "o1")).toBe(true);
    expect(dependsOnAuditHistory(["org", "o1", "audit", "readiness"], "o1")).toBe(true);
    expect(dependsOnAuditHistory(["org", "o1", "audit-controls", "readiness", "2025-10-01"], "o1")).toBe(
      true,
    );
    expect(dependsOnAuditHistory(["org", "o1", "evaluation"], "o1")).toBe(true);
    expect(dependsOnAuditHistory(["org", "o2", "dashboard"], "o1")).toBe(false);
    expect(dependsOnAuditHistory(["org", "o1", "members"], "o1")).toBe(false);
    expect(dependsOnAuditHistory(["session"], "o1")).toBe(false);
  });
});
