import { createApi } from '../../platform/http';
import { createLevelRoutes } from './level-routes';
import type { LowStockThresholdOf } from './level-service';
import { locationRoutes } from './location-routes';
import { stockRoutes } from './stock-routes';

/**
 * `/api/v1/vendor/{locations,inventory}`: the team keeps stock by location. The low-stock
 * threshold is the stock engine's setting, handed in by the app (stock depends on inventory).
 */
export function createInventoryRoutes(deps: { lowStockThresholdOf: LowStockThresholdOf }) {
  const inventoryRoutes = createApi();
  inventoryRoutes.route('/', locationRoutes);
  inventoryRoutes.route('/', createLevelRoutes(deps.lowStockThresholdOf));
  inventoryRoutes.route('/', stockRoutes);
  return inventoryRoutes;
}
