export * from './access';
export * from './events';
export * from './tenancy';
