import { describe, expect, it } from "vitest";
import { can } from "./allowed-actions";

describe("can", () => {
  it("reads the resource's allowed actions, as the server gave them", () => {
    const org = { allowedActions: ["evidence.read", "evidence.write"] as const };
    expect(can(org, "evidence.write")).toBe(true);
    expect(can(org, "evidence.review")).toBe(false);
    expect(can(["audit.plan"], "audit.plan")).toBe(true);
    expect(can(null, "organization.read")).toBe(false);
  });
});
