import 'server-only';

import type { NewAdminEvent, NewCapture, NewRefund } from '@/lib/data/order-settlements';
import type { OrderMirror } from '@/lib/data/orders';
import {
  captureOrder,
  refundOrder,
  type CaptureRequest,
  type MerchantOrder,
  type RefundRequest,
} from '@/lib/klarna';
import { sendOrderMailsSoon } from '@/lib/mail/deliver';
import { isCurrencyCode, readMoneyInput } from '@/lib/money';
import { captureKey, refundKey } from './idempotency-keys';
import {
  selectEverythingLeft,
  selectLines,
  type LineBasis,
  type LineChoice,
  type Selection,
} from './line-selection';
import {
  ACTION_EVENTS,
  defineOrderAction,
  type ActionContext,
  type OrderAction,
  type OrderActionResult,
} from './run-action';

/*
 * The steps a capture and a refund share: the amount staff meant (typed, chosen lines, or all that
 * is left), the check of the form against Klarna's total, the lines that go with it, and the one
 * write to Klarna, recognised by its reference when its answer was lost. Each action keeps its own
 * checks of what Klarna would refuse and what it records.
 */

export type SettlementVerb = 'capture' | 'refund';

/** Where a capture and a refund differ in the steps they share. */
const SETTLEMENTS = {
  capture: {
    past: 'Captured',
    klarnaTotal: (klarna: MerchantOrder) => klarna.captured_amount,
    key: captureKey,
    /** This request's capture at Klarna, found by its reference (the idempotency key). */
    atKlarna: (klarna: MerchantOrder, reference: string) => {
      const found = klarna.captures.find((existing) => existing.reference === reference);
      return found && { id: found.capture_id, amount: found.captured_amount };
    },
  },
  refund: {
    past: 'Refunded',
    klarnaTotal: (klarna: MerchantOrder) => klarna.refunded_amount,
    key: refundKey,
    atKlarna: (klarna: MerchantOrder, reference: string) => {
      const found = klarna.refunds.find((existing) => existing.reference === reference);
      return found && { id: found.refund_id, amount: found.refunded_amount };
    },
  },
} as const;

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
    const reading = isCurrencyCode(currency)
      ? readMoneyInput(input.amount, currency)
      : { ok: false as const, message: `The shop cannot read amounts in ${currency}.` };
    if (!reading.ok) {
      const { message } = reading;
      return { refused: await ctx.refuse('invalid', message, { fieldErrors: { amount: message } }) };
    }
    amount = reading.amount;
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
  const past = SETTLEMENTS[total.verb].past;
  if (request.earlierAmount !== undefined) {
    await ctx.noteReplay(request.idempotencyKey);
    return {
      ok: true,
      message: `This ${total.verb} of ${ctx.money(request.earlierAmount)} had already reached Klarna; it is recorded now. ${past} in total: ${ctx.money(total.klarna)}.`,
    };
  }
  return ctx.refuse(
    'stale',
    `The order changed since this form was opened: ${ctx.money(total.klarna)} is ${past.toLowerCase()} now, not ${ctx.money(total.expected)}. Check the amounts and try again.`,
    { amount: request.amount, idempotencyKey: request.idempotencyKey },
  );
}

/**
 * The amount staff meant and the request's idempotency key (which follows Klarna's captured
 * (refunded) total after it), or the answer when the form is refused or was already carried out
 * (`movedTotalAnswer`). `expectedTotal` is the total the form was filled in against.
 */
async function checkedIntent(
  ctx: ActionContext,
  input: SettlementInput,
  verb: SettlementVerb,
  expectedTotal: number,
): Promise<{ intended: number; idempotencyKey: string } | { answer: OrderActionResult }> {
  const intent = await intendedAmount(ctx, input, verb);
  if ('refused' in intent) return { answer: intent.refused };
  const intended = intent.amount;
  const idempotencyKey = SETTLEMENTS[verb].key(ctx.ref.orderId, expectedTotal + intended);
  const moved = await movedTotalAnswer(
    ctx,
    { verb, klarna: SETTLEMENTS[verb].klarnaTotal(ctx.klarna), expected: expectedTotal },
    {
      amount: intended,
      idempotencyKey,
      earlierAmount: SETTLEMENTS[verb].atKlarna(ctx.klarna, idempotencyKey)?.amount,
    },
  );
  return moved ? { answer: moved } : { intended, idempotencyKey };
}

/**
 * A capture or refund: runs in the action frame, and `run` starts from the amount staff meant and
 * the request's idempotency key once the form has been checked against Klarna's total
 * (`checkedIntent`; `expectedTotal` reads the total the form was filled in against).
 */
