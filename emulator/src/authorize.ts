import type { Emulator } from './emulator.js';
import { newId } from './ids.js';
import { COUNTRIES_REQUIRING_ADDRESS_REGION } from './markets.js';
import { isPlausibleEmail, personaFor } from './personas.js';
import { isExpired, touch } from './sessions.js';
import type { AuthorizationRecord, SessionRecord } from './store.js';
import type { Address, CompleteSessionData } from './types.js';

/**
 * The shopper's approval step, shared by the widget's overlay and the headless
 * `POST /_emulator/sessions/{id}/authorize`. Outcomes carry the exact callback object the
 * JS SDK hands to `authorize()`'s callback (api-reference §7.3).
 */

/** "A successful authorization guarantees that the order can be created within 60 minutes." */
export const AUTHORIZATION_LIFETIME_MS = 60 * 60_000;

export interface SdkResult {
  approved: boolean;
  show_form: boolean;
  authorization_token?: string;
  finalize_required?: boolean;
  error?: { invalid_fields: string[] };
}

export type AuthorizeOutcome =
  | { kind: 'approved'; result: SdkResult; authorization: AuthorizationRecord }
  | { kind: 'finalize_required'; result: SdkResult }
  | { kind: 'invalid'; result: SdkResult }
  /** A hard decline: the overlay shows Klarna's decline message first. */
  | { kind: 'denied'; result: SdkResult }
  /** The session cannot be paid any more (completed, expired) or Klarna is not offered. */
  | { kind: 'unavailable'; result: SdkResult }
  /** A new customer: the overlay shows a sign-up step, then confirms again. */
  | { kind: 'signup_required'; result: SdkResult };

export interface ApproveInput {
  /** The email the shopper confirmed with; it becomes `billing_address.email` and picks the persona. */
  email?: string | undefined;
  paymentMethodCategory: string;
  autoFinalize: boolean;
  signupCompleted: boolean;
}

const UNAVAILABLE: SdkResult = { approved: false, show_form: false };

export function isPayable(emulator: Emulator, session: SessionRecord): boolean {
  return session.status === 'incomplete' && !isExpired(emulator, session);
}

/** The billing fields Klarna needs before it can assess a purchase; missing ones are `invalid_fields`. */
export function billingAddressIssues(address: Address | undefined, purchaseCountry: string): string[] {
  const required = ['given_name', 'family_name', 'email', 'street_address', 'postal_code', 'city'] as const;
  const issues: string[] = [];
  for (const field of required) {
    const value = address?.[field]?.trim() ?? '';
    const bad = field === 'email' ? !isPlausibleEmail(value) : value.length === 0;
    if (bad) issues.push(`billing_address.${field}`);
  }
  const country = address?.country ?? purchaseCountry;
  if (COUNTRIES_REQUIRING_ADDRESS_REGION.has(country.toUpperCase()) && !address?.region?.trim()) {
    issues.push('billing_address.region');
  }
  return issues;
}

export function approve(emulator: Emulator, session: SessionRecord, input: ApproveInput): AuthorizeOutcome {
  if (!isPayable(emulator, session)) return { kind: 'unavailable', result: UNAVAILABLE };

  if (input.email !== undefined) {
    const email = input.email.trim();
    session.data = { ...session.data, billing_address: { ...session.data.billing_address, email } };
    touch(emulator, session);
  }
  const billing = session.data.billing_address;
  const invalid = billingAddressIssues(billing, session.data.purchase_country);
  if (invalid.length > 0) {
    return {
      kind: 'invalid',
      result: { approved: false, show_form: true, error: { invalid_fields: invalid } },
    };
  }
  const email = billing?.email?.trim() ?? '';
  const persona = personaFor(email);
  if (persona.outcome === 'denied') return { kind: 'denied', result: UNAVAILABLE };
  if (persona.outcome === 'red') return { kind: 'unavailable', result: UNAVAILABLE };
  if (persona.signup && !input.signupCompleted) {
    return { kind: 'signup_required', result: { approved: false, show_form: true } };
  }
  if (!input.autoFinalize) {
    session.pendingFinalize = { email, approvedAt: emulator.clock.now() };
    return {
      kind: 'finalize_required',
      result: { approved: true, show_form: true, finalize_required: true },
    };
  }
  const authorization = issueAuthorization(emulator, session, email, input.paymentMethodCategory);
  return {
    kind: 'approved',
    result: { approved: true, show_form: true, authorization_token: authorization.token },
    authorization,
  };
}

