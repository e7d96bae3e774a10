import { programControls } from "@specready/core";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { invalid, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** Chooses (or, with null, clears) the practice specialty a control of the checklist asks for. */
export async function setPracticeSpecialty(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly controlId: string; readonly specialty: string | null },
): Promise<Result<void>> {
  const { orgId, actor } = access;
  const { controlId, specialty } = input;
  return mutate(ctx, access, async ({ r, record }) => {
    const control = programControls(ctx.program).find((x) => x.id === controlId);
    if (control === undefined) return notFound("control");
    if (control.practiceSpecialties.length === 0)
      invalid([{ path: "controlId", message: `${controlId} does not ask for a practice specialty` }]);
    if (specialty !== null && !control.practiceSpecialties.includes(specialty))
      invalid([
        {
          path: "specialty",
          message: `must be one of ${control.practiceSpecialties.map((s) => `"${s}"`).join(", ")}`,
        },
      ]);
    if (specialty === null) await r.audit.clearSpecialty(orgId, controlId);
    else await r.audit.setSpecialty(orgId, controlId, specialty, actor.name);
    record({
      action: "audit.specialty",
      summary:
        specialty === null
          ? `Cleared the practice specialty of ${controlId}`
          : `Chose "${specialty}" for ${controlId}`,
      details: { controlId, specialty },
    });
  });
}
