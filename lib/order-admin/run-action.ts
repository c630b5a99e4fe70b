import 'server-only';

import { mailSettings, type MailSettings } from '@/lib/mail/settings';

import { getOrderForAction, type OrderForAction } from '@/lib/data/admin-order';
import { newClaimId } from '@/lib/data/claims';
import {
  noteReplay,
  recordOrderEvent,
  writeOrderMirror,
  type NewAdminEvent,
  type NewCapture,
  type NewRefund,
} from '@/lib/data/order-settlements';
import type { OrderMirror } from '@/lib/data/orders';
import { releaseOrderActionLease, takeOrderActionLease } from '@/lib/data/orders';
import {
  getOrder,
  isKlarnaError,
  type KlarnaCallOptions,
  type KlarnaError,
  type MerchantOrder,
  type OrderRef,
} from '@/lib/klarna';
import { formatMoney } from '@/lib/money';
import type { Result } from '@/lib/result';
import { SECOND_MS } from '@/lib/time';
import { applyKlarnaOrder, mirrorOf, type AppliedSync } from './sync';

/*
 * The frame every staff action on an order runs in (design invariants 4, 6, 7):
 *   load the order → take its action lease → re-read the Klarna order and bring the local copy in
 *   step → the action's own checks and its one write to Klarna (deterministic idempotency key) →
 *   record the result and re-read Klarna again → give the lease back.
 * Every refusal and failure leaves an OrderEvent; a refusal sends nothing to Klarna.
 */

export type OrderActionFailure =
  'not_found' | 'invalid' | 'refused' | 'stale' | 'busy' | 'klarna_refused' | 'klarna_unavailable';

export type OrderActionResult = Result<
  { message: string },
  OrderActionFailure,
  { fieldErrors?: Record<string, string> }
>;

export interface OrderActionOptions extends KlarnaCallOptions {
  now?: () => Date;
  /** Where the shopper's receipt or refund notice goes out (default: SMTP_URL; null: no mail). */
  mail?: MailSettings | null;
  /** How long to wait for another action on the order to finish before answering `busy`. */
  leaseWaitMs?: number;
}

/**
 * A second action on the same order (a double click, a second admin, a form sent six times) waits
 * this long for those before it; it then re-reads Klarna, sees what they did, and acts on that,
 * never twice. Long enough for a queue of them on a busy machine.
 */
const LEASE_WAIT_MS = 30 * SECOND_MS;

