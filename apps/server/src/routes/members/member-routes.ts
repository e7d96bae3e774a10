import { createRoute, z } from "@hono/zod-openapi";
import { repositories } from "@specready/db";
import { Email, errorResponses, Invitation, json, Member, OrgParams, Role, Uuid } from "../../api/schemas.js";
import { eachWithActions, withActions } from "../../auth/allowed-actions.js";
import { publicOrigin } from "../../http/authenticate.js";
import { clientAddress } from "../../http/client-address.js";
import { answerOf } from "../../http/domain-errors.js";
import { etagOf, expectedVersion } from "../../http/preconditions.js";
import { commandAccess, orgOf, type SecuredRoutes } from "../../http/secured-route.js";
import { changeMemberRole } from "../../services/members/change-member-role.js";
import { emailInvitation } from "../../services/members/email-invitation.js";
import { inviteMember } from "../../services/members/invite-member.js";
import { removeMember as removeMemberCommand } from "../../services/members/remove-member.js";
import { withdrawInvitation } from "../../services/members/withdraw-invitation.js";

const tags = ["Members"];

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
  summary:
    "Invite a person with a role: with a mail server, the link goes to their address only; without one, it is returned once (send it to them)",
  request: {
    params: OrgParams,
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ email: Email, role: Role }) } },
    },
  },
  responses: {
    201: json(
      Invitation.extend({
        url: z
          .string()
          .optional()
          .openapi({ description: "The one-time link, only when no e-mail was sent" }),
      }),
      "The invitation, and its one-time link unless it was e-mailed",
    ),
    ...errorResponses(400, 401, 403, 404, 409, 503),
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
    const ctx = c.var.ctx;
    const { secret, ...created } = answerOf(
      await inviteMember(ctx, commandAccess(auth), c.req.valid("json")),
    );
    const url = `${publicOrigin(ctx)}/invite/${secret}`;
    if (ctx.mailer !== undefined) {
      // The link goes to the address only, not to the inviter: whoever accepts it has read that mail.
      await emailInvitation(ctx, ctx.mailer, {
        orgId: orgOf(auth).orgId,
        invitationId: created.id,
        email: created.email,
        role: created.role,
        url,
        expiresAt: created.expiresAt,
        inviterName: orgOf(auth).actor.name,
      });
      return c.json(
        withActions(orgOf(auth).role, "invitation", { ...created, emailedAt: ctx.now().toISOString() }),
        201,
      );
    }
    return c.json(withActions(orgOf(auth).role, "invitation", { ...created, url, emailedAt: null }), 201);
  });

  routes.add(withdraw, { kind: "org", action: "members.invite" }, async (c, auth) => {
    answerOf(await withdrawInvitation(c.var.ctx, commandAccess(auth), c.req.valid("param")));
    return c.body(null, 204);
  });

  routes.add(
    changeRole,
    { kind: "org", action: "members.change" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { userId } = c.req.valid("param");
      const { role } = c.req.valid("json");
      const { member, before } = answerOf(
        await changeMemberRole(c.var.ctx, access, { userId, role, expected: expectedVersion(c) }),
      );
      if (before !== role)
        c.var.ctx.securityLog.record({
          event: "role.changed",
          orgId: access.orgId,
          userId,
          from: before,
          to: role,
          byUserId: access.userId,
          address: clientAddress(c as never),
        });
      const version = await repositories(c.var.ctx.db).versions.member(access.orgId, userId);
      if (version !== null) c.header("ETag", etagOf(version));
      return c.json(withActions(orgOf(auth).role, "member", member), 200);
    },
    { versioned: "member" },
  );

  routes.add(
    removeMember,
    { kind: "org", action: "members.change" },
    async (c, auth) => {
      const access = commandAccess(auth);
      const { userId } = c.req.valid("param");
      const { role } = answerOf(
        await removeMemberCommand(c.var.ctx, access, { userId, expected: expectedVersion(c) }),
      );
      c.var.ctx.securityLog.record({
        event: "member.removed",
        orgId: access.orgId,
        userId,
        role,
        byUserId: access.userId,
        address: clientAddress(c as never),
      });
      return c.body(null, 204);
    },
    { versioned: "member" },
  );
}
