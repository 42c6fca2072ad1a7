export * from './events';
export * from './tenancy';
