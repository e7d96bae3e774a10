import type { AuditGapReport } from "@specready/db";
import type { AppContext } from "../app-context.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { fail, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/** The auditor issues the gap report: a snapshot of the findings open now. */
export async function issueGapReport(
  ctx: AppContext,
  access: CommandAccess,
  input: { readonly issuedOn: string; readonly summary?: string | null | undefined },
): Promise<Result<AuditGapReport>> {
  const { orgId, actor } = access;
  return mutate(ctx, access, async ({ r, record }) => {
    const open = (await r.audit.listFindings(orgId)).filter((f) => f.status === "open");
    if (open.length === 0)
      fail({
        code: "conflict",
        reason: "audit.no_open_findings",
        message: "There are no open findings: a gap report lists open action items.",
      });
    const created = await r.audit.createGapReport(orgId, {
      issuedOn: input.issuedOn,
      summary: input.summary ?? null,
      findings: open.map((f) => ({
        id: f.id,
        controlId: f.controlId,
        text: f.text,
        createdBy: f.createdBy,
        createdAt: f.createdAt,
      })),
      issuedByName: actor.name,
    });
    record({
      action: "audit.gap_report",
      summary: `Issued the gap report of ${input.issuedOn} with ${open.length} open finding(s)`,
      details: { gapReportId: created.id, findings: open.length },
    });
    return created;
  });
}
