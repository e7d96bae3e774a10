import { DEFAULT_SPECIALIZATION, installedSpecializations, todayFrom } from "@specready/core";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, invalid, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * Chooses the specializations the organization pursues (at least one, each installed in the program
 * data), logged with who chose them. The list is kept in the installed order (the AI Platform first), so
 * the dashboard shows the same order whatever order they were picked in. Usage imported before a
 * specialization was chosen has no figures for its sub-rules: its readiness says to import it again.
 */
export async function setSpecializations(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly specializations: readonly string[];
    readonly expected?: ((version: number) => boolean) | undefined;
  },
): Promise<Result<readonly string[]>> {
  const installed = installedSpecializations(ctx.allPrograms, todayFrom(ctx.now()));
  const wanted = new Set(input.specializations.map((s) => s.trim().toLowerCase()));
  const unknown = [...wanted].filter((s) => !installed.some((i) => i.specialization === s));
  const after = installed.filter((i) => wanted.has(i.specialization)).map((i) => i.specialization);
  return mutate(ctx, access, async ({ r, record }) => {
    if (unknown.length > 0)
      invalid(
        unknown.map((s) => ({
          path: "specializations",
          message: `${s} is not an installed specialization (${installed.map((i) => i.specialization).join(", ")})`,
        })),
      );
    if (after.length === 0)
      invalid([{ path: "specializations", message: "choose at least one specialization" }]);
    const version = await r.versions.settings(access.orgId);
    if (version === null) return notFound("organization");
    checkVersion("organization's settings", version, input.expected);
    const before = await r.programSettings.specializations(access.orgId);
    if (before === undefined) return notFound("organization");
    await r.programSettings.setSpecializations(access.orgId, after);
    const names = after.map((s) => installed.find((i) => i.specialization === s)?.name ?? s);
    record({
      action: "organization.specializations",
      summary: `Pursues ${names.join(" and ")}${after.includes(DEFAULT_SPECIALIZATION) ? "" : " (not the AI Platform)"}`,
      details: { before, after },
    });
    return after;
  });
}
