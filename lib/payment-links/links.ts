import 'server-only';

import { sessionForCart, type CheckoutOptions } from '@/lib/checkout/start-session';
import {
  createPaymentLink,
  getDraftOrder,
  markPaymentLinkSent,
  setPaymentLinkStatus,
  type DraftOrderDTO,
  type PaymentLinkDTO,
} from '@/lib/data/draft-orders';
import { recordEvent } from '@/lib/data/orders';
import { env } from '@/lib/env';
import {
  createHppSession,
  disableHppSession,
  isKlarnaError,
  paymentSessionUrl,
  readHppSession,
  type HppSessionRead,
} from '@/lib/klarna';
import { sendShopMail } from '@/lib/mail/deliver';
import { mailSettings, type MailOptions } from '@/lib/mail/settings';
import { fail, succeed, type Result } from '@/lib/result';
import { intentFor } from '@/lib/subscription-basket';
import { randomBytes } from 'node:crypto';
import { composePaymentLinkMail } from './mail';
import { draftTotals } from './pricing';

/*
 * Klarna payment links for a draft: a Payments session for the draft's cart and a Hosted Payment
 * Page (HPP) session on it, whose link the shop e-mails itself (Klarna's own distribution would
 * send a message the shop cannot word, log or resend on its SMTP server). A draft has at most one
 * working link: a new one disables the one before.
 */

export type LinkOptions = CheckoutOptions & MailOptions;

/** HPP statuses after which the link can no longer be paid (EXPIRED: Klarna no longer knows it). */
const FINAL_STATUSES = new Set(['COMPLETED', 'CANCELLED', 'DISABLED', 'ERROR', 'EXPIRED']);

export function isLinkOpen(link: Pick<PaymentLinkDTO, 'status' | 'expiresAt'>, now = new Date()): boolean {
  return !FINAL_STATUSES.has(link.status) && link.expiresAt > now;
}

export type LinkState =
  'not sent' | 'sent' | 'opened' | 'completed' | 'cancelled' | 'failed' | 'expired' | 'disabled';

/** What staff are told of a link: Klarna's status in the shop's words. */
export function linkState(
  link: Pick<PaymentLinkDTO, 'status' | 'expiresAt' | 'sentCount'>,
  now = new Date(),
): LinkState {
  if (link.status === 'COMPLETED') return 'completed';
  if (link.status === 'DISABLED') return 'disabled';
  if (link.status === 'CANCELLED') return 'cancelled';
  if (link.status === 'ERROR') return 'failed';
  if (link.status === 'EXPIRED' || link.expiresAt <= now) return 'expired';
  if (link.status === 'WAITING') return link.sentCount > 0 ? 'sent' : 'not sent';
  return 'opened';
}

type LinkFailure =
  | 'unknown_draft'
  | 'ordered'
  | 'not_payable'
  | 'klarna_unavailable'
  | 'klarna_refused'
  | 'mail_off'
  | 'mail_failed'
  | 'no_open_link';

/** Opens a new link for the draft (disabling any open one) and e-mails it to the customer. */
export async function sendPaymentLink(
  draftId: string,
  staff: string,
  options: LinkOptions = {},
): Promise<Result<{ message: string; link: PaymentLinkDTO }, LinkFailure>> {
  const settings = mailSettings(options);
  if (!settings) return fail('mail_off', 'The shop has no mail server configured, so no link can be sent.');
  const draft = await getDraftOrder(draftId);
  if (!draft) return fail('unknown_draft', 'This draft no longer exists.');
  if (draft.order) return fail('ordered', `This draft was paid: it is order ${draft.order.number}.`);
  const priced = await draftTotals(draft.cartId);
  if (!priced.ok) return fail('not_payable', priced.message);

  const disabled = await disableOpenLinks(draft, staff, options);
  if (!disabled.ok) return disabled;
  const session = await sessionForCart(
    draft.cartId,
    { ...priced, intent: intentFor(priced.totals) },
    undefined,
    options,
  );
  if (!session.ok) {
    return fail(
      session.reason === 'klarna_unavailable' ? 'klarna_unavailable' : 'klarna_refused',
      session.message,
    );
  }
  const { paymentSession } = session;

  const callbackSecret = randomBytes(24).toString('base64url');
  const appUrl = (options.appUrl ?? env.APP_URL).replace(/\/+$/, '');
  let created;
  try {
    created = await createHppSession(
      paymentSession.region,
      {
        payment_session_url: paymentSessionUrl(
          paymentSession.region,
          paymentSession.klarnaSessionId,
          options,
        ),
        merchant_urls: {
          status_update: `${appUrl}/api/klarna/hpp-status?secret=${encodeURIComponent(callbackSecret)}`,
          success: `${appUrl}/pay/{{session_id}}`,
        },
        options: { place_order_mode: 'NONE', purchase_type: 'BUY', page_title: 'Nordlys Store' },
      },
      options,
    );
  } catch (error) {
    if (!isKlarnaError(error)) throw error;
    await recordEvent({
      paymentSessionId: paymentSession.id,
      type: 'PAYMENT_LINK_CREATE_FAILED',
      actor: staff,
      outcome: 'FAILURE',
      correlationId: error.correlationId,
      message: `${error.status ?? 'no response'} ${error.code}: ${error.messages.join('; ')}`,
    });
    return error.transient
      ? fail(
          'klarna_unavailable',
          'Klarna is not responding right now. Nothing was sent; try again in a moment.',
        )
      : fail('klarna_refused', 'Klarna refused the payment link. Nothing was sent.');
  }
  const link = await createPaymentLink({
    draftOrderId: draft.id,
    paymentSessionId: paymentSession.id,
    hppSessionId: created.session_id,
    region: paymentSession.region,
    url: created.redirect_url,
    callbackSecret,
    status: 'WAITING',
    expiresAt: new Date(created.expires_at),
  });
  await recordEvent({
    paymentSessionId: paymentSession.id,
    type: 'PAYMENT_LINK_CREATED',
    actor: staff,
    outcome: 'SUCCESS',
    amount: priced.totals.order_amount,
    message: `Payment link for ${draft.email}, valid until ${link.expiresAt.toISOString()}`,
  });
  const mailed = await mailLink(draft, link, staff, options);
  if (!mailed.ok) return mailed;
  return succeed({ message: `Payment link sent to ${draft.email}.`, link });
}

