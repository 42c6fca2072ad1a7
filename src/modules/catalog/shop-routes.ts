import { createApi } from '../../platform/http';

/** `/api/v1/shop/{products,categories,search}`: shoppers browse the catalog. */
export const shopCatalogRoutes = createApi();
