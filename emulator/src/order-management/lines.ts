import { expectedLineTax } from '../order-rules.js';
import type { OmLineType, OmOrderLine } from './schemas.js';

/** Line types whose unit price and total may be negative: they reduce what is charged or refunded. */
const NEGATIVE_LINE_TYPES: ReadonlySet<OmLineType> = new Set([
  'discount',
  'gift_card',
  'store_credit',
  'return_fee',
]);

/**
 * Klarna's arithmetic on lines sent to Order Management (captures, refunds, update authorization):
 * `total_amount = quantity × unit_price − total_discount_amount`, tax within ±1 of the tax part of
 * the total, and the lines summing to the amount of the operation. Returns the offending paths.
 */
export function lineIssues(lines: readonly OmOrderLine[], amount: number, amountField: string): string[] {
  const issues: string[] = [];
  let sum = 0;
  lines.forEach((line, index) => {
    const at = (field: string) => `order_lines[${index}].${field}`;
    const mayBeNegative = NEGATIVE_LINE_TYPES.has(line.type ?? 'physical');
    if (!mayBeNegative && line.unit_price < 0) issues.push(at('unit_price'));
    const expected = line.quantity * line.unit_price - (line.total_discount_amount ?? 0);
    if (line.total_amount !== expected || (!mayBeNegative && line.total_amount < 0))
      issues.push(at('total_amount'));
    if (line.type === 'return_fee' && line.total_amount > 0) issues.push(at('total_amount'));
    if (line.tax_rate !== undefined) {
      const tax = line.total_tax_amount ?? 0;
      if (Math.abs(tax - expectedLineTax(line.total_amount, line.tax_rate)) > 1)
        issues.push(at('total_tax_amount'));
    }
    sum += line.total_amount;
  });
  if (lines.length > 0 && sum !== amount) issues.push(amountField);
  return issues;
}

/**
 * A line as Order Management returns it: unset text fields as empty strings and unset numbers as
 * 0, as in Klarna's own GET order example (api-reference §4.2).
 */
export function lineView(line: OmOrderLine): Record<string, unknown> {
  const view: Record<string, unknown> = {
    reference: line.reference ?? '',
    type: line.type ?? 'physical',
    quantity: line.quantity,
    quantity_unit: line.quantity_unit ?? '',
    name: line.name,
    total_amount: line.total_amount,
    unit_price: line.unit_price,
    total_discount_amount: line.total_discount_amount ?? 0,
    tax_rate: line.tax_rate ?? 0,
    total_tax_amount: line.total_tax_amount ?? 0,
  };
  if (line.merchant_data !== undefined) view.merchant_data = line.merchant_data;
  if (line.product_url !== undefined) view.product_url = line.product_url;
  if (line.image_url !== undefined) view.image_url = line.image_url;
  if (line.product_identifiers !== undefined) view.product_identifiers = line.product_identifiers;
  if (line.subscription !== undefined) view.subscription = line.subscription;
  return view;
}
