/**
 * What each role may do in the audit workspace, as the server's policy table says (apps/server/src/auth/
 * policy.ts, `audit.*`): the page shows only the actions the server will accept. Everyone reads.
 */

/** Change the planned dates and modules. */
export function canEditPlan(role: string): boolean {
  return role === "partner_admin";
}

/** Record, resolve and reopen findings; issue the gap report; record the result. */
export function isAuditor(role: string): boolean {
  return role === "auditor";
}

/** Answer the auditor's findings. */
export function canRespondToFindings(role: string): boolean {
  return role === "partner_admin" || role === "contributor";
}

/** Download the evidence binder. */
export function canDownloadBinder(role: string): boolean {
  return role === "partner_admin" || role === "auditor";
}

/** Invite the auditor (the members API is for partner admins). */
export function canInviteAuditor(role: string): boolean {
  return role === "partner_admin";
}
