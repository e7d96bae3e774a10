import { type EvidenceItem, type ReviewPolicy, repositories, type Sql } from "@specready/db";
import { allows } from "../auth/policy.js";
import { errors } from "../errors/app-error.js";
import type { EvidenceStatusName, ReviewActionName } from "./evidence-service.js";
import type { CommandAccess } from "./mutation/command-access.js";

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
export function approvalRule(
  access: Pick<CommandAccess, "role" | "userId">,
  item: EvidenceItem,
  policy: ReviewPolicy,
): ApprovalRule {
  if (!allows(access.role, "evidence.review"))
    return { allowed: false, reason: "Only partner admins approve evidence.", selfApproval: false };
  const me = access.userId;
  const mine = me !== null && item.authorId === me;
  if (mine && !policy.allowSelfApproval)
    return {
      allowed: false,
      reason: `You ${authored(item)}: another partner admin approves it (two pairs of eyes). A partner admin can let people approve their own evidence in Settings.`,
      selfApproval: false,
    };
  return { allowed: true, reason: null, selfApproval: mine };
}

/** The organization's review policy. */
export async function policyOf(sql: Sql, orgId: string): Promise<ReviewPolicy> {
  const policy = await repositories(sql).organizations.reviewPolicy(orgId);
  if (policy === undefined) throw errors.notFound("organization");
  return policy;
}
