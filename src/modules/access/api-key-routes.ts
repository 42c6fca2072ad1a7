import { createApi } from '../../platform/http';

/** /api/v1/vendor/api-keys: owners create, list and revoke API keys. */
export const apiKeyRoutes = createApi();
