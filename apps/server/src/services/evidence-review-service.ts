import { type EvidenceItem, type ReviewPolicy, repositories, type Sql } from "@specready/db";
import { actionText, allows } from "../auth/policy.js";
import type { OrgAccess } from "../http/app-env.js";
import { AppError, errors } from "../http/app-error.js";
import type { AppContext } from "./app-context.js";
import { type EvidenceStatusName, type ReviewActionName, recordEvidenceChange } from "./evidence-service.js";

/*
 * The review of evidence: an item moves draft → ready for review → approved, or back with changes
 * requested. An approval is for the item's content as it is when approved (its current revision and
 * SHA-256, or a link's address or note's text) and only that counts for the audit: a new revision or a
 * changed address or text sends the item back to draft and needs a new approval.
 *
 * Two pairs of eyes: by default the author of an item's current content — the uploader of its current
 * revision, or whoever created or last changed a link's address or a note's text — may not approve it.
 * A partner admin can allow it for the organization (a one-person team); approvals given that way are
 * marked self-approved, in the item's history and in the binder.
 */

/** The review workflow: which statuses each action moves from, and where to. */
export const reviewTransitions: Record<
  ReviewActionName,
  { from: readonly EvidenceStatusName[]; to: EvidenceStatusName }
> = {
  submit: { from: ["draft", "changes_requested"], to: "ready" },
  approve: { from: ["ready"], to: "approved" },
  request_changes: { from: ["ready", "approved"], to: "changes_requested" },
  reopen: { from: ["approved"], to: "draft" },
};

export const reviewWords: Record<ReviewActionName, string> = {
  submit: "submitted for review",
  approve: "approved",
  request_changes: "sent back with changes requested",
  reopen: "reopened",
};

export interface ReviewRequest {
  readonly action: ReviewActionName;
  readonly comment?: string | undefined;
  /** For an approval: the revision the reviewer looked at (refused when a newer one came in). */
  readonly revision?: number | undefined;
}

/** Whether the caller may approve an item, and if not, why, in words. */
export interface ApprovalRule {
  readonly allowed: boolean;
  readonly reason: string | null;
  /** The caller produced the item's current content (and the organization allows that). */
  readonly selfApproval: boolean;
}

/** What the author produced, in words: "uploaded revision 2 of", "added the link". */
function authored(item: EvidenceItem): string {
  if (item.kind === "file")
    return item.currentRevision === null
      ? `added "${item.title}"`
      : `uploaded revision ${item.currentRevision.revision} of "${item.title}"`;
  return `wrote the ${item.kind === "link" ? "address" : "text"} of "${item.title}" as it is now`;
}

/**
 * Whether `access` may approve `item` under the organization's review policy (a partner admin who did
 * not produce the current content; the author too when the organization allows it).
 */
export function approvalRule(access: OrgAccess, item: EvidenceItem, policy: ReviewPolicy): ApprovalRule {
  if (!allows(access.role, "evidence.review"))
    return { allowed: false, reason: "Only partner admins approve evidence.", selfApproval: false };
  const me = access.principal.kind === "user" ? access.principal.user.id : null;
  const mine = me !== null && item.authorId === me;
  if (mine && !policy.allowSelfApproval)
    return {
      allowed: false,
      reason: `You ${authored(item)}: another partner admin approves it (two pairs of eyes). A partner admin can let people approve their own evidence in Settings.`,
      selfApproval: false,
    };
  return { allowed: true, reason: null, selfApproval: mine };
}

/**
 * Moves an item through review as `access` asks, recording the review, the activity and (because what
 * counts for the audit changes) a new data version. Throws the API's errors: 403 for a role that may
 * not review or a self-approval the organization does not allow, 409 from the wrong status or when the
 * item changed meanwhile, 400 for changes requested without a comment.
 */
