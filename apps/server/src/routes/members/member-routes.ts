import { randomUUID } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { Email, errorResponses, Invitation, json, Member, OrgParams, Role, Uuid } from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { newSecret, sha256Hex } from "../../auth/secrets.js";
import { errors } from "../../errors/app-error.js";
import { publicOrigin } from "../../http/authenticate.js";
import { clientAddress } from "../../http/client-address.js";
import { orgOf, type SecuredRoutes } from "../../http/secured-route.js";

const tags = ["Members"];
const INVITATION_DAYS = 7;
const roleText = (role: string) => role.replace("_", " ");

const listMembers = createRoute({
  method: "get",
  path: "/orgs/{orgId}/members",
  tags,
  summary: "Members with their roles, and open invitations",
  request: { params: OrgParams },
  responses: {
    200: json(z.object({ members: z.array(Member), invitations: z.array(Invitation) }), "Members"),
    ...errorResponses(401, 403, 404),
  },
});

const invite = createRoute({
  method: "post",
  path: "/orgs/{orgId}/invitations",
  tags,
  summary: "Invite a person with a role; the link is returned once (send it to them)",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ email: Email, role: Role }) } },
    },
  },
  responses: {
    201: json(Invitation.extend({ url: z.string() }), "The invitation and its one-time link"),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const withdraw = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/invitations/{invitationId}",
  tags,
  summary: "Withdraw an open invitation",
  request: { params: OrgParams.extend({ invitationId: Uuid }) },
  responses: { 204: { description: "Withdrawn" }, ...errorResponses(401, 403, 404) },
});

const MemberParams = OrgParams.extend({ userId: Uuid });

const changeRole = createRoute({
  method: "patch",
  path: "/orgs/{orgId}/members/{userId}",
  tags,
  summary: "Change a member's role (the last partner admin stays one)",
  request: {
    params: MemberParams,
    body: { required: true, content: { "application/json": { schema: z.object({ role: Role }) } } },
  },
  responses: { 200: json(Member, "Changed"), ...errorResponses(400, 401, 403, 404, 409) },
});

const removeMember = createRoute({
  method: "delete",
  path: "/orgs/{orgId}/members/{userId}",
  tags,
  summary: "Remove a member from the organization (not the last partner admin)",
  request: { params: MemberParams },
  responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404, 409) },
});

export function registerMemberRoutes(routes: SecuredRoutes): void {
  routes.add(listMembers, { kind: "org", action: "members.read" }, async (c, auth) => {
    const { orgId } = orgOf(auth);
    const r = repositories(c.var.ctx.db);
    const invitations = (await r.invitations.listOpen(orgId)).map(
      ({ id, email, role, createdAt, expiresAt }) => ({
        id,
        email,
        role,
        createdAt,
        expiresAt,
      }),
    );
    const { role } = orgOf(auth);
    return c.json(
      {
        members: eachWithActions(role, "member", await r.users.members(orgId)),
        invitations: eachWithActions(role, "invitation", invitations),
      },
      200,
    );
  });

  routes.add(invite, { kind: "org", action: "members.invite" }, async (c, auth) => {
    const { orgId, actor, principal } = orgOf(auth);
    const { email, role } = c.req.valid("json");
    const ctx = c.var.ctx;
    const token = newSecret();
    const id = randomUUID();
    const expiresAt = new Date(ctx.now().getTime() + INVITATION_DAYS * 86_400_000).toISOString();
    await ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const existing = await r.users.byEmail(email);
      if (existing !== undefined && (await r.users.roleIn(orgId, existing.id)) !== undefined) {
        throw errors.conflict(
          "members.already_member",
          `${email} is already a member; change their role instead.`,
        );
      }
      await r.invitations.create({
        id,
        orgId,
        email,
        role,
        tokenHash: sha256Hex(token),
        createdBy: principal.kind === "user" ? principal.user.id : "",
        expiresAt,
      });
      await r.activity.record(orgId, actor, "member.invited", `Invited ${email} as ${roleText(role)}`, {
        invitationId: id,
        email,
        role,
      });
    });
    const base = publicOrigin(ctx);
    const created = { id, email, role, createdAt: ctx.now().toISOString(), expiresAt };
    return c.json(
      withActions(orgOf(auth).role, "invitation", { ...created, url: `${base}/invite/${token}` }),
      201,
    );
  });

  routes.add(withdraw, { kind: "org", action: "members.invite" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const { invitationId } = c.req.valid("param");
    await c.var.ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const gone = await r.invitations.withdraw(orgId, invitationId);
      if (gone === undefined) throw errors.notFound("open invitation");
      await r.activity.record(
        orgId,
        actor,
        "member.invitation_withdrawn",
        `Withdrew the invitation of ${gone.email}`,
        {
          invitationId,
          email: gone.email,
        },
      );
    });
    return c.body(null, 204);
  });

  routes.add(changeRole, { kind: "org", action: "members.change" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const { userId } = c.req.valid("param");
    const { role } = c.req.valid("json");
    const member = await c.var.ctx.db.transaction(async (tx) => {
      const r = repositories(tx);
      const admins = await r.users.adminIdsForUpdate(orgId);
      const before = await r.users.roleIn(orgId, userId);
      if (before === undefined) throw errors.notFound("member");
      if (before === "partner_admin" && role !== "partner_admin" && admins.length === 1) {
        throw errors.conflict(
          "members.last_admin",
          "This is the only partner admin: make someone else partner admin first.",
        );
      }
      await r.users.setRole(orgId, userId, role);
      const m = (await r.users.members(orgId)).find((x) => x.userId === userId);
      if (before !== role) {
        await r.activity.record(
          orgId,
          actor,
          "member.role_changed",
          `Changed the role of ${m?.name ?? userId} from ${roleText(before)} to ${roleText(role)}`,
          { userId, from: before, to: role },
        );
      }
      return { member: m, before };
    });
    if (member.before !== role)
      c.var.ctx.securityLog.record({
        event: "role.changed",
        orgId,
        userId,
        from: member.before,
        to: role,
        byUserId: actor.kind === "user" ? actor.id : null,
        address: clientAddress(c as never),
      });
    return c.json(
      withActions(orgOf(auth).role, "member", member.member as NonNullable<typeof member.member>),
      200,
    );
  });

  routes.add(removeMember, { kind: "org", action: "members.change" }, async (c, auth) => {
    const { orgId, actor } = orgOf(auth);
    const { userId } = c.req.valid("param");
    await c.var.ctx.db
      .transaction(async (tx) => {
        const r = repositories(tx);
        const admins = await r.users.adminIdsForUpdate(orgId);
        const m = (await r.users.members(orgId)).find((x) => x.userId === userId);
        if (m === undefined) throw errors.notFound("member");
        if (m.role === "partner_admin" && admins.length === 1) {
          throw errors.conflict(
            "members.last_admin",
            "This is the only partner admin: make someone else partner admin first.",
          );
        }
        await r.users.removeMember(orgId, userId);
        await r.activity.record(orgId, actor, "member.removed", `Removed ${m.name} (${m.email})`, {
          userId,
          role: m.role,
        });
        return m.role;
      })
      .then((role) =>
        c.var.ctx.securityLog.record({
          event: "member.removed",
          orgId,
          userId,
          role,
          byUserId: actor.kind === "user" ? actor.id : null,
          address: clientAddress(c as never),
        }),
      );
    return c.body(null, 204);
  });
}
