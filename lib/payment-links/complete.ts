import 'server-only';

import { verifyCallback, type CallbackRequest } from '@/lib/checkout/callbacks/verify';
import type { FinalizeOptions, FinalizeResult } from '@/lib/checkout/outcomes';
import { finalizeApproval } from '@/lib/checkout/place-order';
import { getPaymentLinkByHppSession, type PaymentLinkDTO } from '@/lib/data/draft-orders';
import { readCheckoutCustomer } from '@/lib/data/json-columns';
import { eventRecorded, recordEvent, type EventActor } from '@/lib/data/orders';
import { getPaymentSession, setPaymentSessionCustomer } from '@/lib/data/payment-sessions';
import { hppStatusCallbackSchema, isKlarnaError, readSession } from '@/lib/klarna';
import { fail, type Failure, type Result } from '@/lib/result';
import { refreshLinkStatus, type LinkOptions } from './links';

/*
 * A payment link ends in an order exactly once, whichever comes first: Klarna's status_update
 * callback or the customer landing on the success URL. Neither is believed: the HPP session is
 * read from Klarna, and only a COMPLETED one's authorization goes through the checkout's own
 * placement (claim → place → record, lib/checkout/place-order.ts).
 */

export type SettleResult =
  FinalizeResult | Failure<'unknown_link' | 'not_completed' | 'klarna_unavailable', { status?: string }>;

/** Re-reads the link's HPP session and, once Klarna completed it, places the draft's order. */
export async function settlePaymentLink(
  link: PaymentLinkDTO,
  actor: EventActor,
  options: LinkOptions & FinalizeOptions = {},
): Promise<SettleResult> {
  let current;
  try {
    current = await refreshLinkStatus(link, options);
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    return fail('klarna_unavailable', 'Klarna is not responding right now; try again in a moment.');
  }
  const token = current.hpp?.authorization_token;
  if (current.status !== 'COMPLETED' || !token) {
    return fail('not_completed', `The payment was not completed (${current.status.toLowerCase()}).`, {
      status: current.status,
    });
  }
  let paymentSession = await getPaymentSession(link.paymentSessionId);
  if (!paymentSession) return fail('unknown_link', 'This payment link is no longer valid.');
  if (!paymentSession.customer) {
    // The customer gave their details on Klarna's page; place order repeats them as Klarna has them.
    let session;
    try {
      session = await readSession(paymentSession.region, paymentSession.klarnaSessionId, options);
    } catch (error) {
      if (!isKlarnaError(error)) throw error;
      return fail('klarna_unavailable', 'Klarna is not responding right now; try again in a moment.');
    }
    const customer = readCheckoutCustomer({
      billing_address: session.billing_address,
      shipping_address: session.shipping_address ?? session.billing_address,
    });
    if (!customer)
      return fail('details_missing', 'Klarna has not given the customer’s details for this payment.');
    paymentSession = await setPaymentSessionCustomer(paymentSession.id, customer);
  }
  return finalizeApproval(paymentSession, { authorizationToken: token, actor }, options);
}

export type StatusCallbackResult =
  | SettleResult
  | Failure<'invalid_body' | 'not_found' | 'replayed'>
  | Result<{ outcome: 'noted'; status: string }, never>;

/**
 * Klarna's `merchant_urls.status_update` for a link: `{event_id, session}`, with the link's own
 * secret in the query. An event seen before is refused; the session's status is always re-read.
 */
export async function handleHppStatusCallback(
  request: CallbackRequest,
  options: LinkOptions & FinalizeOptions = {},
): Promise<StatusCallbackResult> {
  const verified = await verifyCallback(
    request,
    hppStatusCallbackSchema,
    (body) => getPaymentLinkByHppSession(body.session.session_id),
    {
      invalidBody: 'Expected { event_id, session: { session_id } }.',
      notFound: 'Unknown session or wrong secret.',
    },
  );
  if (!verified.ok) return verified;
  const { body, row: link } = verified;
  const eventKey = `hpp-status:${body.event_id}`;
  if (await eventRecorded(eventKey)) return fail('replayed', 'This status update was received before.');

  const result = await settlePaymentLink(link, 'klarna-callback', options);
  // Klarna is asked to send this event again (503): it must not count as received.
  if (!result.ok && (result.reason === 'klarna_unavailable' || result.reason === 'unavailable'))
    return result;
  const status = !result.ok && 'status' in result && result.status ? result.status : 'COMPLETED';
  await recordEvent({
    paymentSessionId: link.paymentSessionId,
    type: 'PAYMENT_LINK_STATUS',
    actor: 'klarna-callback',
    outcome: 'SUCCESS',
    idempotencyKey: eventKey,
    message: `Klarna reports the payment link ${status.toLowerCase()}`,
  });
  if (!result.ok && result.reason === 'not_completed') return { ok: true, outcome: 'noted', status };
  return result;
}

/** The customer's browser back from Klarna's page on the success URL: the same settling. */
export async function handleLinkSuccess(
  hppSessionId: string,
  options: LinkOptions & FinalizeOptions = {},
): Promise<SettleResult> {
  const link = await getPaymentLinkByHppSession(hppSessionId);
  if (!link) return fail('unknown_link', 'This payment link is not valid (any more).');
  return settlePaymentLink(link, 'shopper', options);
}
