import { actionText, allows } from "../../auth/policy.js";
import type { AppContext } from "../app-context.js";
import {
  approvalRule,
  type ReviewRequest,
  reviewTransitions,
  reviewWords,
} from "../evidence-review-service.js";
import type { EvidenceStatusName } from "../evidence-service.js";
import type { CommandAccess } from "../mutation/command-access.js";
import { checkVersion, fail, invalid, notFound, type Result } from "../mutation/domain-error.js";
import { mutate } from "../mutation/mutate.js";

/**
 * Moves an item through review as `access` asks, with the item locked. Fails `refused` for a role
 * that may not review or a self-approval the organization does not allow, `conflict` from the wrong
 * status or when the item has a newer revision than the one approved, `invalid` for changes requested
 * without a comment, `stale` when the item is no longer the version the person saw.
 */
export async function reviewEvidence(
  ctx: AppContext,
  access: CommandAccess,
  input: {
    readonly evidenceId: string;
    readonly request: ReviewRequest;
    readonly expected?: ((version: number) => boolean) | undefined;
  },
): Promise<Result<void>> {
  const { orgId, actor, role } = access;
  const { evidenceId, request } = input;
  const { action } = request;
  const comment = request.comment === undefined || request.comment === "" ? null : request.comment;
  if (action !== "submit" && !allows(role, "evidence.review"))
    return {
      ok: false,
      error: {
        code: "refused",
        reason: "auth.forbidden",
        message: `Your role does not allow this: ${actionText["evidence.review"]}.`,
      },
    };
  const transition = reviewTransitions[action];
  return mutate(ctx, access, async ({ r, record }) => {
    if (action === "request_changes" && comment === null)
      invalid([{ path: "comment", message: "say what has to change" }]);
    const version = await r.versions.lock("evidence", orgId, evidenceId);
    if (version === null) return notFound("evidence item");
    checkVersion("evidence item", version, input.expected);
    const item = await r.evidence.get(orgId, evidenceId);
    if (item === null) return notFound("evidence item");
    if (!transition.from.includes(item.status))
      fail({
        code: "conflict",
        reason: "evidence.review_state",
        message: `"${item.title}" is ${item.status.replace("_", " ")}; it can be ${reviewWords[action]} only when ${transition.from.map((s) => s.replace("_", " ")).join(" or ")}.`,
      });
    let done: boolean;
    let self = false;
    if (action === "approve") {
      const policy = await r.organizations.reviewPolicy(orgId);
      if (policy === undefined) return notFound("organization");
      const rule = approvalRule(access, item, policy);
      if (!rule.allowed)
        fail({ code: "refused", reason: "evidence.self_approval", message: rule.reason ?? "" });
      self = rule.selfApproval;
      if (
        request.revision !== undefined &&
        item.currentRevision !== null &&
        request.revision !== item.currentRevision.revision
      )
        fail({
          code: "conflict",
          reason: "evidence.review_state",
          message: `"${item.title}" has revision ${item.currentRevision.revision} now, not ${request.revision}: look at it before approving.`,
        });
      done = await r.evidence.approve(orgId, evidenceId, {
        comment,
        actorId: access.userId,
        actorName: actor.name,
        revision: request.revision,
        selfApproved: self,
      });
    } else {
      done = await r.evidence.setStatus(
        orgId,
        evidenceId,
        item.status,
        transition.to as Exclude<EvidenceStatusName, "approved">,
        { comment, actorId: access.userId, actorName: actor.name },
      );
    }
    if (!done)
      fail({
        code: "conflict",
        reason: "evidence.review_state",
        message: `"${item.title}" changed meanwhile; reload and try again.`,
      });
    const revision = item.kind === "file" ? item.currentRevision?.revision : undefined;
    record({
      action: `evidence.${action}`,
      summary:
        `"${item.title}" ${reviewWords[action]}` +
        (action === "approve" && revision !== undefined ? ` (revision ${revision})` : "") +
        (self ? " by its own author (self-approval is allowed in this organization)" : "") +
        (comment === null ? "" : `: ${comment}`),
      details: {
        evidenceId,
        from: item.status,
        to: transition.to,
        ...(action === "approve"
          ? { revision: revision ?? null, sha256: item.currentRevision?.sha256 ?? null, selfApproved: self }
          : {}),
      },
    });
  });
}
