import type { Role } from "@specready/db";
import { type Action, allows, policy } from "./policy.js";

/*
 * The caller's allowed actions on each resource an answer carries (Outline's `policies`), from the same
 * policy table the routes authorize against (`allows`), so the web app shows what the server accepts
 * and never re-derives roles.
 */

export const actions = Object.keys(policy) as Action[];

/** The actions of the policy that act on each kind of resource. */
export const resourceActions = {
  /** The organization carries every action of the table: what the caller may do in it at all. */
  organization: actions,
  import: ["imports.revert"],
  evidence: ["evidence.download", "evidence.write", "evidence.submit", "evidence.review"],
  project: ["customer-projects.write"],
  plan: ["audit.plan"],
  finding: ["audit.findings.update", "audit.findings.record", "audit.findings.respond"],
  auditResult: ["audit.result"],
  member: ["members.change"],
  invitation: ["members.invite"],
  token: ["tokens.manage"],
  person: ["people.write"],
  scoreEntry: ["capability-score.write"],
  savedPlan: ["plans.save"],
} as const satisfies Record<string, readonly Action[]>;

export type ResourceKind = keyof typeof resourceActions;

/** Resources whose state rules out an action whatever the role (the routes refuse it with 409). */
const stateRules: { readonly [K in ResourceKind]?: (value: object, action: Action) => boolean } = {
  // An undone import cannot be undone again; a withdrawn result or a revoked token stays so.
  import: (value) => (value as { status?: string }).status !== "reverted",
  auditResult: (value) => ((value as { withdrawn?: unknown }).withdrawn ?? null) === null,
  token: (value) => ((value as { revokedAt?: unknown }).revokedAt ?? null) === null,
  // An imported score entry goes with its import's undo, not on its own.
  scoreEntry: (value) => ((value as { importId?: unknown }).importId ?? null) === null,
};

/** What a role may do to one resource of a kind, in the resource's current state. */
export function allowedActions(role: Role, kind: ResourceKind, value: object = {}): Action[] {
  const rule = stateRules[kind];
  return (resourceActions[kind] as readonly Action[]).filter(
    (action) => allows(role, action) && (rule === undefined || rule(value, action)),
  );
}

/** The resource as answered: with the caller's allowed actions on it. */
export function withActions<T extends object>(
  role: Role,
  kind: ResourceKind,
  value: T,
): T & { allowedActions: Action[] } {
  return { ...value, allowedActions: allowedActions(role, kind, value) };
}

/** Each resource of a list, with the caller's allowed actions on it. */
export function eachWithActions<T extends object>(
  role: Role,
  kind: ResourceKind,
  values: readonly T[],
): (T & { allowedActions: Action[] })[] {
  return values.map((value) => withActions(role, kind, value));
}
