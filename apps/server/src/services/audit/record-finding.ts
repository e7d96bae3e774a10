import { programControls } from "@specready/core";
import type { AuditFinding } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { invalid, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** The auditor records a finding on a control of the checklist. */
export async function recordFinding(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly controlId: string; readonly text: string },
): Promise<Result<AuditFinding>> {
  const { orgId, actor } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    if (!programControls(ctx.program).some((x) => x.id === input.controlId))
      invalid([{ path: "controlId", message: `${input.controlId} is not a control of the checklists` }]);
    const created = await r.audit.createFinding(orgId, {
      controlId: input.controlId,
      text: input.text,
      createdByName: actor.name,
    });
    record({
      action: "audit.finding",
      summary: `Finding on ${input.controlId}: ${input.text}`,
      details: { findingId: created.id, controlId: input.controlId },
    });
    return created;
  });
}
