import 'server-only';

import { leaseUntil, newClaimId } from '@/lib/data/claims';
import {
  claimOrderMail,
  getOrderMailContent,
  listDueOrderMails,
  markOrderMailFailed,
  markOrderMailSent,
} from '@/lib/data/order-mails';
import { MINUTE_MS } from '@/lib/time';
import nodemailer, { type Transporter } from 'nodemailer';
import { composeOrderMail } from './compose';
import { mailSettings, type MailOptions, type MailSettings } from './settings';

/*
 * Delivery of the mails recorded with their facts (lib/data/order-mails.ts): after the fact's
 * transaction commits, and again by `npm run mails` for any that failed or were left behind by a
 * process that died before sending. A mail is claimed before it is sent, so two processes never
 * send it at once; a failed attempt is tried again later, with growing pauses, then given up.
 */

/** Pauses before each new attempt; after the last one the mail is marked FAILED. */
const RETRY_AFTER_MS = [1, 5, 15, 60, 180, 360, 720].map((minutes) => minutes * MINUTE_MS);

const transports = new Map<string, Transporter>();

/** One transport per SMTP server; short timeouts so a dead server fails an attempt, not a request. */
function transportFor(settings: MailSettings): Transporter {
  let transport = transports.get(settings.smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(settings.smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(settings.smtpUrl, transport);
  }
  return transport;
}

/** Sends one mail now (a payment link staff are waiting for); throws when the server refuses it. */
export async function sendShopMail(
  settings: MailSettings,
  mail: { to: string; subject: string; text: string; html: string },
): Promise<{ messageId: string | null }> {
  const info = (await transportFor(settings).sendMail({ from: settings.from, ...mail })) as {
    messageId?: string;
  };
  return { messageId: info.messageId ?? null };
}

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

/** Claims, writes and sends one recorded mail; `skipped` when it is sent or another process holds it. */
export async function deliverOrderMail(id: string, options: MailOptions = {}): Promise<DeliveryOutcome> {
  const settings = mailSettings(options);
  if (!settings) return 'skipped';
  const now = options.now?.() ?? new Date();
  const claimId = newClaimId();
  if (!(await claimOrderMail(id, claimId, now, leaseUntil('orderMail', now)))) return 'skipped';

  const content = await getOrderMailContent(id);
  const orderUrl =
    content &&
    `${settings.appUrl}/orders/${content.order.id}?key=${encodeURIComponent(content.order.accessKey)}`;
  const mail = content && orderUrl ? composeOrderMail(content, orderUrl) : null;
  if (!content || !mail) {
    await markOrderMailFailed(id, claimId, {
      error: 'What this mail tells of no longer exists.',
      retryAt: null,
    });
    return 'failed';
  }
  try {
    const info = (await transportFor(settings).sendMail({
      from: settings.from,
      to: content.order.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    })) as { messageId?: string };
    await markOrderMailSent(id, claimId, {
      to: content.order.email,
      messageId: info.messageId ?? null,
      at: new Date(),
    });
    return 'sent';
  } catch (error) {
    const pause = RETRY_AFTER_MS[content.attempts];
    await markOrderMailFailed(id, claimId, {
      error: error instanceof Error ? error.message : String(error),
      retryAt: pause === undefined ? null : new Date(now.getTime() + pause),
    });
    console.error(`sending order mail ${id} failed (attempt ${content.attempts + 1})`, error);
    return pause === undefined ? 'failed' : 'retry';
  }
}

export interface DeliverySummary {
  sent: number;
  retry: number;
  failed: number;
  skipped: number;
}

/** Sends every mail that is due (of one order, or all), one after another. */
export async function deliverDueOrderMails(
  input: { orderId?: string; limit?: number } = {},
  options: MailOptions = {},
): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, retry: 0, failed: 0, skipped: 0 };
  if (!mailSettings(options)) return summary;
  const now = options.now?.() ?? new Date();
  const ids = await listDueOrderMails({ now, limit: input.limit ?? 200, orderId: input.orderId });
  for (const id of ids) summary[await deliverOrderMail(id, options)]++;
  return summary;
}

/**
 * After the transaction that recorded an order's mails has committed: sends them without making
 * the caller wait (a checkout or a staff action never waits for SMTP, nor fails because of it).
 * Whatever is not sent here is sent by `npm run mails`.
 */
export function sendOrderMailsSoon(orderId: string, options: MailOptions = {}): void {
  if (!mailSettings(options)) return;
  const sending = deliverDueOrderMails({ orderId }, options)
    .catch((error: unknown) => console.error(`sending the mails of order ${orderId} failed`, error))
    .finally(() => sendingSoon.delete(sending));
  sendingSoon.add(sending);
}

const sendingSoon = new Set<Promise<unknown>>();

/** For a script that is about to exit: waits until the mails it set off have been handed over. */
export async function orderMailsSent(): Promise<void> {
  await Promise.all([...sendingSoon]);
}
