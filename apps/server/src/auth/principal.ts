import type { Actor, ApiToken, Role, User } from "@specready/db";

/** Who is making a request: a person through a browser session, or a script with an API token. */
export type Principal =
  | {
      readonly kind: "user";
      readonly user: User;
      readonly sessionIdHash: string;
      readonly csrfToken: string;
      /** The Entra tenant this session signed in from; null: with a password. */
      readonly entraTenantId: string | null;
    }
  | { readonly kind: "token"; readonly token: ApiToken };

/** What a route learns once it is authorized for an organization. */
export interface OrgAccess {
  readonly orgId: string;
  readonly role: Role;
  readonly actor: Actor;
  readonly principal: Principal;
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === "user"
    ? { kind: "user", id: principal.user.id, name: principal.user.name }
    : { kind: "token", id: principal.token.id, name: `API token "${principal.token.name}"` };
}
