import { renderBody } from './redact.js';
import type {
  Address,
  CompleteSessionData,
  Customer,
  Intent,
  MerchantUrls,
  OrderLine,
  Region,
} from './types.js';

/**
 * In-memory state of one emulator instance. Records keep Klarna's snake_case payloads
 * as sent, plus the emulator's own bookkeeping in camelCase. `reset()` empties everything.
 */

export interface SessionRecord {
  id: string;
  region: Region;
  /** The API username that created it; other merchants cannot see it. */
  merchantId: string;
  clientToken: string;
  data: CompleteSessionData;
  status: 'incomplete' | 'complete';
  createdAt: number;
  updatedAt: number;
  /** 48 h after the last update. */
  expiresAt: number;
  /** The latest authorization token issued for this session. */
  authorizationToken?: string;
  /** An approval waiting for `Klarna.Payments.finalize()` (authorize with `auto_finalize: false`). */
  pendingFinalize?: { email: string; approvedAt: number };
}

export type AuthorizationStatus = 'active' | 'cancelled' | 'superseded';

export interface AuthorizationRecord {
  token: string;
  sessionId: string;
  region: Region;
  merchantId: string;
  intent: Intent;
  /** The session data as authorized: place order and customer token must match it. */
  authorized: CompleteSessionData;
  email: string;
  paymentMethodCategory: string;
  status: AuthorizationStatus;
  createdAt: number;
  /** 60 minutes after creation. */
  expiresAt: number;
  orderId?: string;
  customerTokenId?: string;
}

export type FraudStatus = 'ACCEPTED' | 'PENDING' | 'REJECTED';
export type OrderStatus = 'AUTHORIZED' | 'PART_CAPTURED' | 'CAPTURED' | 'CANCELLED' | 'EXPIRED' | 'CLOSED';

export interface ShippingInfo {
  shipping_company?: string;
  shipping_method?: string;
  tracking_number?: string;
  tracking_uri?: string;
  return_shipping_company?: string;
  return_tracking_number?: string;
  return_tracking_uri?: string;
}

export interface CaptureRecord {
  capture_id: string;
  klarna_reference: string;
  captured_amount: number;
  /** Epoch ms on the emulator clock. */
  captured_at: number;
  description: string;
  order_lines: OrderLine[];
  reference?: string;
  refunded_amount: number;
  billing_address?: Address;
  shipping_address?: Address;
  shipping_info: ShippingInfo[];
  /** Days the payment due date was extended by (`extend-due-date`); at most once per capture. */
  dueDateExtensionDays?: number;
}

export interface RefundRecord {
  refund_id: string;
  refunded_amount: number;
  refunded_at: number;
  description: string;
  /** Refund lines may include a `return_fee` line (Order Management's extra line type). */
  order_lines: (Omit<OrderLine, 'type'> & { type?: OrderLine['type'] | 'return_fee' })[];
  reference?: string;
}

/** An order placed through the Payments API, with everything Order Management needs. */
export interface OrderRecord {
  orderId: string;
  region: Region;
  merchantId: string;
  sessionId: string;
  authorizationToken: string;
  klarnaReference: string;
  status: OrderStatus;
  fraudStatus: FraudStatus;
  purchaseCountry: string;
  purchaseCurrency: string;
  locale: string;
  orderAmount: number;
  originalOrderAmount: number;
  orderTaxAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  orderLines: OrderLine[];
  billingAddress?: Address;
  shippingAddress?: Address;
  customer?: Customer;
  merchantReference1?: string;
  merchantReference2?: string;
  merchantData?: string;
  merchantUrls: MerchantUrls;
  initialPaymentMethod: { type: string; description: string };
  /** The email the shopper approved with; it selects the persona. */
  email: string;
  createdAt: number;
  /** 28 days after creation: the order can be captured until then. */
  expiresAt: number;
  captures: CaptureRecord[];
  refunds: RefundRecord[];
  shippingInfo: ShippingInfo[];
  /** Set when the order was placed by charging a customer token (Customer Token API). */
  customerTokenId?: string;
}

export type CustomerTokenStatus = 'ACTIVE' | 'CANCELLED' | 'SUSPENDED';

/** A customer token minted from an authorization; the Customer Token API reads and charges it. */
export interface CustomerTokenRecord {
  tokenId: string;
  status: CustomerTokenStatus;
  region: Region;
  merchantId: string;
  sessionId: string;
  authorizationToken: string;
  /** `payment_method_type` in the Customer Token API, e.g. `INVOICE`. */
  paymentMethodType: string;
  paymentMethodReference: string;
  billingAddress?: Address;
  customer?: Customer;
  purchaseCountry: string;
  purchaseCurrency: string;
  locale: string;
  description: string;
  intendedUse: string;
  email: string;
  createdAt: number;
}

export type HppStatus =
  | 'WAITING'
  | 'BACK'
  | 'IN_PROGRESS'
  | 'MANUAL_ID_CHECK'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'FAILED'
  | 'DISABLED'
  | 'ERROR';

/** Where the hosted page sends the shopper, and where status changes are POSTed (HPP `MerchantUrlsV1`). */
export interface HppMerchantUrls {
  back?: string;
  cancel?: string;
  error?: string;
  failure?: string;
  status_update?: string;
  success?: string;
}

export type HppPlaceOrderMode = 'PLACE_ORDER' | 'CAPTURE_ORDER' | 'NONE';

/** An HPP session: a Klarna-hosted page for one Payments session. */
export interface HppSessionRecord {
  id: string;
  region: Region;
  merchantId: string;
  paymentSessionId: string;
  merchantUrls: HppMerchantUrls;
  placeOrderMode: HppPlaceOrderMode;
  pageTitle?: string;
  purchaseType?: string;
  status: HppStatus;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  authorizationToken?: string;
  orderId?: string;
  klarnaReference?: string;
}

