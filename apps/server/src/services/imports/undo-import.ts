import type { ImportRow } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { fail, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";
import { restoreCertificationsAfterUndo } from "../people/certifications-import.js";

/**
 * Undoes an import: its data leaves what the evaluation reads, and the import in effect before it
 * applies again. A project register cannot be undone (it was merged into the editable register).
 */
export async function undoImport(
  ctx: AppContext,
  access: CommandAccess,
  input: { importId: string },
): Promise<Result<ImportRow>> {
  const { orgId } = access;
  const { importId } = input;
  return mutate(ctx, access, async ({ tx, r, record }) => {
    const row = await r.imports.get(orgId, importId);
    if (row === undefined) return notFound("import");
    if (row.kind === "customer-projects")
      return fail({
        code: "conflict",
        reason: "import.merged",
        message: `The projects of ${row.fileName} were merged into the customer project register, where evidence may be filed under them: change or remove them on the Customer projects page.`,
      });
    if (!(await r.imports.revert(orgId, importId)))
      return fail({
        code: "conflict",
        reason: "import.already_reverted",
        message: `The import of ${row.fileName} was already undone.`,
      });
    // The people records follow the certifications import now in effect (edits made on the People
    // page stay); the capability score's history leaves undone imports out by itself.
    if (row.kind === "certifications") await restoreCertificationsAfterUndo(tx, orgId);
    record({
      action: "import.reverted",
      summary: `Undid the import of ${row.fileName} (${row.kind})`,
      details: { importId, kind: row.kind, fileName: row.fileName },
    });
    return (await r.imports.get(orgId, importId)) as ImportRow;
  });
}
