import type { Emulator } from '../emulator.js';
import { badValue, KlarnaError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { placeOrder, type Caller } from '../orders.js';
import { isPlausibleEmail } from '../personas.js';
import { isExpired as isPaymentSessionExpired } from '../sessions.js';
import type {
  HppMerchantUrls,
  HppPlaceOrderMode,
  HppSessionRecord,
  HppStatus,
  SessionRecord,
} from '../store.js';
import type { Region } from '../types.js';
import {
  array,
  check,
  IGNORE_UNKNOWN_FIELDS,
  integer,
  object,
  string,
  type FieldPolicy,
} from '../validate.js';

/**
 * Hosted Payment Page API v1: a Klarna-hosted page for one Payments session. The merchant creates
 * it, sends the shopper there (redirect, email or SMS link), and hears about every status change
 * on `merchant_urls.status_update`; the page runs the widget's approval and then redirects to the
 * merchant's success, cancel, failure or back URL.
 */

/** An HPP session lives 48 hours, like the Payments session it hosts. */
export const HPP_SESSION_LIFETIME_MS = 48 * 3_600_000;

/** http(s) URLs; plain http like the Payments API accepts it, for a local shop. Placeholders allowed. */
const URL_PATTERN = /^https?:\/\/[^\s]+$/;
const url = string({ max: 2000, pattern: URL_PATTERN });

const CATEGORIES = [
  'DIRECT_DEBIT',
  'DIRECT_BANK_TRANSFER',
  'PAY_NOW',
  'PAY_LATER',
  'PAY_OVER_TIME',
  'KLARNA',
];

interface CreateRequest {
  payment_session_url: string;
  profile_id?: string;
  merchant_urls?: HppMerchantUrls;
  options?: {
    page_title?: string;
    logo_url?: string;
    place_order_mode?: HppPlaceOrderMode;
    purchase_type?: string;
  };
}

const createSchema = object<CreateRequest>(
  {
    payment_session_url: string({ max: 2000 }),
    profile_id: string({ max: 100 }),
    merchant_urls: object({
      back: url,
      cancel: url,
      error: url,
      failure: url,
      status_update: url,
      success: url,
    }),
    options: object({
      background_images: array(object({ url, width: integer({ min: 0 }) })),
      logo_url: url,
      page_title: string({ max: 200 }),
      payment_method_categories: array(string({ enum: CATEGORIES })),
      payment_method_category: string({ enum: CATEGORIES }),
      place_order_mode: string({ enum: ['PLACE_ORDER', 'CAPTURE_ORDER', 'NONE'] }),
      purchase_type: string({
        enum: ['BUY', 'RENT', 'BOOK', 'SUBSCRIBE', 'DOWNLOAD', 'ORDER', 'CONTINUE'],
      }),
      show_subtotal_detail: string({ enum: ['HIDE'] }),
    }),
  },
  { required: ['payment_session_url'] },
);

interface DistributionRequest {
  method: 'sms' | 'email' | 'token';
  contact_information: { access_id?: string; email?: string; phone?: string; phone_country?: string };
  template?: string;
}

const distributionSchema = object<DistributionRequest>(
  {
    method: string({ enum: ['sms', 'email', 'token'] }),
    contact_information: object({
      access_id: string({ min: 1, max: 200 }),
      email: string({ max: 99 }),
      phone: string({ pattern: /^\+?[0-9 ()-]{5,20}$/ }),
      phone_country: string({ pattern: /^[A-Za-z]{2}$/ }),
    }),
    template: string({ enum: ['INSTORE_PURCHASE'] }),
  },
  { required: ['method', 'contact_information'] },
);

/** `…/payments/v1/sessions/{id}` on any host (Klarna's or the emulator's, with or without a region). */
const PAYMENT_SESSION_PATH = /^(?:\/(?:eu|na|oc))?\/payments\/v1\/sessions\/([^/]+)\/?$/;

export function createHppSession(
  emulator: Emulator,
  body: unknown,
  caller: Caller,
  fields: FieldPolicy,
): HppSessionRecord {
  const { value, issues } = check(createSchema, body, fields);
  if (issues.length > 0 || !value) throw badValue(issues);
  const paymentSession = paymentSessionFrom(emulator, value.payment_session_url, caller);

  const now = emulator.clock.now();
  const record: HppSessionRecord = {
    id: newId(),
    region: caller.region,
    merchantId: caller.merchantId,
    paymentSessionId: paymentSession.id,
    merchantUrls: value.merchant_urls ?? {},
    placeOrderMode: value.options?.place_order_mode ?? 'NONE',
    status: 'WAITING',
    createdAt: now,
    updatedAt: now,
    expiresAt: now + HPP_SESSION_LIFETIME_MS,
  };
  if (value.options?.page_title) record.pageTitle = value.options.page_title;
  if (value.options?.purchase_type) record.purchaseType = value.options.purchase_type;
  emulator.store.hppSessions.set(record.id, record);
  return record;
}

function paymentSessionFrom(emulator: Emulator, sessionUrl: string, caller: Caller): SessionRecord {
  let path: string;
  try {
    path = new URL(sessionUrl).pathname;
  } catch {
    throw new KlarnaError(400, 'BAD_VALUE', ['Bad value: payment_session_url']);
  }
  if (/\/checkout\/v3\/orders\//.test(path)) {
    throw new KlarnaError(400, 'BAD_VALUE', [
      'Bad value: payment_session_url (Klarna Checkout orders are not emulated; use a Payments session)',
    ]);
  }
  const match = PAYMENT_SESSION_PATH.exec(path);
  if (!match) throw new KlarnaError(400, 'BAD_VALUE', ['Bad value: payment_session_url']);
  const session = emulator.store.sessions.get(decodeURIComponent(match[1] as string));
  if (
    !session ||
    session.region !== caller.region ||
    session.merchantId !== caller.merchantId ||
    isPaymentSessionExpired(emulator, session)
  ) {
    throw notFound('Payment session has expired or could not be found');
  }
  if (session.status === 'complete') {
    throw new KlarnaError(400, 'BAD_VALUE', ['Payment session is already completed']);
  }
  return session;
}

export function isHppExpired(emulator: Emulator, record: HppSessionRecord): boolean {
  return emulator.clock.now() >= record.expiresAt;
}

/** The HPP session this merchant may see; expired, unknown or someone else's is Klarna's 404. */
export function findMerchantHppSession(
  emulator: Emulator,
  id: string,
  region: Region,
  merchantId: string,
): HppSessionRecord {
  const record = emulator.store.hppSessions.get(id);
  if (
    !record ||
    record.region !== region ||
    record.merchantId !== merchantId ||
    isHppExpired(emulator, record)
  ) {
    throw notFound('HPP session has expired or could not be found by provided id.');
  }
  return record;
}

/** `SessionResponseV1`, also the `session` of a status callback. */
export function hppSessionView(emulator: Emulator, record: HppSessionRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    session_id: record.id,
    status: record.status,
    updated_at: new Date(record.updatedAt).toISOString(),
    expires_at: new Date(record.expiresAt).toISOString(),
  };
  if (record.authorizationToken) view.authorization_token = record.authorizationToken;
  if (record.orderId) view.order_id = record.orderId;
  if (record.klarnaReference) view.klarna_reference = record.klarnaReference;
  const billing = emulator.store.sessions.get(record.paymentSessionId)?.data.billing_address;
  if (record.status === 'COMPLETED' && billing) {
    const customer: Record<string, string> = {};
    if (billing.given_name) customer.given_name = billing.given_name;
    if (billing.family_name) customer.family_name = billing.family_name;
    view.customer = customer;
  }
  return view;
}

