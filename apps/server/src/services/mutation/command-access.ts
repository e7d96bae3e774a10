import type { Actor, Role } from "@specready/db";

/**
 * Who runs a command in an organization: the organization, their role there, how the activity log names
 * them, and their account (null for an API token). Routes build it once authorized.
 */
export interface CommandAccess {
  readonly orgId: string;
  readonly role: Role;
  readonly actor: Actor;
  /** The signed-in person's id; null for an API token. */
  readonly userId: string | null;
}