export async function reviewEvidence(
  ctx: AppContext,
  access: OrgAccess,
  evidenceId: string,
  request: ReviewRequest,
): Promise<void> {
  const { orgId, actor, role, principal } = access;
  const { action } = request;
  const comment = request.comment === undefined || request.comment === "" ? null : request.comment;
  if (action !== "submit" && !allows(role, "evidence.review"))
    throw errors.forbidden(actionText["evidence.review"]);
  if (action === "request_changes" && comment === null)
    throw errors.invalidRequest([{ path: "comment", message: "say what has to change" }]);
  const transition = reviewTransitions[action];
  const actorId = principal.kind === "user" ? principal.user.id : null;
  await ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    const item = await r.evidence.get(orgId, evidenceId);
    if (item === null) throw errors.notFound("evidence item");
    if (!transition.from.includes(item.status))
      throw errors.conflict(
        "evidence.review_state",
        `"${item.title}" is ${item.status.replace("_", " ")}; it can be ${reviewWords[action]} only when ${transition.from.map((s) => s.replace("_", " ")).join(" or ")}.`,
      );
    let done: boolean;
    let self = false;
    if (action === "approve") {
      const rule = approvalRule(access, item, await policyOf(tx, orgId));
      if (!rule.allowed) throw new AppError(403, "evidence.self_approval", rule.reason ?? "");
      self = rule.selfApproval;
      if (
        request.revision !== undefined &&
        item.currentRevision !== null &&
        request.revision !== item.currentRevision.revision
      )
        throw errors.conflict(
          "evidence.review_state",
          `"${item.title}" has revision ${item.currentRevision.revision} now, not ${request.revision}: look at it before approving.`,
        );
      done = await r.evidence.approve(orgId, evidenceId, {
        comment,
        actorId,
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
        { comment, actorId, actorName: actor.name },
      );
    }
    if (!done)
      throw errors.conflict(
        "evidence.review_state",
        `"${item.title}" changed meanwhile; reload and try again.`,
      );
    const revision = item.kind === "file" ? item.currentRevision?.revision : undefined;
    await recordEvidenceChange(
      tx,
      orgId,
      actor,
      `evidence.${action}`,
      `"${item.title}" ${reviewWords[action]}` +
        (action === "approve" && revision !== undefined ? ` (revision ${revision})` : "") +
        (self ? " by its own author (self-approval is allowed in this organization)" : "") +
        (comment === null ? "" : `: ${comment}`),
      {
        evidenceId,
        from: item.status,
        to: transition.to,
        ...(action === "approve"
          ? { revision: revision ?? null, sha256: item.currentRevision?.sha256 ?? null, selfApproved: self }
          : {}),
      },
    );
  });
}

/** The organization's review policy. */
export async function policyOf(sql: Sql, orgId: string): Promise<ReviewPolicy> {
  const policy = await repositories(sql).organizations.reviewPolicy(orgId);
  if (policy === undefined) throw errors.notFound("organization");
  return policy;
}

/**
 * Lets (or stops letting) people approve evidence whose current content they produced themselves, for
 * the whole organization; logged with who changed it.
 */
export async function setReviewPolicy(
  ctx: AppContext,
  access: OrgAccess,
  allowSelfApproval: boolean,
): Promise<ReviewPolicy> {
  const policy = await ctx.db.transaction(async (tx) => {
    const r = repositories(tx);
    const before = await policyOf(tx, access.orgId);
    const after = await r.organizations.setReviewPolicy(access.orgId, allowSelfApproval, access.actor.name);
    if (after === undefined) throw errors.notFound("organization");
    await r.activity.record(
      access.orgId,
      access.actor,
      "organization.review_policy",
      allowSelfApproval
        ? "Allowed people to approve evidence they uploaded or wrote themselves (self-approval)"
        : "Required a second person to approve evidence (no self-approval)",
      { allowSelfApproval, before: before.allowSelfApproval },
    );
    return after;
  });
  return policy;
}
