import { createApi } from '../../platform/http';
import { levelRoutes } from './level-routes';
import { locationRoutes } from './location-routes';
import { stockRoutes } from './stock-routes';

/** `/api/v1/vendor/{locations,inventory}`: the team keeps stock by location. */
export const inventoryRoutes = createApi();

inventoryRoutes.route('/', locationRoutes);
inventoryRoutes.route('/', levelRoutes);
inventoryRoutes.route('/', stockRoutes);
