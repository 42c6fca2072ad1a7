import { createApi } from '../../platform/http';

/** `/api/v1/vendor/{locations,inventory}`: the team keeps stock by location. */
export const inventoryRoutes = createApi();
