export * from './access';
export * from './catalog';
export * from './events';
export * from './imports';
export * from './orders';
export * from './stock';
export * from './tenancy';
export * from './webhooks';
