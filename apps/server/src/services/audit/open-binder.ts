import type { Readable } from "node:stream";
import { DEFAULT_SPECIALIZATION, type Program, todayFrom } from "@specready/core";
import { repositories } from "@specready/db";
import type { AppContext } from "../app-context.js";
import { binderCountsText, binderFileName, streamBinder } from "../binder-service.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { attempt, notFound, type Result } from "../mutation/domain-error.js";
import { recordActivity } from "../mutation/mutate.js";
import {
  pursuedSpecializations,
  selectionForSpecialization,
} from "../specializations/specialization-readiness.js";

/** The evidence binder for the auditor, streamed as it is built; its download is logged with its counts. */
export async function openBinder(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly includePending: boolean; readonly specialization?: string | undefined },
): Promise<Result<{ stream: Readable; fileName: string }>> {
  const { orgId, actor } = access;
  const { includePending } = input;
  return attempt(async () => {
    const org = await repositories(ctx.db).organizations.get(orgId);
    if (org === undefined) return notFound("organization");
    // A specialization's binder measures against its program: Module A (shared) evidence is in each.
    const specialization = input.specialization ?? DEFAULT_SPECIALIZATION;
    let program: Program | undefined;
    if (specialization !== DEFAULT_SPECIALIZATION) {
      if (!(await pursuedSpecializations(ctx, orgId)).includes(specialization))
        return notFound("specialization");
      program = (await selectionForSpecialization(ctx, orgId, specialization, todayFrom(ctx.now()))).program;
    }
    const { stream, counts } = await streamBinder(ctx, orgId, org.name, actor.name, {
      includePending,
      program,
    });
    // The counts are the manifest's: one line per file in the binder's evidence folders.
    await recordActivity(ctx, access, {
      action: "audit.binder",
      summary: `Downloaded the evidence binder${program === undefined ? "" : ` of ${program.name}`} (${binderCountsText(counts)}${includePending ? ", evidence pending review included" : ", approved evidence only"})`,
      details: { ...counts, includePending },
    });
    return { stream, fileName: binderFileName(org.name, ctx.now()) };
  });
}
