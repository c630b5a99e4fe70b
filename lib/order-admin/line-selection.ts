import type { SoldLine } from '@/lib/data/admin-order';
import type { RecordedLine } from '@/lib/data/order-settlements';
import { divideRoundHalfAwayFromZero, includedTax } from '@/lib/money';
import type { KlarnaOrderLine } from '@/lib/order-lines';

export type { RecordedLine, SoldLine };

/*
 * Pure arithmetic for capturing or refunding part of an order by lines. A chosen quantity of a line
 * becomes a Klarna order line whose amounts obey Klarna's rules by construction
 * (`total_amount = quantity × unit_price − total_discount_amount`, VAT within ±1), and the parts
 * taken over several captures add up exactly to the line as sold: a line's discount (and, without
 * a VAT rate, its tax) is split by cumulative quantity, so rounding never leaves a cent behind.
 */

/** What staff chose: how many of which sold line. */
export interface LineChoice {
  position: number;
  quantity: number;
}

/**
 * A line in Klarna's Order Management shape (snake_case), as sent with a capture or refund: the
 * order line as placed, with the sold line's own type and no product links or subscription.
 */
export type KlarnaLinePart = Omit<KlarnaOrderLine, 'type' | 'product_url' | 'image_url' | 'subscription'> & {
  type: string;
};

export interface Selection {
  amount: number;
  klarnaLines: KlarnaLinePart[];
  recorded: RecordedLine[];
}

export type SelectionResult = ({ ok: true } & Selection) | { ok: false; message: string; position?: number };

/** Quantities per sold line already taken by earlier captures (or refunds). */
export function takenQuantities(records: readonly (readonly RecordedLine[])[]): Map<number, number> {
  const taken = new Map<number, number>();
  for (const lines of records) {
    for (const line of lines) {
      if (line.position === null) continue;
      taken.set(line.position, (taken.get(line.position) ?? 0) + line.quantity);
    }
  }
  return taken;
}

/**
 * Where each line stands for one kind of operation: how many were already taken (`before`, which
 * decides how the line's discount is shared) and how many may still be taken (`left`).
 */
export interface LineBasis {
  before: ReadonlyMap<number, number>;
  left: ReadonlyMap<number, number>;
}

/** For a capture: taken = captured; left = sold − captured. */
export function captureBasis(lines: readonly SoldLine[], captured: ReadonlyMap<number, number>): LineBasis {
  return {
    before: captured,
    left: new Map(
      lines.map((line) => [line.position, Math.max(0, line.quantity - (captured.get(line.position) ?? 0))]),
    ),
  };
}

/** For a refund: taken = refunded; left = captured − refunded. */
export function refundBasis(
  lines: readonly SoldLine[],
  captured: ReadonlyMap<number, number>,
  refunded: ReadonlyMap<number, number>,
): LineBasis {
  return {
    before: refunded,
    left: new Map(
      lines.map((line) => [
        line.position,
        Math.max(
          0,
          Math.min(line.quantity, captured.get(line.position) ?? 0) - (refunded.get(line.position) ?? 0),
        ),
      ]),
    ),
  };
}

/** `total × after / quantity − total × before / quantity`, each rounded the same way. */
function cumulativeShare(total: number, before: number, after: number, quantity: number): number {
  if (quantity === 0) return 0;
  return (
    divideRoundHalfAwayFromZero(total * after, quantity) -
    divideRoundHalfAwayFromZero(total * before, quantity)
  );
}

/**
 * The Klarna line for `quantity` more of `line`, after `before` were already taken. The line's
 * discount (and tax when it has no VAT rate, e.g. the US sales-tax line) is shared by cumulative
 * quantity, so all parts together equal the line exactly.
 */