/** `SessionCreationResponseV1`. */
export function hppCreatedView(
  emulator: Emulator,
  record: HppSessionRecord,
  origin: string,
): Record<string, unknown> {
  const sessionUrl = `${origin}/${record.region}/hpp/v1/sessions/${record.id}`;
  return {
    session_id: record.id,
    session_url: sessionUrl,
    redirect_url: hostedPageUrl(origin, record.id),
    distribution_url: `${sessionUrl}/distribution`,
    expires_at: new Date(record.expiresAt).toISOString(),
  };
}

export function hostedPageUrl(origin: string, id: string): string {
  return `${origin}/hpp/payments/${id}`;
}

/** Moves the session to `status` and tells the merchant, once per actual change. */
export function setHppStatus(emulator: Emulator, record: HppSessionRecord, status: HppStatus): void {
  if (record.status === status) return;
  record.status = status;
  record.updatedAt = emulator.clock.now();
  const target = record.merchantUrls.status_update;
  if (target) {
    emulator.callbacks.hppStatus(fillHppPlaceholders(target, record), {
      event_id: newId(),
      session: hppSessionView(emulator, record),
    });
  }
}

/** `DELETE /hpp/v1/sessions/{id}`: the link stops working. */
export function disableHppSession(emulator: Emulator, record: HppSessionRecord): void {
  if (record.status === 'COMPLETED') {
    throw new KlarnaError(400, 'BAD_VALUE', ['HPP session has already been successfully completed.']);
  }
  setHppStatus(emulator, record, 'DISABLED');
}

