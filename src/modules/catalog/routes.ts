import { createApi } from '../../platform/http';

/** `/api/v1/vendor/{products,categories}`: the team manages the catalog. */
export const catalogRoutes = createApi();