export function linePart(line: SoldLine, quantity: number, before: number): KlarnaLinePart {
  const after = before + quantity;
  const discount = cumulativeShare(line.totalDiscountAmount, before, after, line.quantity);
  const total = quantity * line.unitPrice - discount;
  const tax =
    line.taxRate === null
      ? cumulativeShare(line.totalTaxAmount, before, after, line.quantity)
      : includedTax(total, line.taxRate);
  const part: KlarnaLinePart = {
    type: line.type,
    reference: line.reference ?? '',
    name: line.name,
    quantity,
    unit_price: line.unitPrice,
    total_amount: total,
    total_discount_amount: discount,
    total_tax_amount: tax,
  };
  if (line.taxRate !== null) part.tax_rate = line.taxRate;
  return part;
}

/**
 * Turns staff's choice into Klarna lines and an amount, refusing (with a message naming the line)
 * a line of another order, a repeated line, a quantity that is not a whole number of at least one,
 * and more than is left of a line.
 */
export function selectLines(
  lines: readonly SoldLine[],
  basis: LineBasis,
  choices: readonly LineChoice[],
  verb: 'capture' | 'refund',
): SelectionResult {
  const chosen = choices.filter((choice) => choice.quantity !== 0);
  if (chosen.length === 0) return { ok: false, message: `Choose at least one line to ${verb}.` };

  const byPosition = new Map(lines.map((line) => [line.position, line]));
  const seen = new Set<number>();
  const selection: Selection = { amount: 0, klarnaLines: [], recorded: [] };
  for (const choice of chosen) {
    const line = byPosition.get(choice.position);
    if (!line) {
      return {
        ok: false,
        position: choice.position,
        message: `Line ${choice.position + 1} is not part of this order.`,
      };
    }
    if (seen.has(choice.position)) {
      return { ok: false, position: choice.position, message: `${line.name} was chosen twice.` };
    }
    seen.add(choice.position);
    if (!Number.isSafeInteger(choice.quantity) || choice.quantity < 1) {
      return {
        ok: false,
        position: choice.position,
        message: `Enter a whole quantity of at least 1 for ${line.name}.`,
      };
    }
    const before = basis.before.get(line.position) ?? 0;
    const left = basis.left.get(line.position) ?? 0;
    if (choice.quantity > left) {
      const what = left === 0 ? 'none is' : `only ${left} ${left === 1 ? 'is' : 'are'}`;
      return {
        ok: false,
        position: choice.position,
        message: `${line.name}: ${what} left to ${verb}, not ${choice.quantity}.`,
      };
    }
    const part = linePart(line, choice.quantity, before);
    selection.klarnaLines.push(part);
    selection.recorded.push({
      position: line.position,
      reference: part.reference,
      name: part.name,
      quantity: part.quantity,
      totalAmount: part.total_amount,
    });
    selection.amount += part.total_amount;
  }
  return { ok: true, ...selection };
}

/** Everything still left of every line, as one selection (no lines when nothing is left). */
export function selectEverythingLeft(
  lines: readonly SoldLine[],
  basis: LineBasis,
  verb: 'capture' | 'refund',
): Selection {
  const choices = lines
    .map((line) => ({ position: line.position, quantity: basis.left.get(line.position) ?? 0 }))
    .filter((choice) => choice.quantity > 0);
  const result = choices.length > 0 ? selectLines(lines, basis, choices, verb) : null;
  return result?.ok
    ? { amount: result.amount, klarnaLines: result.klarnaLines, recorded: result.recorded }
    : { amount: 0, klarnaLines: [], recorded: [] };
}

/**
 * Matches lines Klarna reports on a capture or refund made elsewhere to the sold lines, by
 * reference and name (null position when none matches).
 */
export function recordKlarnaLines(
  lines: readonly SoldLine[],
  klarnaLines: readonly { reference?: string; name: string; quantity: number; total_amount: number }[],
): RecordedLine[] {
  return klarnaLines.map((klarnaLine) => {
    const match = lines.find(
      (line) => (line.reference ?? '') === (klarnaLine.reference ?? '') && line.name === klarnaLine.name,
    );
    return {
      position: match?.position ?? null,
      reference: klarnaLine.reference ?? '',
      name: klarnaLine.name,
      quantity: klarnaLine.quantity,
      totalAmount: klarnaLine.total_amount,
    };
  });
}