/** E-mails the draft's open link again. */
export async function resendPaymentLink(
  draftId: string,
  staff: string,
  options: LinkOptions = {},
): Promise<Result<{ message: string }, LinkFailure>> {
  const draft = await getDraftOrder(draftId);
  if (!draft) return fail('unknown_draft', 'This draft no longer exists.');
  if (draft.order) return fail('ordered', `This draft was paid: it is order ${draft.order.number}.`);
  const latest = draft.links[0];
  const link = latest ? await refreshLinkStatus(latest, options) : null;
  if (!link || !isLinkOpen(link, options.now?.())) {
    return fail('no_open_link', 'The draft has no working link: send a new one.');
  }
  const mailed = await mailLink(draft, link, staff, options);
  return mailed.ok ? succeed({ message: `Payment link sent again to ${draft.email}.` }) : mailed;
}

/** Stops the draft's open link at Klarna. */
export async function disablePaymentLink(
  draftId: string,
  staff: string,
  options: LinkOptions = {},
): Promise<Result<{ message: string }, LinkFailure>> {
  const draft = await getDraftOrder(draftId);
  if (!draft) return fail('unknown_draft', 'This draft no longer exists.');
  const disabled = await disableOpenLinks(draft, staff, options);
  if (!disabled.ok) return disabled;
  return disabled.count > 0
    ? succeed({ message: 'The payment link no longer works.' })
    : fail('no_open_link', 'The draft has no working link to disable.');
}

/**
 * Disables every link of the draft that may still be paid. A link Klarna completed meanwhile is
 * left alone (its order is being placed); one Klarna no longer knows has expired.
 */
export async function disableOpenLinks(
  draft: Pick<DraftOrderDTO, 'links'>,
  staff: string,
  options: LinkOptions = {},
): Promise<Result<{ count: number }, 'klarna_unavailable'>> {
  let count = 0;
  for (const link of draft.links.filter((candidate) => isLinkOpen(candidate, options.now?.()))) {
    try {
      await disableHppSession(link.region, link.hppSessionId, options);
      await setPaymentLinkStatus(link.id, 'DISABLED');
      await recordEvent({
        paymentSessionId: link.paymentSessionId,
        type: 'PAYMENT_LINK_DISABLED',
        actor: staff,
        outcome: 'SUCCESS',
      });
      count++;
    } catch (error) {
      if (!isKlarnaError(error)) throw error;
      if (error.status === 404 || error.status === 400) {
        // Expired, or completed: Klarna's own status says which.
        await refreshLinkStatus(link, options);
        continue;
      }
      return fail(
        'klarna_unavailable',
        'Klarna is not responding right now, so the link could not be stopped. Nothing was changed.',
      );
    }
  }
  return succeed({ count });
}

/** Klarna's status of the link, stored; EXPIRED once Klarna no longer knows it. */
export async function refreshLinkStatus(
  link: PaymentLinkDTO,
  options: LinkOptions = {},
): Promise<PaymentLinkDTO & { hpp: HppSessionRead | null }> {
  let hpp: HppSessionRead | null;
  try {
    hpp = await readHppSession(link.region, link.hppSessionId, options);
  } catch (error) {
    if (!isKlarnaError(error) || error.status !== 404) throw error;
    hpp = null;
  }
  const status = hpp?.status ?? 'EXPIRED';
  if (status !== link.status) await setPaymentLinkStatus(link.id, status);
  return { ...link, status, hpp };
}

async function mailLink(
  draft: DraftOrderDTO,
  link: PaymentLinkDTO,
  staff: string,
  options: LinkOptions,
): Promise<Result<object, 'mail_off' | 'mail_failed'>> {
  const settings = mailSettings(options);
  if (!settings) return fail('mail_off', 'The shop has no mail server configured, so no link can be sent.');
  const priced = await draftTotals(draft.cartId);
  if (!priced.ok) return fail('mail_failed', priced.message);
  const mail = composePaymentLinkMail({
    market: priced.market,
    totals: priced.totals,
    url: link.url,
    expiresAt: link.expiresAt,
  });
  try {
    await sendShopMail(settings, { to: draft.email, ...mail });
  } catch (error) {
    console.error(`mailing payment link ${link.id} failed`, error);
    await recordEvent({
      paymentSessionId: link.paymentSessionId,
      type: 'PAYMENT_LINK_MAIL_FAILED',
      actor: staff,
      outcome: 'FAILURE',
      message: error instanceof Error ? error.message : String(error),
    });
    return fail('mail_failed', 'The mail server refused the mail: the link was not sent. Try “Send again”.');
  }
  await markPaymentLinkSent(link.id, options.now?.() ?? new Date());
  await recordEvent({
    paymentSessionId: link.paymentSessionId,
    type: 'PAYMENT_LINK_SENT',
    actor: staff,
    outcome: 'SUCCESS',
    message: `E-mailed to ${draft.email}`,
  });
  return succeed({});
}
