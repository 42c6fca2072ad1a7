/**
 * What other modules (and the seed) may use of inventory: stock locations, changing stock through
 * the same rules as the API (every change in the ledger, with its event), and the events.
 */
export { actorOf, type StockActor } from './actor';
export { bulkAdjustStock, type StockLine, setStock, setStockStatements } from './bulk-stock';
export {
  inventoryAdjustedV1,
  inventoryTransferredV1,
  stockLocationCreatedV1,
  stockLocationDeletedV1,
  stockLocationUpdatedV1,
} from './events';
export { receiveInitialStock } from './initial-stock';
export { countStockLevels, getVariantStock, type LowStockThresholdOf } from './level-service';
export { createLocation, ensureDefaultLocations, listLocations } from './location-service';
export { type Allocation, reservationSteps, settleReservations } from './reservations';
export type { AdjustedLevel, Level, Location, TransferResult } from './schemas';
export { adjustStock, type StockChange, transferStockBetween } from './stock-service';