/** Statuses in which the shopper can no longer pay through the link. */
export function isClosed(emulator: Emulator, record: HppSessionRecord): boolean {
  return (
    record.status === 'COMPLETED' ||
    record.status === 'CANCELLED' ||
    record.status === 'DISABLED' ||
    record.status === 'ERROR' ||
    isHppExpired(emulator, record)
  );
}

/** `POST /hpp/v1/sessions/{id}/distribution`: the message goes to the outbox, never to a person. */
export function distributeHppSession(
  emulator: Emulator,
  record: HppSessionRecord,
  body: unknown,
  origin: string,
  fields: FieldPolicy,
): void {
  const { value, issues } = check(distributionSchema, body, fields);
  if (issues.length > 0 || !value) throw badValue(issues);
  const contact = value.contact_information;
  let to: string;
  if (value.method === 'email') {
    if (!contact.email || !isPlausibleEmail(contact.email)) throw badValue(['contact_information.email']);
    to = contact.email;
  } else if (value.method === 'sms') {
    const missing: string[] = [];
    if (!contact.phone) missing.push('contact_information.phone');
    if (!contact.phone_country) missing.push('contact_information.phone_country');
    if (missing.length > 0) throw badValue(missing);
    to = `${contact.phone} (${(contact.phone_country as string).toUpperCase()})`;
  } else {
    if (!contact.access_id) throw badValue(['contact_information.access_id']);
    to = contact.access_id;
  }
  if (isClosed(emulator, record)) {
    throw new KlarnaError(400, 'BAD_VALUE', ['The HPP session is disabled or completed']);
  }
  const link = hostedPageUrl(origin, record.id);
  const amount = emulator.store.sessions.get(record.paymentSessionId)?.data;
  const total = amount ? `${amount.order_amount} ${amount.purchase_currency} (minor units)` : '';
  emulator.store.addToOutbox({
    at: emulator.clock.nowDate().toISOString(),
    hpp_session_id: record.id,
    method: value.method,
    to,
    ...(value.method === 'email' ? { subject: 'Complete your purchase with Klarna' } : {}),
    text: `Complete your purchase${total ? ` of ${total}` : ''} with Klarna: ${link}`,
    link,
  });
}

export type HostedOutcome =
  | { kind: 'approved'; authorizationToken: string }
  | { kind: 'failed' }
  | { kind: 'cancelled' }
  | { kind: 'back' };

