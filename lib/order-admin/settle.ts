import 'server-only';

import type { NewAdminEvent } from '@/lib/data/order-settlements';
import type { MerchantOrder } from '@/lib/klarna';
import { isCurrencyCode, parseMoneyInput } from '@/lib/money';
import {
  selectEverythingLeft,
  selectLines,
  type LineBasis,
  type LineChoice,
  type Selection,
} from './line-selection';
import { ACTION_EVENTS, type ActionContext, type OrderActionResult } from './run-action';

/*
 * The steps a capture and a refund share: the amount staff meant (typed, chosen lines, or all that
 * is left), the check of the form against Klarna's total, the lines that go with it, and the one
 * write to Klarna, recognised by its reference when its answer was lost. Each action keeps its own
 * checks of what Klarna would refuse and what it records.
 */

export type SettlementVerb = 'capture' | 'refund';

/** This request's capture (refund) at Klarna, found by its reference (the idempotency key). */
function settlementAtKlarna(
  verb: SettlementVerb,
  klarna: MerchantOrder,
  reference: string,
): { id: string; amount: number } | undefined {
  if (verb === 'capture') {
    const found = klarna.captures.find((existing) => existing.reference === reference);
    return found && { id: found.capture_id, amount: found.captured_amount };
  }
  const found = klarna.refunds.find((existing) => existing.reference === reference);
  return found && { id: found.refund_id, amount: found.refunded_amount };
}

/** A capture or refund form: all that is left, chosen lines, or a typed amount. */
export type SettlementInput =
  | { mode: 'amount'; amount: string }
  | { mode: 'lines'; lines: LineChoice[]; expectedAmount: number }
  | { mode: 'remaining' | 'all'; expectedAmount: number };

/**
 * The amount staff meant to capture or refund, in minor units: typed in the order's currency, or
 * the total of the chosen lines. Refuses (a FAILURE event, nothing sent) an unreadable or zero amount.
 */
async function intendedAmount(
  ctx: ActionContext,
  input: { mode: 'amount'; amount: string } | { mode: string; expectedAmount: number },
  verb: 'capture' | 'refund',
): Promise<{ amount: number } | { refused: OrderActionResult }> {
  let amount: number;
  if ('amount' in input) {
    const currency = ctx.order.currency;
    const parsed = isCurrencyCode(currency) ? parseMoneyInput(input.amount, currency) : null;
    if (parsed === null) {
      const message = `Enter the amount in ${currency} with at most two decimals, like 120.50.`;
      return { refused: await ctx.refuse('invalid', message, { fieldErrors: { amount: message } }) };
    }
    amount = parsed;
  } else {
    amount = input.expectedAmount;
  }
  if (amount < 1) {
    const message = `There is nothing to ${verb}: the amount is 0.`;
    return { refused: await ctx.refuse('invalid', message, { fieldErrors: { amount: message } }) };
  }
  return { amount };
}

/**
 * A capture or refund form is filled in against Klarna's captured (refunded) total, and its key
 * follows the total after it. When Klarna's total has moved since: an earlier attempt of this very
 * request reached Klarna (found by its reference), and is recorded now; or the form is stale, and
 * refused. Null while Klarna's total is the form's.
 */
async function movedTotalAnswer(
  ctx: ActionContext,
  total: { verb: 'capture' | 'refund'; klarna: number; expected: number },
  request: { amount: number; idempotencyKey: string; earlierAmount: number | undefined },
): Promise<OrderActionResult | null> {
  if (total.klarna === total.expected) return null;
  const done = total.verb === 'capture' ? 'captured' : 'refunded';
  if (request.earlierAmount !== undefined) {
    await ctx.noteReplay(request.idempotencyKey);
    const inTotal = total.verb === 'capture' ? 'Captured in total' : 'Refunded in total';
    return {
      ok: true,
      message: `This ${total.verb} of ${ctx.money(request.earlierAmount)} had already reached Klarna; it is recorded now. ${inTotal}: ${ctx.money(total.klarna)}.`,
    };
  }
  return ctx.refuse(
    'stale',
    `The order changed since this form was opened: ${ctx.money(total.klarna)} is ${done} now, not ${ctx.money(total.expected)}. Check the amounts and try again.`,
    { amount: request.amount, idempotencyKey: request.idempotencyKey },
  );
}

/**
 * The amount staff meant and the request's idempotency key (which follows Klarna's total after
 * it), or the answer when the form is refused or was already carried out (`movedTotalAnswer`).
 */