export function defineSettlement<Input extends SettlementInput & { orderId: string }>(
  verb: SettlementVerb,
  expectedTotal: (input: Input) => number,
  run: (
    ctx: ActionContext,
    input: Input,
    intent: { intended: number; idempotencyKey: string },
  ) => Promise<OrderActionResult>,
): OrderAction<Input> {
  return defineOrderAction<Input>({ type: ACTION_EVENTS[verb], what: verb }, async (ctx, input) => {
    const checked = await checkedIntent(ctx, input, verb, expectedTotal(input));
    return 'answer' in checked ? checked.answer : run(ctx, input, checked);
  });
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

/** The write to Klarna, and what its row records beyond what every capture and refund records. */
export type SettlementWrite =
  | { verb: 'capture'; request: CaptureRequest; extra: Pick<NewCapture, 'shippingInfo' | 'description'> }
  | { verb: 'refund'; request: RefundRequest; extra: Pick<NewRefund, 'description'> };

/** Sends the capture or refund to Klarna: the id Klarna gave it. */
async function sendToKlarna(
  ctx: ActionContext,
  write: SettlementWrite,
  idempotencyKey: string,
): Promise<{ id: string; correlationId: string | null }> {
  if (write.verb === 'capture') {
    const created = await captureOrder({ ...ctx.ref, idempotencyKey, capture: write.request }, ctx.options);
    return { id: created.captureId, correlationId: created.correlationId };
  }
  const created = await refundOrder({ ...ctx.ref, idempotencyKey, refund: write.request }, ctx.options);
  return { id: created.refundId, correlationId: created.correlationId };
}

/** How the recorded event names the lines. */
function settledNote(selection: Selection | null): string {
  return selection
    ? ` (${selection.recorded.map((line) => `${line.quantity} × ${line.name}`).join(', ')})`
    : '';
}

function recoveredNote(verb: SettlementVerb, recovered: boolean): string {
  return recovered ? `. Klarna’s first answer was lost; the ${verb} was found on re-reading the order` : '';
}

/**
 * Sends the capture or refund once and records it with its SUCCESS event, then answers with the
 * new total (`total.after` of `total.of`). When Klarna's answer is lost, the order is read again and
 * the write is recognised by its reference (the idempotency key), so it is recorded like a success.
 */
export async function sendAndRecord(
  ctx: ActionContext,
  write: SettlementWrite & {
    amount: number;
    idempotencyKey: string;
    selection: Selection | null;
    /** What the event says after the amount and the lines (the refund's reason). */
    detail?: string;
    total: { after: number; of: string };
    /** What the write is known to have done, applied if Klarna cannot be read again after it. */
    fallback: Partial<OrderMirror>;
  },
): Promise<OrderActionResult> {
  const { verb, amount, idempotencyKey, selection } = write;
  let sent: { id: string; correlationId: string | null; recovered: boolean };
  try {
    sent = { ...(await sendToKlarna(ctx, write, idempotencyKey)), recovered: false };
  } catch (error) {
    const failure = await ctx.writeFailed(error, {
      idempotencyKey,
      amount,
      what: verb,
      recover: (after) => SETTLEMENTS[verb].atKlarna(after, idempotencyKey) ?? null,
    });
    if ('result' in failure) return failure.result;
    sent = { id: failure.recovered.id, correlationId: null, recovered: true };
  }

  const past = SETTLEMENTS[verb].past;
  const event: NewAdminEvent = {
    type: ACTION_EVENTS[verb],
    actor: ctx.actor,
    outcome: 'SUCCESS',
    amount,
    idempotencyKey,
    correlationId: sent.correlationId,
    message: `${past} ${ctx.money(amount)}${settledNote(selection)}${write.detail ?? ''}; ${verb} ${sent.id}${recoveredNote(verb, sent.recovered)}.`,
  };
  // The shopper's receipt (notice) is recorded with the capture (refund), and sent after commit.
  const recorded = {
    amount,
    lines: selection?.recorded ?? [],
    idempotencyKey,
    actor: ctx.actor,
    event,
    mailShopper: ctx.mail !== null,
  };
  await ctx.commit(
    write.verb === 'capture'
      ? {
          captures: [{ klarnaCaptureId: sent.id, ...recorded, ...write.extra, capturedAt: ctx.now }],
          fallback: write.fallback,
        }
      : {
          refunds: [{ klarnaRefundId: sent.id, ...recorded, ...write.extra, refundedAt: ctx.now }],
          fallback: write.fallback,
        },
  );
  sendOrderMailsSoon(ctx.order.id, { mail: ctx.mail });
  return {
    ok: true,
    message: `${past} ${ctx.money(amount)}. ${past} in total: ${ctx.money(write.total.after)} of ${write.total.of}.`,
  };
}