/**
 * What the hosted page reports once the shopper is done. An approval is only believed for an
 * authorization of this very Payments session; then, as `place_order_mode` asks, the order is
 * placed (and captured). Answers where the shopper goes next.
 */
export function finishHostedPayment(
  emulator: Emulator,
  record: HppSessionRecord,
  outcome: HostedOutcome,
  origin: string,
): string {
  if (isClosed(emulator, record)) return hostedPageUrl(origin, record.id);
  switch (outcome.kind) {
    case 'cancelled':
      setHppStatus(emulator, record, 'CANCELLED');
      return redirectTarget(record, 'cancel', origin);
    case 'back':
      setHppStatus(emulator, record, 'BACK');
      return redirectTarget(record, 'back', origin);
    case 'failed':
      setHppStatus(emulator, record, 'FAILED');
      return redirectTarget(record, 'failure', origin);
    case 'approved':
      return complete(emulator, record, outcome.authorizationToken, origin);
  }
}

function complete(emulator: Emulator, record: HppSessionRecord, token: string, origin: string): string {
  const authorization = emulator.store.authorizations.get(token);
  if (
    !authorization ||
    authorization.sessionId !== record.paymentSessionId ||
    authorization.status !== 'active'
  ) {
    throw new KlarnaError(400, 'BAD_VALUE', ['Bad value: authorization_token']);
  }
  record.authorizationToken = token;
  if (record.placeOrderMode !== 'NONE') {
    const authorized = authorization.authorized;
    const caller: Caller = { region: record.region, merchantId: record.merchantId, origin };
    try {
      const { order } = placeOrder(
        emulator,
        token,
        {
          purchase_country: authorized.purchase_country,
          purchase_currency: authorized.purchase_currency,
          locale: authorized.locale,
          order_amount: authorized.order_amount,
          order_tax_amount: authorized.order_tax_amount,
          order_lines: authorized.order_lines,
          billing_address: authorized.billing_address,
          shipping_address: authorized.shipping_address,
          merchant_reference1: authorized.merchant_reference1,
          merchant_reference2: authorized.merchant_reference2,
          merchant_data: authorized.merchant_data,
          auto_capture: record.placeOrderMode === 'CAPTURE_ORDER',
        },
        caller,
        // Built here from the authorized session: it holds no field the order schema does not know.
        IGNORE_UNKNOWN_FIELDS,
      );
      record.orderId = order.orderId;
      record.klarnaReference = order.klarnaReference;
      // The token was spent on the order; the merchant reads the order id instead.
      delete record.authorizationToken;
    } catch (error) {
      if (!(error instanceof KlarnaError)) throw error;
      setHppStatus(emulator, record, 'ERROR');
      return redirectTarget(record, 'error', origin);
    }
  }
  setHppStatus(emulator, record, 'COMPLETED');
  return redirectTarget(record, 'success', origin);
}

/** The merchant URL for an outcome with its placeholders filled, or the hosted result page. */
function redirectTarget(record: HppSessionRecord, which: keyof HppMerchantUrls, origin: string): string {
  const target = record.merchantUrls[which];
  return target ? fillHppPlaceholders(target, record) : hostedPageUrl(origin, record.id);
}

/**
 * HPP's `{{session_id}}`, `{{authorization_token}}`, `{{order_id}}` and `{{klarna_reference}}`;
 * a placeholder without a value becomes empty.
 */
export function fillHppPlaceholders(target: string, record: HppSessionRecord): string {
  const values: Record<string, string | undefined> = {
    session_id: record.id,
    authorization_token: record.authorizationToken,
    order_id: record.orderId,
    klarna_reference: record.klarnaReference,
  };
  return target.replace(
    /\{\{\s*(session_id|authorization_token|order_id|klarna_reference)\s*\}\}/g,
    (_, name: string) => encodeURIComponent(values[name] ?? ''),
  );
}
