import { createApi } from '../../platform/http';

/** /api/v1/admin/users: platform admins list, search and disable users. */
export const adminUserRoutes = createApi();
