export { vendorCreatedV1 } from './events';
export type { VendorRow } from './repo';
export { adminVendorRoutes } from './routes';
export {
  createVendor,
  listActiveVendors,
  normalizeHost,
  resolveHost,
  type TenancyEnv,
  type Tenant,
} from './service';
