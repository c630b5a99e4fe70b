/**
 * The one place a cart becomes Klarna order lines and totals (design invariant 2).
 * The result is Klarna's snake_case payload, ready to send unchanged to create/update
 * session, `authorize()` and create order, and `summarizeOrder` derives the figures
 * the cart and checkout pages show from that same payload, so they cannot drift.
 *
 * Klarna's arithmetic rules (api-reference §3.6) hold by construction:
 * - integers only; every line has `total_amount = quantity × unit_price − total_discount_amount`;
 * - `order_amount = Σ total_amount` and `order_tax_amount = Σ total_tax_amount`;
 * - VAT markets: each line's tax is `total × rate / (10000 + rate)` rounded half away from
 *   zero (within ±0.5 of Klarna's formula); discounts are separate negative lines, one per
 *   VAT rate, so every rate's tax stays right;
 * - US (`sales_tax`): net prices, no `tax_rate` anywhere, and one "Sales Tax" line.
 */
import type { TaxStyle } from './markets';
import { allocateProportionally, applyBasisPoints, includedTax } from './money';

/** Klarna's cap on `unit_price` and `total_amount` (api-reference §3.3). */
const KLARNA_MAX_AMOUNT = 200_000_000;

const MAX_TAX_RATE = 10_000;
const MAX_TEXT_LENGTH = 255;

type SubscriptionInterval = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';

interface KlarnaSubscription {
  name: string;
  interval: SubscriptionInterval;
  interval_count: number;
}

export interface CartLineInput {
  reference: string;
  name: string;
  quantity: number;
  /** Minor units; includes VAT in `vat` markets, excludes sales tax in `sales_tax` markets. */
  unitPrice: number;
  /** Basis points: the VAT rate inside `unitPrice`, or the US sales-tax rate (0 for exempt goods). */
  taxRate: number;
  type?: 'physical' | 'digital';
  productUrl?: string;
  imageUrl?: string;
  subscription?: KlarnaSubscription;
}

type DiscountInput =
  | { kind: 'percent'; basisPoints: number; name: string; reference: string }
  | { kind: 'fixed'; amount: number; name: string; reference: string };

interface ShippingInput {
  name: string;
  reference: string;
  /** Minor units; includes VAT in `vat` markets, excludes sales tax in `sales_tax` markets. */
  amount: number;
  taxRate: number;
}

type KlarnaOrderLineType = 'physical' | 'digital' | 'discount' | 'shipping_fee' | 'sales_tax';

export interface KlarnaOrderLine {
  type: KlarnaOrderLineType;
  reference: string;
  name: string;
  quantity: number;
  unit_price: number;
  /** Present in VAT markets only; Klarna's US model forbids it. */
  tax_rate?: number;
  total_amount: number;
  total_discount_amount: number;
  total_tax_amount: number;
  product_url?: string;
  image_url?: string;
  subscription?: KlarnaSubscription;
}

export interface KlarnaOrderTotals {
  order_lines: KlarnaOrderLine[];
  order_amount: number;
  order_tax_amount: number;
}

export interface BuildOrderLinesInput {
  taxStyle: TaxStyle;
  lines: readonly CartLineInput[];
  discount?: DiscountInput;
  shipping?: ShippingInput;
}

/** Thrown for input no cart should ever produce; the message names the offending field. */
export class OrderLinesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderLinesError';
  }
}

const SALES_TAX_LINE_NAME = 'Sales Tax';
const SALES_TAX_LINE_REFERENCE = 'sales-tax';

