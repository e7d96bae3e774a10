import type { Role } from "@specready/db";

/**
 * What each role may do in an organization: the one table every route is checked against. The auditor
 * reads, as a viewer does, until the audit workspace gives the role its own work.
 */
export const policy = {
  "organization.read": ["partner_admin", "contributor", "auditor", "viewer"],
  "evaluation.read": ["partner_admin", "contributor", "auditor", "viewer"],
  "imports.read": ["partner_admin", "contributor", "auditor", "viewer"],
  "projects.read": ["partner_admin", "contributor", "auditor", "viewer"],
  "imports.create": ["partner_admin", "contributor"],
  "imports.revert": ["partner_admin", "contributor"],
  "mappings.read": ["partner_admin", "contributor"],
  "members.read": ["partner_admin"],
  "members.invite": ["partner_admin"],
  "members.change": ["partner_admin"],
  "application.record": ["partner_admin"],
  "activity.read": ["partner_admin"],
  "tokens.manage": ["partner_admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof policy;

export function allows(role: Role, action: Action): boolean {
  return (policy[action] as readonly Role[]).includes(role);
}

/** In words, for the 403 message. */
export const actionText: Record<Action, string> = {
  "organization.read": "see this organization",
  "evaluation.read": "see the readiness evaluation",
  "imports.read": "see the imports",
  "projects.read": "see the customer projects",
  "imports.create": "import files (partner admins and contributors)",
  "imports.revert": "undo imports (partner admins and contributors)",
  "mappings.read": "see column mappings (partner admins and contributors)",
  "members.read": "see the members (partner admins)",
  "members.invite": "invite people (partner admins)",
  "members.change": "change roles or remove members (partner admins)",
  "application.record": "record the application (partner admins)",
  "activity.read": "see the activity log (partner admins)",
  "tokens.manage": "manage API tokens (partner admins)",
};
