import type { Schemas } from "./client";

/*
 * What the signed-in person may do, as the server says on each resource (`allowedActions`, computed from
 * the policy table its routes authorize against): the app shows the actions the server will accept and
 * never derives them from a role itself.
 */

/** An action of the server's policy table ("evidence.write"). */
export type Action = Schemas["AllowedActions"][number];
export type Actions = readonly Action[];

/** Whether the resource (or its list of allowed actions) lets the signed-in person take the action. */
export function can(
  on: { readonly allowedActions: Actions } | Actions | null | undefined,
  action: Action,
): boolean {
  if (on === null || on === undefined) return false;
  const list: Actions = "allowedActions" in on ? on.allowedActions : on;
  return list.includes(action);
}
