export * from './common';
export * from './customer-token';
export * from './hpp';
export * from './order-management';
export * from './payments';
