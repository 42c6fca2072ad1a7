import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { createRedis } from '../../platform/redis';
import { kickRelay } from '../../platform/relay-kick';
import { body, hostVendor, json, refusedWith, security } from '../../platform/route-parts';
import { authContext } from './auth-routes';
import { setSessionCookies } from './cookies';
import { acceptInvitation, previewInvitation } from './invitation-service';
import { requirePermission } from './middleware';
import { teamActor } from './route-context';
import { teamSessionSchema } from './schemas';
import {
  acceptInvitationSchema,
  changeRoleSchema,
  createdInvitationSchema,
  idParamSchema,
  invitationPreviewSchema,
  inviteSchema,
  memberSchema,
  teamSchema,
  tokenParamSchema,
  userIdParamSchema,
} from './team-schemas';
import { changeMemberRole, inviteMember, listTeam, removeMember, revokeInvitation } from './team-service';

const tags = ['vendor'];
const refused = refusedWith('Not allowed for this role');

/** /api/v1/vendor: the team (members, roles, invitations) and accepting an invitation. */
export const teamRoutes = createApi();

teamRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/team',
    tags,
    security,
    summary: 'Lists the team and its pending invitations',
    middleware: [requirePermission('team:read')],
    responses: { 200: json(teamSchema, 'The team'), ...refused },
  }),
  async (c) => c.json(await listTeam(c.get('db'), hostVendor(c).id), 200),
);

teamRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/team/invitations',
    tags,
    security,
    summary: 'Invites someone (owners); answers the accept link, shown once',
    middleware: [requirePermission('team:write')],
    request: body(inviteSchema),
    responses: {
      201: json(createdInvitationSchema, 'Invited; a pending invitation of the same email is replaced'),
      409: json(errorSchema, 'Already a member'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => {
    const origin = new URL(c.req.url).origin;
    const invitation = await inviteMember(c.get('db'), teamActor(c), c.req.valid('json'), origin);
    kickRelay(c.env, c.executionCtx);
    return c.json(invitation, 201);
  },
);

teamRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/team/invitations/{id}',
    tags,
    security,
    summary: 'Revokes a pending invitation (owners)',
    middleware: [requirePermission('team:write')],
    request: { params: idParamSchema },
    responses: { 204: { description: 'Revoked' }, 404: json(errorSchema, 'No such pending invitation'), ...refused },
  }),
  async (c) => {
    await revokeInvitation(c.get('db'), hostVendor(c).id, c.req.valid('param').id);
    return c.body(null, 204);
  },
);

teamRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/team/members/{userId}',
    tags,
    security,
    summary: "Changes a member's role (owners); their sessions end so it applies at once",
    middleware: [requirePermission('team:write')],
    request: { params: userIdParamSchema, ...body(changeRoleSchema) },
    responses: {
      200: json(memberSchema, 'The member with the new role'),
      404: json(errorSchema, 'No such member'),
      409: json(errorSchema, 'The last owner cannot be demoted'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => {
    const { role } = c.req.valid('json');
    const member = await changeMemberRole(c.get('db'), createRedis(c.env), teamActor(c), c.req.valid('param').userId, role);
    kickRelay(c.env, c.executionCtx);
    return c.json(member, 200);
  },
);

teamRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/team/members/{userId}',
    tags,
    security,
    summary: 'Removes a member (owners) and ends their sessions at once',
    middleware: [requirePermission('team:write')],
    request: { params: userIdParamSchema },
    responses: {
      204: { description: 'Removed' },
      404: json(errorSchema, 'No such member'),
      409: json(errorSchema, 'The last owner cannot be removed'),
      ...refused,
    },
  }),
  async (c) => {
    await removeMember(c.get('db'), createRedis(c.env), teamActor(c), c.req.valid('param').userId);
    kickRelay(c.env, c.executionCtx);
    return c.body(null, 204);
  },
);

// Public (listed in PUBLIC_ROUTES): the invitee has no account here yet; the link's token is the proof.

teamRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/invitations/{token}',
    tags,
    summary: 'What an invitation link offers (public; the token is the credential)',
    request: { params: tokenParamSchema },
    responses: {
      200: json(invitationPreviewSchema, 'A pending invitation'),
      404: json(errorSchema, 'Unknown, expired, revoked or already used'),
    },
  }),
  async (c) => c.json(await previewInvitation(c.get('db'), hostVendor(c), c.req.valid('param').token), 200),
);

teamRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invitations/{token}/accept',
    tags,
    summary: 'Accepts an invitation and signs the new member in (public; rate limited per IP)',
    request: { params: tokenParamSchema, ...body(acceptInvitationSchema) },
    responses: {
      200: json(teamSessionSchema, 'Joined and signed in, as after a team login'),
      401: json(errorSchema, "Wrong password for the invitee's existing account"),
      404: json(errorSchema, 'Unknown, expired, revoked or already used'),
      409: json(errorSchema, 'Already a member'),
      422: json(errorSchema, 'Invalid body (a new account needs a name and a 10+ character password)'),
      429: json(errorSchema, 'Too many attempts'),
    },
  }),
  async (c) => {
    const session = await acceptInvitation(authContext(c), hostVendor(c).id, c.req.valid('param').token, c.req.valid('json'));
    setSessionCookies(c, session);
    kickRelay(c.env, c.executionCtx);
    return c.json(session, 200);
  },
);
