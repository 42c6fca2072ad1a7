import { createApi } from '../../platform/http';

/** /api/v1/vendor: the team (members, roles, invitations). */
export const teamRoutes = createApi();
