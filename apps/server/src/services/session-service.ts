import { randomUUID } from "node:crypto";
import { type Database, type Role, repositories, type Sql } from "@specready/db";
import { withActions } from "../auth/allowed-actions.js";
import { hashPassword } from "../auth/passwords.js";
import type { AppContext } from "./app-context.js";

/**
 * When a session used at `now` expires: the idle lifetime from now, but never past the absolute
 * lifetime counted from the sign-in.
 */
export function sessionExpiry(ctx: AppContext, createdAt: string, now: number): number {
  return Math.min(
    now + ctx.config.sessionDays * 86_400_000,
    Date.parse(createdAt) + ctx.config.sessionMaxDays * 86_400_000,
  );
}

/** The session resource: who is signed in, their organizations and the CSRF token for this session. */
export async function sessionBody(db: Database, userId: string, csrfToken: string) {
  const r = repositories(db);
  const user = await r.users.byId(userId);
  if (user === undefined) throw new Error(`user ${userId} vanished`);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    organizations: (await r.organizations.listForUser(userId)).map((o) =>
      withActions(o.role, "organization", o),
    ),
    csrfToken,
  };
}

/**
 * Creates an organization with its first partner admin (a new account): the first-run page,
 * `specready admin create` and the demo all go through here. Inside a transaction, it joins it.
 */
export async function createOrganizationWithAdmin(
  db: Sql,
  input: { organizationName: string; name: string; email: string; password: string },
): Promise<{ orgId: string; userId: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = await repositories(tx).users.create({
      id: randomUUID(),
      email: input.email,
      name: input.name,
      passwordHash,
    });
    const orgId = await createOrganization(tx, input.organizationName, user);
    return { orgId, userId: user.id };
  });
}

/**
 * A new organization with an existing person as its partner admin, both in the activity log. Every
 * way an organization comes to be (first run, `admin create`, the demo, "New organization") is this.
 */
export async function createOrganization(
  tx: Sql,
  name: string,
  admin: { id: string; name: string; email: string },
): Promise<string> {
  const r = repositories(tx);
  const org = await r.organizations.create(randomUUID(), name.trim());
  await r.users.addMember(org.id, admin.id, "partner_admin");
  const actor = { kind: "user", id: admin.id, name: admin.name } as const;
  await r.activity.record(org.id, actor, "organization.created", `Created the organization ${org.name}`);
  await r.activity.record(
    org.id,
    actor,
    "member.added",
    `${admin.name} (${admin.email}) joined as partner admin`,
    {
      userId: admin.id,
      role: "partner_admin" satisfies Role,
    },
  );
  return org.id;
}

/**
 * Sets a new password with a reset link, once: false when the link was used (or expired) meanwhile.
 * Every session of the account ends, and its address counts as verified (the link went there).
 */
export async function resetPassword(
  db: Sql,
  input: { userId: string; tokenHash: string; passwordHash: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const t = repositories(tx);
    if ((await t.accountSecurity.useToken(input.tokenHash, "password-reset")) !== input.userId) return false;
    await t.users.setPasswordHash(input.userId, input.passwordHash);
    await t.accountSecurity.endTokens(input.userId, "password-reset");
    await t.accountSecurity.markEmailVerified(input.userId);
    await t.sessions.deleteForUser(input.userId);
    return true;
  });
}

/**
 * Accepts an invitation with an Entra sign-in, in one transaction: a new account for the invitation's
 * address (or the existing one, when the invitation's e-mailed link proves the address), linked to the
 * Entra identity, and its membership with the activity event. Answers why not when refused.
 */
export async function acceptInvitationWithEntra(
  db: Sql,
  input: {
    invitation: { id: string; orgId: string; orgName: string; email: string; role: Role };
    existingUserId: string | undefined;
    identity: { tenantId: string; objectId: string; username: string };
    name: string;
    /** The invitation's link went out by e-mail: whoever holds it reads that address. */
    emailed: boolean;
  },
): Promise<
  { ok: true; userId: string } | { ok: false; reason: "already_member" | "used" | "identity_taken" }
> {
  const { invitation } = input;
  // An account made here has no password anyone knows: a random one, hashed. "Forgot password" sets one.
  const passwordHash =
    input.existingUserId === undefined ? await hashPassword(randomUUID() + randomUUID()) : "";
  try {
    return await db.transaction(async (tx) => {
      const t = repositories(tx);
      const user =
        input.existingUserId === undefined
          ? await t.users.create({
              id: randomUUID(),
              email: invitation.email,
              name: input.name,
              passwordHash,
            })
          : await t.users.byId(input.existingUserId);
      if (user === undefined) throw new Refused("used");
      if ((await t.users.roleIn(invitation.orgId, user.id)) !== undefined)
        throw new Refused("already_member");
      if (!(await t.invitations.markAccepted(invitation.id, user.id))) throw new Refused("used");
      if (!(await t.entra.link({ ...input.identity, userId: user.id }))) throw new Refused("identity_taken");
      await t.users.addMember(invitation.orgId, user.id, invitation.role);
      if (input.emailed) await t.accountSecurity.markEmailVerified(user.id);
      await t.activity.record(
        invitation.orgId,
        { kind: "user", id: user.id, name: user.name },
        "member.added",
        `${user.name} (${user.email}) accepted the invitation with Microsoft sign-in and joined as ${invitation.role.replace("_", " ")}`,
        { userId: user.id, role: invitation.role, invitationId: invitation.id },
      );
      return { ok: true as const, userId: user.id };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}

class Refused extends Error {
  constructor(readonly reason: "already_member" | "used" | "identity_taken") {
    super(reason);
  }
}
