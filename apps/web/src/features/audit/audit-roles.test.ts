import { describe, expect, it } from "vitest";
import { ROLES } from "../auth/roles";
import {
  canDownloadBinder,
  canEditPlan,
  canInviteAuditor,
  canRespondToFindings,
  isAuditor,
} from "./audit-roles";

describe("audit actions by role (as the server's policy)", () => {
  it("gives each role its actions", () => {
    const table = Object.fromEntries(
      ROLES.map((r) => [
        r,
        [canEditPlan(r), isAuditor(r), canRespondToFindings(r), canDownloadBinder(r), canInviteAuditor(r)],
      ]),
    );
    expect(table).toEqual({
      partner_admin: [true, false, true, true, true],
      contributor: [false, false, true, false, false],
      auditor: [false, true, false, true, false],
      viewer: [false, false, false, false, false],
    });
  });
});