/** `Klarna.Payments.finalize()`: completes an approval given with `auto_finalize: false`. */
export function finalize(
  emulator: Emulator,
  session: SessionRecord,
  paymentMethodCategory: string,
): AuthorizeOutcome {
  const pending = session.pendingFinalize;
  if (!pending || !isPayable(emulator, session)) return { kind: 'unavailable', result: UNAVAILABLE };
  delete session.pendingFinalize;
  const authorization = issueAuthorization(emulator, session, pending.email, paymentMethodCategory);
  return {
    kind: 'approved',
    result: { approved: true, show_form: true, authorization_token: authorization.token },
    authorization,
  };
}

/**
 * `Klarna.Payments.reauthorize()`: a fresh token for changed session data, without showing
 * anything, for a shopper who was approved before on this session.
 */
export function reauthorize(
  emulator: Emulator,
  session: SessionRecord,
  paymentMethodCategory: string,
): AuthorizeOutcome {
  const previous = session.authorizationToken
    ? emulator.store.authorizations.get(session.authorizationToken)
    : undefined;
  if (!previous || !isPayable(emulator, session)) return { kind: 'unavailable', result: UNAVAILABLE };
  const billing = session.data.billing_address;
  const invalid = billingAddressIssues(billing, session.data.purchase_country);
  if (invalid.length > 0) {
    return {
      kind: 'invalid',
      result: { approved: false, show_form: true, error: { invalid_fields: invalid } },
    };
  }
  const email = billing?.email ?? previous.email;
  if (personaFor(email).outcome !== 'approved') return { kind: 'denied', result: UNAVAILABLE };
  const authorization = issueAuthorization(emulator, session, email, paymentMethodCategory);
  return {
    kind: 'approved',
    result: { approved: true, show_form: true, authorization_token: authorization.token },
    authorization,
  };
}

/**
 * Mints an authorization bound to the session as it is now (shipping defaults to billing, as
 * Klarna copies it) and sends the authorization callback if the merchant asked for one.
 */
function issueAuthorization(
  emulator: Emulator,
  session: SessionRecord,
  email: string,
  paymentMethodCategory: string,
): AuthorizationRecord {
  const now = emulator.clock.now();
  const authorized: CompleteSessionData = structuredClone(session.data);
  if (!authorized.shipping_address && authorized.billing_address) {
    authorized.shipping_address = { ...authorized.billing_address };
  }
  const authorization: AuthorizationRecord = {
    token: newId(),
    sessionId: session.id,
    region: session.region,
    merchantId: session.merchantId,
    intent: session.data.intent,
    authorized,
    email,
    paymentMethodCategory,
    status: 'active',
    createdAt: now,
    expiresAt: now + AUTHORIZATION_LIFETIME_MS,
  };
  emulator.store.authorizations.set(authorization.token, authorization);
  session.authorizationToken = authorization.token;

  const callbackUrl = session.data.merchant_urls?.authorization;
  if (callbackUrl) {
    emulator.callbacks.authorization(fillPlaceholders(callbackUrl, { sessionId: session.id }), {
      authorization_token: authorization.token,
      session_id: session.id,
    });
  }
  return authorization;
}

/** Replaces Klarna's `{session.id}` and `{order.id}` placeholders in merchant URLs. */
export function fillPlaceholders(url: string, ids: { sessionId?: string; orderId?: string }): string {
  let filled = url;
  if (ids.sessionId) filled = filled.replaceAll('{session.id}', encodeURIComponent(ids.sessionId));
  if (ids.orderId) filled = filled.replaceAll('{order.id}', encodeURIComponent(ids.orderId));
  return filled;
}

/** A stand-in shopper for headless approvals that name no address (api-reference §8 style). */
export function sampleBillingAddress(purchaseCountry: string, email: string): Address {
  const country = purchaseCountry.toUpperCase();
  const address: Address = {
    given_name: 'Test',
    family_name: `Person-${country.toLowerCase()}`,
    email,
    street_address: 'Sample Street 1',
    postal_code: '12345',
    city: 'Sample City',
    country,
  };
  if (country === 'US') address.region = 'NY';
  if (country === 'AU') address.region = 'QLD';
  return address;
}