async function waitForLease(
  orderId: string,
  leaseId: string,
  options: { now: () => Date; waitMs: number },
): Promise<boolean> {
  const giveUpAt = Date.now() + options.waitMs;
  for (;;) {
    if (await takeOrderActionLease(orderId, leaseId, options.now())) return true;
    if (Date.now() >= giveUpAt) return false;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Event types of staff actions on an order. */
export const ACTION_EVENTS = {
  capture: 'CAPTURE',
  refund: 'REFUND',
  cancel: 'CANCEL',
  extend: 'EXTEND_AUTHORIZATION',
  release: 'RELEASE_REMAINING_AUTHORIZATION',
  merchantReferences: 'UPDATE_MERCHANT_REFERENCES',
  sync: 'SYNC',
} as const;
export type ActionEventType = (typeof ACTION_EVENTS)[keyof typeof ACTION_EVENTS];

export interface ActionContext {
  /** The local order, already in step with `klarna`. */
  order: OrderForAction;
  /** Klarna's order as just read. */
  klarna: MerchantOrder;
  ref: OrderRef;
  actor: string;
  now: Date;
  options: KlarnaCallOptions;
  /** Where mails to the shopper go out, or null when the shop sends none. */
  mail: MailSettings | null;
  /** What bringing the local copy in step with `klarna` changed. */
  synced: AppliedSync;
  /** Formats minor units in the order's currency and locale. */
  money: (amount: number) => string;
  /**
   * This very request (same idempotency key) was carried out before: counts it on the first event
   * that recorded it instead of recording a second one. False when no event carries the key.
   */
  noteReplay(idempotencyKey: string): Promise<boolean>;
  /** Refuses without calling Klarna, leaving a FAILURE event that says why. */
  refuse(
    reason: 'invalid' | 'refused' | 'stale',
    message: string,
    extra?: { fieldErrors?: Record<string, string>; amount?: number; idempotencyKey?: string },
  ): Promise<OrderActionResult>;
  /**
   * Records what a successful write changed (captures, refunds, events), then re-reads Klarna and
   * mirrors it; if that read fails, `fallback` (what the write is known to have done) is applied
   * and the page syncs again later. Resolves with the mirrored fields written.
   */
  commit(write: {
    captures?: NewCapture[];
    refunds?: NewRefund[];
    events?: NewAdminEvent[];
    fallback: Partial<OrderMirror>;
  }): Promise<Partial<OrderMirror>>;
  /**
   * Handles a failed write: records it; when Klarna gave no answer, reads the order again and, if
   * `recover` finds the write there (it went through but its answer was lost), returns what it
   * found so the caller records it like a success.
   */
  writeFailed<T>(
    error: unknown,
    input: {
      idempotencyKey: string;
      amount?: number;
      what: string;
      recover: (klarna: MerchantOrder) => T | null;
    },
  ): Promise<{ recovered: T; klarna: MerchantOrder } | { result: OrderActionResult }>;
  /**
   * Sends the action's one write to Klarna and records it as one SUCCESS event (`message`, noting
   * when Klarna's first answer was lost and the write was found on re-reading the order). Resolves
   * with the mirrored fields written, or with the answer when the write failed.
   */
  writeAndRecord(write: {
    idempotencyKey: string;
    amount?: number;
    send: () => Promise<unknown>;
    /** Whether Klarna's order, read again after a lost answer, shows the write went through. */
    wentThrough: (klarna: MerchantOrder) => boolean;
    message: string;
    fallback: Partial<OrderMirror>;
  }): Promise<{ mirror: Partial<OrderMirror> } | { result: OrderActionResult }>;
}

function klarnaFailureText(error: KlarnaError): string {
  const answer = error.status === null ? 'no answer' : `HTTP ${error.status}`;
  const detail = error.messages.length > 0 ? `: ${error.messages.join('; ')}` : '';
  return `${error.code} (${answer}, ${error.attempts} attempt${error.attempts === 1 ? '' : 's'})${detail}`;
}

/** What staff are told when Klarna refuses or does not answer. */
function klarnaFailureMessage(error: KlarnaError, what: string): string {
  if (error.transient) {
    return `Klarna did not answer, so we cannot tell whether the ${what} happened; nothing was recorded. Try again: the same request key makes Klarna carry it out at most once.`;
  }
  if (error.status === 404)
    return 'Klarna does not know this order (it may belong to another Klarna account or region).';
  const detail = error.messages.length > 0 ? error.messages.join(' ') : error.code;
  return `Klarna refused the ${what}: ${detail}`;
}

/**
 * Runs one staff action on an order inside the frame described above. `run` gets the fresh Klarna
 * order and the local copy; it decides, writes and records through the context.
 */
async function runOrderAction(
  input: { orderId: string; actor: string; type: ActionEventType; what: string; syncContext?: string },
  options: OrderActionOptions,
  run: (context: ActionContext) => OrderActionResult | Promise<OrderActionResult>,
): Promise<OrderActionResult> {
  const clock = options.now ?? (() => new Date());
  const klarnaOptions: KlarnaCallOptions = { config: options.config, signal: options.signal };
  const initial = await getOrderForAction(input.orderId);
  if (!initial) return { ok: false, reason: 'not_found', message: 'This order does not exist.' };

  const failureEvent = (message: string, extra: Partial<NewAdminEvent> = {}): NewAdminEvent => ({
    type: input.type,
    actor: input.actor,
    outcome: 'FAILURE',
    message,
    ...extra,
  });

  if (!initial.klarnaOrderId) {
    const message = `This order was never placed with Klarna (status ${initial.status}), so there is nothing to ${input.what} there.`;
    await recordOrderEvent(initial.id, failureEvent(`Refused: ${message}`));
    return { ok: false, reason: 'refused', message };
  }
  const ref: OrderRef = { region: initial.region, orderId: initial.klarnaOrderId };

  const leaseId = newClaimId();
  const leased = await waitForLease(initial.id, leaseId, {
    now: clock,
    // A sync that finds the order busy has nothing to add: the running action re-reads Klarna.
    waitMs: options.leaseWaitMs ?? (input.type === ACTION_EVENTS.sync ? 0 : LEASE_WAIT_MS),
  });
  if (!leased) {
    const message = 'Another action on this order is in progress. Wait a moment, then try again.';
    if (input.type !== ACTION_EVENTS.sync)
      await recordOrderEvent(initial.id, failureEvent(`Refused: ${message}`));
    return { ok: false, reason: 'busy', message };
  }

  try {
    let klarna: MerchantOrder;
    try {
      klarna = await getOrder(ref, klarnaOptions);
    } catch (error) {
      if (!isKlarnaError(error)) throw error;
      await recordOrderEvent(
        initial.id,
        failureEvent(
          `Could not read the order from Klarna before the ${input.what}: ${klarnaFailureText(error)}`,
          {
            correlationId: error.correlationId,
          },
        ),
      );
      return {
        ok: false,
        reason: error.transient ? 'klarna_unavailable' : 'klarna_refused',
        message: error.transient
          ? `Klarna is not answering, so nothing was done. Try again in a moment.`
          : klarnaFailureMessage(error, input.what),
      };
    }

    // Read again under the lease: an action that held it before may have recorded captures,
    // refunds and Klarna's copy since `initial` was read, and those must not be found twice.
    const leased = (await getOrderForAction(initial.id)) ?? initial;
    const mail = mailSettings(options);
    const synced = await applyKlarnaOrder(leased, klarna, {
      actor: input.actor,
      now: clock(),
      context: input.syncContext ?? `Klarna's copy before the ${input.what}`,
      mail,
    });
    const order = (await getOrderForAction(initial.id)) ?? leased;
    const money = (amount: number) => formatMoney(amount, order.currency, order.locale);

    const context: ActionContext = {
      order,
      klarna,
      ref,
      actor: input.actor,
      now: clock(),
      options: klarnaOptions,
      mail,
      synced,
      money,
      noteReplay(idempotencyKey) {
        return noteReplay(order.id, { type: input.type, idempotencyKey, at: clock() });
      },
      async refuse(reason, message, extra = {}) {
        await recordOrderEvent(
          order.id,
          failureEvent(`Refused before sending: ${message}`, {
            amount: extra.amount,
            idempotencyKey: extra.idempotencyKey,
          }),
        );
        return {
          ok: false,
          reason,
          message,
          ...(extra.fieldErrors ? { fieldErrors: extra.fieldErrors } : {}),
        };
      },
      async commit(write) {
        let mirror: Partial<OrderMirror> = write.fallback;
        let syncedAt: Date = clock();
        const events = [...(write.events ?? [])];
        try {
          mirror = mirrorOf(await getOrder(ref, klarnaOptions));
        } catch (error) {
          if (!isKlarnaError(error)) throw error;
          // The write is recorded; the copy is marked old so the order page reads Klarna again.
          syncedAt = new Date(0);
          events.push({
            type: ACTION_EVENTS.sync,
            actor: input.actor,
            outcome: 'FAILURE',
            correlationId: error.correlationId,
            message: `Could not re-read the order after the ${input.what}: ${klarnaFailureText(error)}`,
          });
        }
        await writeOrderMirror({
          orderId: order.id,
          currency: order.currency,
          mirror,
          syncedAt,
          captures: write.captures,
          refunds: write.refunds,
          events,
        });
        return mirror;
      },
      async writeFailed(error, failure) {
        if (!isKlarnaError(error)) {
          await recordOrderEvent(
            order.id,
            failureEvent(
              `The ${failure.what} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
              {
                amount: failure.amount,
                idempotencyKey: failure.idempotencyKey,
              },
            ),
          );
          throw error;
        }
        await recordOrderEvent(
          order.id,
          failureEvent(`Klarna: ${klarnaFailureText(error)}`, {
            amount: failure.amount,
            idempotencyKey: failure.idempotencyKey,
            correlationId: error.correlationId,
          }),
        );
        if (error.transient) {
          // Klarna may have carried the write out and only its answer was lost: look.
          try {
            const after = await getOrder(ref, klarnaOptions);
            const recovered = failure.recover(after);
            if (recovered !== null) return { recovered, klarna: after };
          } catch (readError) {
            if (!isKlarnaError(readError)) throw readError;
          }
        }
        return {
          result: {
            ok: false,
            reason: error.transient ? 'klarna_unavailable' : 'klarna_refused',
            message: klarnaFailureMessage(error, failure.what),
          },
        };
      },
      async writeAndRecord(write) {
        let recovered = false;
        try {
          await write.send();
        } catch (error) {
          const failure = await context.writeFailed(error, {
            idempotencyKey: write.idempotencyKey,
            amount: write.amount,
            what: input.what,
            recover: (after) => (write.wentThrough(after) ? true : null),
          });
          if ('result' in failure) return failure;
          recovered = true;
        }
        const mirror = await context.commit({
          events: [
            {
              type: input.type,
              actor: input.actor,
              outcome: 'SUCCESS',
              amount: write.amount,
              idempotencyKey: write.idempotencyKey,
              message: `${write.message}${recovered ? ' (Klarna’s first answer was lost; confirmed on re-reading the order)' : ''}.`,
            },
          ],
          fallback: write.fallback,
        });
        return { mirror };
      },
    };
    return await run(context);
  } finally {
    await releaseOrderActionLease(initial.id, leaseId);
  }
}

export type OrderAction<Input extends { orderId: string }> = (
  input: Input,
  actor: string,
  options?: OrderActionOptions,
) => Promise<OrderActionResult>;

/**
 * A staff action on the order named by its input: `run` decides and writes inside the frame of
 * `runOrderAction`, recording events of `frame.type`.
 */
export function defineOrderAction<Input extends { orderId: string }>(
  frame: { type: ActionEventType; what: string; syncContext?: string },
  run: (context: ActionContext, input: Input) => OrderActionResult | Promise<OrderActionResult>,
): OrderAction<Input> {
  return (input, actor, options = {}) =>
    runOrderAction({ ...frame, orderId: input.orderId, actor }, options, (context) => run(context, input));
}