/**
 * Turns a cart into Klarna order lines and totals, in a fixed order: product lines (cart
 * order), discount line(s), shipping line, sales-tax line.
 *
 * Discounts apply to product lines only (never to shipping). The discount amount is
 * `round(subtotal × basisPoints / 10000)` for a percentage, or the fixed amount capped at
 * the subtotal, so it never exceeds what it discounts: 100 % gives a zero total. It is then
 * split over the products' tax rates in proportion to each rate's subtotal by largest
 * remainder (`allocateProportionally`), so the parts sum exactly to the discount and no
 * part exceeds its rate's subtotal. In VAT markets each non-zero part becomes its own
 * discount line (highest rate first) carrying that rate and a negative tax; in the US one
 * discount line carries the whole amount. A discount that comes to 0 adds no line.
 *
 * US sales tax is computed per rate on the discounted subtotal of that rate, plus shipping
 * at its own rate, each rounded half away from zero, and sent as one "Sales Tax" line.
 * When the tax is 0 (all goods exempt) no sales-tax line is sent.
 *
 * An empty cart yields no product lines and zero totals; refusing to start a payment for
 * it is the checkout's job. Throws `OrderLinesError` on non-integer or non-positive
 * quantities, negative or non-integer amounts, rates outside 0–10000, or amounts above
 * Klarna's cap.
 */
export function buildOrderLines(input: BuildOrderLinesInput): KlarnaOrderTotals {
  const { taxStyle, lines, discount, shipping } = input;
  if (taxStyle !== 'vat' && taxStyle !== 'sales_tax') {
    throw new OrderLinesError(`taxStyle must be 'vat' or 'sales_tax', got ${String(taxStyle)}`);
  }
  const withVat = taxStyle === 'vat';
  lines.forEach((line, i) => validateCartLine(line, `lines[${i}]`));
  if (discount) validateDiscount(discount);
  if (shipping) validateShipping(shipping);

  const productLines = lines.map((line) => toProductLine(line, withVat));
  const rateGroups = subtotalsByRate(lines);
  const discountParts = allocateDiscount(discount, rateGroups);

  const orderLines: KlarnaOrderLine[] = [...productLines];
  if (discount) orderLines.push(...discountLines(discount, rateGroups, discountParts, withVat));
  if (shipping) orderLines.push(shippingLine(shipping, withVat));
  if (!withVat) {
    const salesTax = computeSalesTax(rateGroups, discountParts, shipping);
    if (salesTax > 0) orderLines.push(salesTaxLine(salesTax));
  }

  const orderAmount = sum(orderLines.map((line) => line.total_amount));
  const orderTaxAmount = withVat
    ? sum(orderLines.map((line) => line.total_tax_amount))
    : sum(orderLines.filter((line) => line.type === 'sales_tax').map((line) => line.total_amount));
  return { order_lines: orderLines, order_amount: orderAmount, order_tax_amount: orderTaxAmount };
}

/** What a cart or checkout summary shows, all derived from the Klarna payload. */
export interface OrderSummary {
  /** Product lines before discount (VAT included in `vat` markets, net in the US). */
  subtotal: number;
  /** The discount as a positive amount (0 if none). */
  discount: number;
  shipping: number;
  /** VAT contained in the total (`taxIncluded`), or the US sales tax added on top. */
  tax: number;
  /** True in VAT markets: show "incl. VAT"; false in the US: show tax as its own row. */
  taxIncluded: boolean;
  /** Exactly `order_amount`: subtotal − discount + shipping (+ tax when not included). */
  total: number;
}

/**
 * Figures for a cart/checkout summary, read back from `buildOrderLines`'s result so the
 * page shows exactly what Klarna is asked to charge.
 */
export function summarizeOrder(totals: KlarnaOrderTotals, taxStyle: TaxStyle): OrderSummary {
  const totalOf = (types: readonly KlarnaOrderLineType[]) =>
    sum(totals.order_lines.filter((line) => types.includes(line.type)).map((line) => line.total_amount));
  return {
    subtotal: totalOf(['physical', 'digital']),
    discount: 0 - totalOf(['discount']), // not unary minus: -0 would leak into the UI
    shipping: totalOf(['shipping_fee']),
    tax: totals.order_tax_amount,
    taxIncluded: taxStyle === 'vat',
    total: totals.order_amount,
  };
}

interface RateGroup {
  taxRate: number;
  subtotal: number;
}

