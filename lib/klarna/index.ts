/**
 * The storefront's only way to talk to Klarna. Server-only: credentials never leave the server,
 * and the browser only ever receives a session's `client_token`.
 *
 * Every function takes an optional last `{ config, signal }`: `config` (see `createKlarnaConfig`)
 * replaces the environment's base URLs and credentials, e.g. to point tests at a private emulator.
 * Every failure is a {@link KlarnaError}.
 */
export { klarnaRequest, type KlarnaCallOptions, type KlarnaRequest, type KlarnaResponse } from './client';
export {
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  KLARNA_REGIONS,
  basicAuthHeader,
  createKlarnaConfig,
  getKlarnaConfig,
  klarnaConfigFromEnv,
  regionForPurchaseCountry,
  type KlarnaConfig,
  type KlarnaLogEntry,
  type KlarnaRegion,
  type KlarnaRegionConfig,
  type KlarnaRetryPolicy,
} from './config';
export {
  cancelCustomerToken,
  createCustomerTokenOrder,
  readCustomerToken,
  type CustomerTokenRef,
} from './customer-token';
export { KlarnaError, isKlarnaError, type KlarnaClientErrorCode } from './errors';
export {
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
  type CaptureCreated,
  type OrderRef,
  type OrderWrite,
  type RefundCreated,
} from './order-management';
export {
  cancelAuthorization,
  createCustomerToken,
  createSession,
  placeOrder,
  readSession,
  updateSession,
  type CreatedSession,
} from './payments';
export * from './schemas';
