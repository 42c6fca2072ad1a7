import { createApi } from '../../platform/http';

/** `/api/v1/{admin,vendor,shop}/me` and the shopper's account. */
export const accountRoutes = createApi();