function toProductLine(line: CartLineInput, withVat: boolean): KlarnaOrderLine {
  const total = line.quantity * line.unitPrice;
  return {
    type: line.type ?? 'physical',
    reference: line.reference,
    name: line.name,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    ...(withVat ? { tax_rate: line.taxRate } : {}),
    total_amount: total,
    total_discount_amount: 0,
    total_tax_amount: withVat ? includedTax(total, line.taxRate) : 0,
    ...(line.productUrl !== undefined ? { product_url: line.productUrl } : {}),
    ...(line.imageUrl !== undefined ? { image_url: line.imageUrl } : {}),
    ...(line.subscription !== undefined ? { subscription: { ...line.subscription } } : {}),
  };
}

/** Product subtotals per tax rate, highest rate first, so discount lines come out in a fixed order. */
function subtotalsByRate(lines: readonly CartLineInput[]): RateGroup[] {
  const byRate = new Map<number, number>();
  for (const line of lines) {
    byRate.set(line.taxRate, (byRate.get(line.taxRate) ?? 0) + line.quantity * line.unitPrice);
  }
  return [...byRate.entries()]
    .map(([taxRate, subtotal]) => ({ taxRate, subtotal }))
    .sort((a, b) => b.taxRate - a.taxRate);
}

/** The discount per rate group (same order as `groups`), summing exactly to the capped discount. */
function allocateDiscount(discount: DiscountInput | undefined, groups: readonly RateGroup[]): number[] {
  const subtotals = groups.map((group) => group.subtotal);
  if (!discount) return subtotals.map(() => 0);
  const subtotal = sum(subtotals);
  const amount =
    discount.kind === 'percent'
      ? applyBasisPoints(subtotal, discount.basisPoints)
      : Math.min(discount.amount, subtotal);
  return allocateProportionally(amount, subtotals);
}

function discountLines(
  discount: DiscountInput,
  groups: readonly RateGroup[],
  parts: readonly number[],
  withVat: boolean,
): KlarnaOrderLine[] {
  if (!withVat) {
    const amount = sum(parts);
    return amount > 0 ? [discountLine(discount.name, discount.reference, amount)] : [];
  }
  const nonZero = groups
    .map((group, i) => ({ taxRate: group.taxRate, amount: parts[i] ?? 0 }))
    .filter((part) => part.amount > 0);
  const split = nonZero.length > 1;
  return nonZero.map(({ taxRate, amount }) => ({
    ...discountLine(
      split ? `${discount.name} (${formatRate(taxRate)} VAT)` : discount.name,
      split ? `${discount.reference}-vat-${taxRate}` : discount.reference,
      amount,
    ),
    tax_rate: taxRate,
    total_tax_amount: includedTax(-amount, taxRate),
  }));
}

function discountLine(name: string, reference: string, amount: number): KlarnaOrderLine {
  return {
    type: 'discount',
    reference,
    name,
    quantity: 1,
    unit_price: -amount,
    total_amount: -amount,
    total_discount_amount: 0,
    total_tax_amount: 0,
  };
}

function shippingLine(shipping: ShippingInput, withVat: boolean): KlarnaOrderLine {
  return {
    type: 'shipping_fee',
    reference: shipping.reference,
    name: shipping.name,
    quantity: 1,
    unit_price: shipping.amount,
    ...(withVat ? { tax_rate: shipping.taxRate } : {}),
    total_amount: shipping.amount,
    total_discount_amount: 0,
    total_tax_amount: withVat ? includedTax(shipping.amount, shipping.taxRate) : 0,
  };
}

/** US sales tax: per rate on the discounted subtotal, plus shipping at its own rate. */
function computeSalesTax(
  groups: readonly RateGroup[],
  discountParts: readonly number[],
  shipping: ShippingInput | undefined,
): number {
  const goodsTax = sum(
    groups.map((group, i) => applyBasisPoints(group.subtotal - (discountParts[i] ?? 0), group.taxRate)),
  );
  return goodsTax + (shipping ? applyBasisPoints(shipping.amount, shipping.taxRate) : 0);
}

