import { createApi } from '../../platform/http';
import { categoryRoutes } from './category-routes';
import { productRoutes } from './product-routes';

/** `/api/v1/vendor/{products,categories}`: the team manages the catalog. */
export const catalogRoutes = createApi();
catalogRoutes.route('/', productRoutes);
catalogRoutes.route('/', categoryRoutes);