/** A payment link the emulator would have sent by email or SMS; kept here, never sent. */
export interface OutboxMessage {
  id: number;
  /** Emulator clock time, ISO. */
  at: string;
  hpp_session_id: string;
  method: 'email' | 'sms' | 'token';
  /** The email address, the phone number with its country, or the access id. */
  to: string;
  subject?: string;
  text: string;
  link: string;
}

export interface RequestLogEntry {
  id: number;
  at: string;
  method: string;
  path: string;
  region?: Region;
  status: number;
  correlation_id: string;
  duration_ms: number;
  body?: unknown;
  /** `unknown field <path>` for each request field the emulator ignored. */
  warnings?: string[];
}

/**
 * How a request is kept in the log: times as epoch ms and the body as the text received, so the
 * last thousand requests are a few flat strings for the garbage collector, not object trees.
 * `requestLogView` turns one into the public `RequestLogEntry`.
 */
export interface RequestLogRecord extends Omit<RequestLogEntry, 'body' | 'at'> {
  atMs: number;
  bodyText?: string;
  /** The body was longer than LOG_BODY_CHARS: `bodyText` is its beginning only. */
  bodyTruncated?: boolean;
}

/** The log keeps this much of each body, so a thousand 1 MB bodies cannot fill the memory. */
export const LOG_BODY_CHARS = 64 * 1024;

/** The body as received (cut at LOG_BODY_CHARS) for the log. */
export function logBody(entry: RequestLogRecord, bodyText: string): void {
  if (bodyText.length <= LOG_BODY_CHARS) entry.bodyText = bodyText;
  else {
    entry.bodyText = bodyText.slice(0, LOG_BODY_CHARS);
    entry.bodyTruncated = true;
  }
}

/** The public view of a log entry: the body parsed, depth-capped and with merchant URLs redacted. */
export function requestLogView(record: RequestLogRecord): RequestLogEntry {
  const { atMs, bodyText, bodyTruncated, ...rest } = record;
  const entry: RequestLogEntry = { ...rest, at: new Date(atMs).toISOString() };
  if (bodyText !== undefined) {
    if (bodyTruncated) entry.body = `${bodyText}… [cut at ${LOG_BODY_CHARS} characters]`;
    else {
      try {
        entry.body = renderBody(JSON.parse(bodyText));
      } catch {
        entry.body = bodyText;
      }
    }
  }
  return entry;
}

export interface CallbackLogEntry {
  id: number;
  kind: 'authorization' | 'notification' | 'hpp_status';
  url: string;
  body: unknown;
  attempt: number;
  /** Emulator clock time of the attempt. */
  at: string;
  status?: number;
  error?: string;
  outcome: 'delivered' | 'failed' | 'retry_scheduled' | 'gave_up';
}

/** Logs keep the latest entries only (at least this many), so a long benchmark cannot grow memory without bound. */
export const LOG_LIMIT = 1000;

export class Store {
  readonly sessions = new Map<string, SessionRecord>();
  readonly authorizations = new Map<string, AuthorizationRecord>();
  readonly orders = new Map<string, OrderRecord>();
  readonly customerTokens = new Map<string, CustomerTokenRecord>();
  /** Klarna-hosted `redirect_url` ids → the merchant's confirmation URL. */
  readonly redirects = new Map<string, string>();
  readonly hppSessions = new Map<string, HppSessionRecord>();
  readonly outbox: OutboxMessage[] = [];
  readonly requests: RequestLogRecord[] = [];
  readonly callbacks: CallbackLogEntry[] = [];
  private requestSeq = 0;
  private callbackSeq = 0;
  private outboxSeq = 0;
  /** Called when something happens outside a request (a callback delivered, a link sent): persistence listens. */
  onBackgroundChange: (() => void) | undefined;

  /** The counters behind log ids, so that a restored log goes on numbering where it stopped. */
  get sequences(): { request: number; callback: number; outbox: number } {
    return { request: this.requestSeq, callback: this.callbackSeq, outbox: this.outboxSeq };
  }

  set sequences(value: { request: number; callback: number; outbox: number }) {
    this.requestSeq = value.request;
    this.callbackSeq = value.callback;
    this.outboxSeq = value.outbox;
  }

  reset(): void {
    this.sessions.clear();
    this.authorizations.clear();
    this.orders.clear();
    this.customerTokens.clear();
    this.redirects.clear();
    this.hppSessions.clear();
    this.outbox.length = 0;
    this.requests.length = 0;
    this.callbacks.length = 0;
  }

  /** Numbers `entry` (its `id` is overwritten) and keeps it: no copy, this runs on every request. */
  logRequest(entry: RequestLogRecord): void {
    entry.id = ++this.requestSeq;
    pushBounded(this.requests, entry);
  }

  addToOutbox(message: Omit<OutboxMessage, 'id'>): OutboxMessage {
    const kept = { id: ++this.outboxSeq, ...message };
    pushBounded(this.outbox, kept);
    return kept;
  }

  logCallback(entry: Omit<CallbackLogEntry, 'id'>): CallbackLogEntry {
    const logged = { id: ++this.callbackSeq, ...entry };
    pushBounded(this.callbacks, logged);
    this.onBackgroundChange?.();
    return logged;
  }
}

/** Trims in batches (at 1.5 × the limit, back to the limit) so a push stays O(1) on average. */
function pushBounded<T>(list: T[], entry: T): void {
  list.push(entry);
  if (list.length > LOG_LIMIT * 1.5) list.splice(0, list.length - LOG_LIMIT);
}