function salesTaxLine(amount: number): KlarnaOrderLine {
  return {
    type: 'sales_tax',
    reference: SALES_TAX_LINE_REFERENCE,
    name: SALES_TAX_LINE_NAME,
    quantity: 1,
    unit_price: amount,
    total_amount: amount,
    total_discount_amount: 0,
    total_tax_amount: 0,
  };
}

/** 2500 → "25%", 1250 → "12.5%", 775 → "7.75%". */
function formatRate(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0$/, '');
  return basisPoints % 100 === 0 ? `${whole}%` : `${whole}.${fraction}%`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function validateCartLine(line: CartLineInput, path: string): void {
  requireText(line.name, `${path}.name`, 1);
  requireText(line.reference, `${path}.reference`, 0);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
    throw new OrderLinesError(`${path}.quantity must be a positive integer, got ${String(line.quantity)}`);
  }
  requireAmount(line.unitPrice, `${path}.unitPrice`);
  requireTaxRate(line.taxRate, `${path}.taxRate`);
  if (line.quantity * line.unitPrice > KLARNA_MAX_AMOUNT) {
    throw new OrderLinesError(`${path}: quantity × unitPrice exceeds Klarna's limit of ${KLARNA_MAX_AMOUNT}`);
  }
  if (line.type !== undefined && line.type !== 'physical' && line.type !== 'digital') {
    throw new OrderLinesError(`${path}.type must be 'physical' or 'digital', got ${String(line.type)}`);
  }
  if (line.subscription) {
    const { name, interval, interval_count } = line.subscription;
    requireText(name, `${path}.subscription.name`, 1);
    if (!['DAY', 'WEEK', 'MONTH', 'YEAR'].includes(interval)) {
      throw new OrderLinesError(`${path}.subscription.interval must be DAY, WEEK, MONTH or YEAR`);
    }
    if (!Number.isSafeInteger(interval_count) || interval_count < 1) {
      throw new OrderLinesError(`${path}.subscription.interval_count must be a positive integer`);
    }
  }
}

function validateDiscount(discount: DiscountInput): void {
  requireText(discount.name, 'discount.name', 1);
  // Room for the "-vat-<rate>" suffix a split discount line gets.
  requireText(discount.reference, 'discount.reference', 0, MAX_TEXT_LENGTH - 10);
  if (discount.kind === 'percent') {
    const bp = discount.basisPoints;
    if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10_000) {
      throw new OrderLinesError(`discount.basisPoints must be an integer from 0 to 10000, got ${String(bp)}`);
    }
  } else if (discount.kind === 'fixed') {
    if (!Number.isSafeInteger(discount.amount) || discount.amount < 0) {
      throw new OrderLinesError(
        `discount.amount must be a non-negative integer (minor units), got ${String(discount.amount)}`,
      );
    }
  } else {
    throw new OrderLinesError(`discount.kind must be 'percent' or 'fixed'`);
  }
}

function validateShipping(shipping: ShippingInput): void {
  requireText(shipping.name, 'shipping.name', 1);
  requireText(shipping.reference, 'shipping.reference', 0);
  requireAmount(shipping.amount, 'shipping.amount');
  requireTaxRate(shipping.taxRate, 'shipping.taxRate');
}

function requireText(value: string, path: string, minLength: number, maxLength = MAX_TEXT_LENGTH): void {
  if (typeof value !== 'string' || value.length < minLength || value.length > maxLength) {
    throw new OrderLinesError(`${path} must be a string of ${minLength}–${maxLength} characters`);
  }
}

function requireAmount(value: number, path: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > KLARNA_MAX_AMOUNT) {
    throw new OrderLinesError(
      `${path} must be an integer from 0 to ${KLARNA_MAX_AMOUNT} (minor units), got ${String(value)}`,
    );
  }
}

function requireTaxRate(value: number, path: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_TAX_RATE) {
    throw new OrderLinesError(
      `${path} must be an integer from 0 to ${MAX_TAX_RATE} (basis points), got ${String(value)}`,
    );
  }
}
