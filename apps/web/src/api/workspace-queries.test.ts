import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { invalidateAuditWorkspace, readsAuditWorkspace } from "./workspace-queries";

describe("readsAuditWorkspace", () => {
  it("is true for the organization's queries that a project, an item or a review changes", () => {
    for (const key of [
      ["org", "o1", "customer-projects"],
      ["org", "o1", "evidence", "list", { status: "ready" }],
      ["org", "o1", "evidence", "item", "e1"],
      ["org", "o1", "readiness", "controls", "planned"],
      ["org", "o1", "audit", "readiness"],
      ["org", "o1", "dashboard", "2025-09-10"],
    ])
      expect(readsAuditWorkspace(key, "o1"), JSON.stringify(key)).toBe(true);
  });

  it("leaves other organizations and unrelated queries alone", () => {
    expect(readsAuditWorkspace(["org", "o2", "evidence"], "o1")).toBe(false);
    expect(readsAuditWorkspace(["org", "o1", "members"], "o1")).toBe(false);
    expect(readsAuditWorkspace(["org", "o1", "audit", "findings"], "o1")).toBe(false);
    expect(readsAuditWorkspace(["session"], "o1")).toBe(false);
  });
});

describe("invalidateAuditWorkspace", () => {
  it("marks what depends on the workspace stale, except a deleted item's own query", async () => {
    const client = new QueryClient();
    const keys = {
      list: ["org", "o1", "evidence", "list", {}],
      gone: ["org", "o1", "evidence", "item", "e1"],
      other: ["org", "o1", "evidence", "item", "e2"],
      members: ["org", "o1", "members"],
    };
    for (const key of Object.values(keys)) client.setQueryData(key, 1);
    await invalidateAuditWorkspace(client, "o1", keys.gone);
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(stale(keys.list)).toBe(true);
    expect(stale(keys.other)).toBe(true);
    expect(stale(keys.gone)).toBe(false);
    expect(stale(keys.members)).toBe(false);
  });
});
