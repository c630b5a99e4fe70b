export * from './common';
export * from './customer-token';
export * from './order-management';
export * from './payments';
