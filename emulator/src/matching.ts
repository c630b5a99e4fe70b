import type { Address, OrderLine } from './types.js';

/**
 * Place order and create customer token must carry what was authorized (api-reference §3.6
 * rule 9). These functions list the fields that differ, in Klarna's
 * `Not matching fields: [...]` vocabulary.
 */

const LINE_FIELDS = [
  'type',
  'reference',
  'name',
  'quantity',
  'quantity_unit',
  'unit_price',
  'tax_rate',
  'total_amount',
  'total_discount_amount',
  'total_tax_amount',
] as const;

const ADDRESS_FIELDS = [
  'attention',
  'city',
  'country',
  'email',
  'family_name',
  'given_name',
  'organization_name',
  'phone',
  'postal_code',
  'region',
  'street_address',
  'street_address2',
  'title',
] as const;

/** Absent and default values compare equal: a missing `type` is `physical`, a missing amount is 0. */
function lineValue(line: OrderLine, field: (typeof LINE_FIELDS)[number]): string | number {
  const value = line[field];
  if (value !== undefined) return value;
  if (field === 'type') return 'physical';
  if (field === 'reference' || field === 'name' || field === 'quantity_unit') return '';
  return 0;
}

export function orderLinesMismatches(
  authorized: readonly OrderLine[],
  requested: readonly OrderLine[],
): string[] {
  if (authorized.length !== requested.length) {
    return [
      `Incorrect number of items in the cart. Expected: ${authorized.length}, Actual: ${requested.length}`,
    ];
  }
  const mismatches: string[] = [];
  requested.forEach((line, index) => {
    const expected = authorized[index] as OrderLine;
    for (const field of LINE_FIELDS) {
      if (lineValue(line, field) !== lineValue(expected, field))
        mismatches.push(`order_lines[${index}].${field}`);
    }
  });
  return mismatches;
}

function normalizeText(value: string | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

/**
 * An absent or empty address in the request matches; otherwise every field must equal the
 * authorized one (case and surrounding space aside).
 */
export function addressMismatches(
  prefix: 'billing_address' | 'shipping_address',
  authorized: Address | undefined,
  requested: Address | undefined,
): string[] {
  if (!requested || Object.keys(requested).length === 0) return [];
  return ADDRESS_FIELDS.filter(
    (field) => normalizeText(requested[field]) !== normalizeText(authorized?.[field]),
  ).map((field) => `${prefix}.${field}`);
}
