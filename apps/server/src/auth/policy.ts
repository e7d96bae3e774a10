import type { Role } from "@specready/db";

/**
 * What each role may do in an organization: the one table every route is checked against. The auditor
 * reads everything a viewer reads, downloads evidence and the binder, and records findings, gap reports
 * and results; only partner admins and contributors change evidence, and only partner admins review it.
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
  "review-policy.change": ["partner_admin"],
  "two-factor.require": ["partner_admin"],
  "entra-policy.change": ["partner_admin"],
  "customer-projects.write": ["partner_admin", "contributor"],
  "evidence.read": ["partner_admin", "contributor", "auditor", "viewer"],
  "evidence.download": ["partner_admin", "contributor", "auditor", "viewer"],
  "evidence.write": ["partner_admin", "contributor"],
  "evidence.submit": ["partner_admin", "contributor"],
  "evidence.review": ["partner_admin"],
  "audit.read": ["partner_admin", "contributor", "auditor", "viewer"],
  "audit.specialty": ["partner_admin", "contributor"],
  "audit.plan": ["partner_admin"],
  "audit.findings.update": ["partner_admin", "contributor", "auditor"],
  "audit.findings.record": ["auditor"],
  "audit.findings.respond": ["partner_admin", "contributor"],
  "audit.gap-report": ["auditor"],
  "audit.result": ["auditor"],
  "audit.binder": ["partner_admin", "auditor"],
  "program.configure": ["partner_admin"],
  "plans.save": ["partner_admin"],
  "people.read": ["partner_admin", "contributor", "auditor", "viewer"],
  "people.write": ["partner_admin", "contributor"],
  "capability-score.read": ["partner_admin", "contributor", "auditor", "viewer"],
  "capability-score.write": ["partner_admin", "contributor"],
  "reminders.preferences": ["partner_admin", "contributor", "auditor", "viewer"],
  "reminders.settings": ["partner_admin"],
  "reminders.deliveries": ["partner_admin"],
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
  "review-policy.change": "change who may approve evidence (partner admins)",
  "two-factor.require": "require two-factor sign-in (partner admins)",
  "entra-policy.change": "set the Microsoft (Entra ID) sign-in rules (partner admins)",
  "customer-projects.write": "edit the customer projects (partner admins and contributors)",
  "evidence.read": "see the evidence",
  "evidence.download": "download evidence",
  "evidence.write": "add or change evidence (partner admins and contributors)",
  "evidence.submit": "submit evidence for review (partner admins and contributors)",
  "evidence.review": "approve evidence or request changes (partner admins)",
  "audit.read": "see the audit",
  "audit.specialty": "choose a practice specialty (partner admins and contributors)",
  "audit.plan": "change the audit plan (partner admins)",
  "audit.findings.update": "resolve or answer findings (the auditor, partner admins and contributors)",
  "audit.findings.record": "record or resolve findings (the auditor)",
  "audit.findings.respond": "respond to findings (partner admins and contributors)",
  "audit.gap-report": "issue the gap report (the auditor)",
  "audit.result": "record the audit result (the auditor)",
  "audit.binder": "download the evidence binder (partner admins and the auditor)",
  "program.configure": "choose the program version (partner admins)",
  "plans.save": "save or delete plans (partner admins)",
  "people.read": "see the certified people",
  "people.write": "add or change people and their certifications (partner admins and contributors)",
  "capability-score.read": "see the capability score",
  "capability-score.write": "enter the capability score (partner admins and contributors)",
  "reminders.preferences": "choose your reminders",
  "reminders.settings": "change the organization's reminder settings and Teams channel (partner admins)",
  "reminders.deliveries": "see and retry reminder deliveries (partner admins)",
};
