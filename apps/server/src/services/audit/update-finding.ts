import type { AuditFinding } from "@specready/db";
import { actionText, allows } from "../../auth/policy.js";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, fail, invalid, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * Resolves or reopens a finding (the auditor) or answers it (the partner), with the finding locked
 * (only the version the person saw, with `expected`).
 */
export async function updateFinding(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly findingId: string;
    readonly status?: "open" | "resolved" | undefined;
    readonly response?: string | undefined;
    readonly expected?: ((version: number) => boolean) | undefined;
  },
): Promise<Result<AuditFinding>> {
  const { orgId, actor, role } = access;
  const { findingId, status, response } = input;
  const refuse = (action: "audit.findings.record" | "audit.findings.respond") =>
    fail({
      code: "refused",
      reason: "auth.forbidden",
      message: `Your role does not allow this: ${actionText[action]}.`,
    });
  return mutate(ctx, access, async ({ r, record }) => {
    if (status !== undefined && !allows(role, "audit.findings.record")) refuse("audit.findings.record");
    if (response !== undefined && !allows(role, "audit.findings.respond")) refuse("audit.findings.respond");
    // Another organization's finding is unknown here, whatever the request says.
    const version = await r.versions.lock("finding", orgId, findingId);
    if (version === null) return notFound("finding");
    checkVersion("finding", version, input.expected);
    let current = await r.audit.getFinding(orgId, findingId);
    if (current === null) return notFound("finding");
    if (status === undefined && response === undefined)
      invalid([{ path: "status", message: "send a status or a response" }]);
    if (status === "resolved" && current.status === "open")
      current = await r.audit.resolveFinding(orgId, findingId, actor.name);
    else if (status === "open" && current.status === "resolved")
      current = await r.audit.reopenFinding(orgId, findingId);
    if (response !== undefined) current = await r.audit.respondToFinding(orgId, findingId, response);
    if (current === null) return notFound("finding");
    record({
      action: "audit.finding.updated",
      summary: `Finding on ${current.controlId} ${status === undefined ? "answered" : status === "resolved" ? "resolved" : "reopened"}`,
      details: {
        findingId,
        ...(status === undefined ? {} : { status }),
        ...(response === undefined ? {} : { response }),
      },
    });
    return current;
  });
}
