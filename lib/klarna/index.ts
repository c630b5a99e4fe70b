/**
 * The storefront's only way to talk to Klarna. Server-only: credentials never leave the server,
 * and the browser only ever receives a session's `client_token`.
 *
 * Every function takes an optional last `{ config, signal }`: `config` (see `createKlarnaConfig`)
 * replaces the environment's base URLs and credentials, e.g. to point tests at a private emulator.
 * Every failure is a {@link KlarnaError}.
 */
export { klarnaRequest, type KlarnaCallOptions } from './client';
export {
  createKlarnaConfig,
  klarnaConfigFromEnv,
  type KlarnaConfig,
  type KlarnaLogEntry,
  type KlarnaRegion,
  type KlarnaRetryPolicy,
} from './config';
export { cancelCustomerToken, createCustomerTokenOrder, readCustomerToken } from './customer-token';
export { KlarnaError, isKlarnaError } from './errors';
export { createHppSession, disableHppSession, paymentSessionUrl, readHppSession } from './hpp';
export {
  fetchKlarnaMessage,
  type KlarnaMessage,
  type MessagingOptions,
  type MessagingPlacement,
  type MessagingRequest,
} from './messaging';
export {
  AUTHORIZATION_DAYS,
  acknowledgeOrder,
  addShippingInfo,
  cancelOrder,
  captureOrder,
  extendAuthorizationTime,
  getCapture,
  getOrder,
  getRefund,
  listCaptures,
  refundOrder,
  releaseRemainingAuthorization,
  updateAuthorization,
  updateMerchantReferences,
  type OrderRef,
} from './order-management';
export {
  cancelAuthorization,
  createCustomerToken,
  createSession,
  placeOrder,
  readSession,
  updateSession,
} from './payments';
export * from './schemas';
