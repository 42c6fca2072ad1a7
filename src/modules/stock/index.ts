/**
 * What others may use of the stock engine: judging variants against the low-stock threshold (the
 * stock Worker runs it for each event that changes availability), the threshold itself (the
 * inventory list's "low"), the unpaid-order expiry (the stock Worker's cron), the triggering
 * topics, and its events.
 */
export { type Evaluation, evaluateStock } from './engine';
export { inventoryLowStockV1, inventoryRestockedV1 } from './events';
export { cancelUnpaidOrders, EXPIRY_LIMITS, type ExpiryLimits, type ExpiryRun } from './expiry';
export { lowStockThreshold } from './service';
export { STOCK_TOPICS, variantsChangedBy } from './triggers';
