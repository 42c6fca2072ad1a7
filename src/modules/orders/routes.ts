import { createApi } from '../../platform/http';
import { shopAccountRoutes } from './account-routes';
import { checkoutSettingsRoutes } from './settings-routes';
import { shopOrderRoutes } from './shop-routes';
import { vendorOrderRoutes } from './vendor-routes';

/** `/api/v1/shop/*` routes of orders: checkout, guest lookup and the signed-in shopper's account. */
export const shopOrdersApi = createApi();
shopOrdersApi.route('/', shopOrderRoutes);
shopOrdersApi.route('/', shopAccountRoutes);

/** `/api/v1/vendor/*` routes of orders: orders, customers and checkout settings. */
export const vendorOrdersApi = createApi();
vendorOrdersApi.route('/', vendorOrderRoutes);
vendorOrdersApi.route('/', checkoutSettingsRoutes);
