/** A member's role in one organization. */
export const roles = ["partner_admin", "contributor", "auditor", "viewer"] as const;
export type Role = (typeof roles)[number];

/** The roles an API token may have: never partner admin, so a leaked token cannot manage people. */
export const tokenRoles = ["contributor", "auditor", "viewer"] as const;
export type TokenRole = (typeof tokenRoles)[number];

export const importKinds = [
  "azure-usage",
  "certifications",
  "capability-score",
  "audit-evidence",
  "audit-history",
  "customer-projects",
  "designation",
] as const;
export type ImportKindName = (typeof importKinds)[number];
