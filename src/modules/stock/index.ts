/**
 * What others may use of the stock engine: judging variants against the low-stock threshold (the
 * stock Worker runs it for each event that changes availability), the triggering topics, and its events.
 */
export { type Evaluation, evaluateStock } from './engine';
export { inventoryLowStockV1, inventoryRestockedV1 } from './events';
export { STOCK_TOPICS, variantsChangedBy } from './triggers';