export async function checkedIntent(
  ctx: ActionContext,
  input: SettlementInput,
  settlement: {
    verb: SettlementVerb;
    /** Klarna's captured (refunded) total now, and the one the form was filled in against. */
    klarnaTotal: number;
    expectedTotal: number;
    key: (totalAfter: number) => string;
  },
): Promise<{ intended: number; idempotencyKey: string } | { answer: OrderActionResult }> {
  const intent = await intendedAmount(ctx, input, settlement.verb);
  if ('refused' in intent) return { answer: intent.refused };
  const intended = intent.amount;
  const idempotencyKey = settlement.key(settlement.expectedTotal + intended);
  const moved = await movedTotalAnswer(
    ctx,
    { verb: settlement.verb, klarna: settlement.klarnaTotal, expected: settlement.expectedTotal },
    {
      amount: intended,
      idempotencyKey,
      earlierAmount: settlementAtKlarna(settlement.verb, ctx.klarna, idempotencyKey)?.amount,
    },
  );
  return moved ? { answer: moved } : { intended, idempotencyKey };
}

/**
 * The lines that go with the amount: the chosen ones (refused when one cannot be taken, or when
 * they no longer come to the amount the form showed), or, for all that is left, every line still
 * left when that is exactly the amount (Klarna shows them on the invoice). None for a typed amount.
 */
export async function linesToSend(
  ctx: ActionContext,
  input: SettlementInput,
  settlement: {
    verb: SettlementVerb;
    basis: LineBasis;
    intended: number;
    /** What is left to take now, and how to say it ("is left to capture now"). */
    left: number;
    leftNow: string;
  },
): Promise<{ selection: Selection | null } | { refused: OrderActionResult }> {
  const { order, money } = ctx;
  if (input.mode === 'lines') {
    const chosen = selectLines(order.lines, settlement.basis, input.lines, settlement.verb);
    if (!chosen.ok) {
      const field = chosen.position === undefined ? 'lines' : `quantity-${chosen.position}`;
      return {
        refused: await ctx.refuse('invalid', chosen.message, { fieldErrors: { [field]: chosen.message } }),
      };
    }
    if (chosen.amount !== input.expectedAmount) {
      return {
        refused: await ctx.refuse(
          'stale',
          `The chosen lines now come to ${money(chosen.amount)}, not ${money(input.expectedAmount)}. Check the amounts and try again.`,
        ),
      };
    }
    return { selection: chosen };
  }
  if (input.mode === 'amount') return { selection: null };
  if (settlement.left !== input.expectedAmount) {
    return {
      refused: await ctx.refuse(
        'stale',
        `${money(settlement.left)} ${settlement.leftNow}, not ${money(input.expectedAmount)}. Check the amounts and try again.`,
      ),
    };
  }
  const rest = selectEverythingLeft(order.lines, settlement.basis, settlement.verb);
  return { selection: rest.amount === settlement.intended && rest.klarnaLines.length > 0 ? rest : null };
}

/**
 * Sends the capture or refund once. When Klarna's answer is lost, the order is read again and the
 * write is recognised by its reference (the idempotency key), so it is recorded like a success.
 */
export async function sendSettlement(
  ctx: ActionContext,
  write: {
    verb: SettlementVerb;
    idempotencyKey: string;
    amount: number;
    send: () => Promise<{ id: string; correlationId: string | null }>;
  },
): Promise<{ id: string; correlationId: string | null; recovered: boolean } | { result: OrderActionResult }> {
  try {
    return { ...(await write.send()), recovered: false };
  } catch (error) {
    const failure = await ctx.writeFailed(error, {
      idempotencyKey: write.idempotencyKey,
      amount: write.amount,
      what: write.verb,
      recover: (after) => settlementAtKlarna(write.verb, after, write.idempotencyKey) ?? null,
    });
    if ('result' in failure) return failure;
    return { id: failure.recovered.id, correlationId: null, recovered: true };
  }
}

/** How the recorded event names the lines and a write whose first answer was lost. */
export function settledNote(selection: Selection | null): string {
  return selection
    ? ` (${selection.recorded.map((line) => `${line.quantity} × ${line.name}`).join(', ')})`
    : '';
}

function recoveredNote(verb: SettlementVerb, recovered: boolean): string {
  return recovered ? `. Klarna’s first answer was lost; the ${verb} was found on re-reading the order` : '';
}

/** The SUCCESS event a sent capture or refund records (`message` is completed with the lost-answer note). */
export function settledEvent(
  ctx: ActionContext,
  verb: SettlementVerb,
  sent: { correlationId: string | null; recovered: boolean },
  event: { amount: number; idempotencyKey: string; message: string },
): NewAdminEvent {
  return {
    type: ACTION_EVENTS[verb],
    actor: ctx.actor,
    outcome: 'SUCCESS',
    amount: event.amount,
    idempotencyKey: event.idempotencyKey,
    correlationId: sent.correlationId,
    message: `${event.message}${recoveredNote(verb, sent.recovered)}.`,
  };
}
