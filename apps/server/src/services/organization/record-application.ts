import type { ApplicationRecord } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import type { Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** Records that the specialization application was submitted (by a person: partner admins). */
export async function recordApplication(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly submittedOn: string; readonly reference?: string | undefined },
): Promise<Result<ApplicationRecord>> {
  const { orgId, actor, userId } = access;
  if (userId === null)
    return {
      ok: false,
      error: {
        code: "refused",
        reason: "auth.forbidden",
        message: "Your role does not allow this: record the application (partner admins).",
      },
    };
  return mutate(ctx, access, async ({ r, record }) => {
    const a = await r.applications.record(orgId, {
      submittedOn: input.submittedOn,
      reference: input.reference || null,
      userId,
      userName: actor.name,
    });
    record({
      action: "application.submitted",
      summary: `Recorded that the specialization application was submitted on ${input.submittedOn}${input.reference ? ` (reference ${input.reference})` : ""}`,
      details: { submittedOn: input.submittedOn, reference: input.reference ?? null },
    });
    return a;
  });
}
