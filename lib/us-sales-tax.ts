/**
 * US sales tax by the state an order ships to.
 *
 * Rates are the statewide base rates in basis points (725 = 7.25 %), as of 1 January 2025, from the
 * Tax Foundation's "State and Local Sales Tax Rates, 2025" (taxfoundation.org). Local (county and
 * city) rates are not included. Where a statewide local rate is levied everywhere (UT, VA) it is
 * part of the rate, as in that table. Review this table when states change their rates.
 *
 * The shop's tax rates are whole basis points, as Klarna's are. Four states have a third decimal
 * (MN 6.875 %, MO 4.225 %, NJ 6.625 %, NM 4.875 %): they are rounded down to the basis point, so the
 * shop never collects more than the state's rate.
 */
export const US_SALES_TAX_RATES = {
  AL: 400,
  AK: 0,
  AZ: 560,
  AR: 650,
  CA: 725,
  CO: 290,
  CT: 635,
  DE: 0,
  DC: 600,
  FL: 600,
  GA: 400,
  HI: 400,
  ID: 600,
  IL: 625,
  IN: 700,
  IA: 600,
  KS: 650,
  KY: 600,
  LA: 500,
  ME: 550,
  MD: 600,
  MA: 625,
  MI: 600,
  MN: 687,
  MS: 700,
  MO: 422,
  MT: 0,
  NE: 550,
  NV: 685,
  NH: 0,
  NJ: 662,
  NM: 487,
  NY: 400,
  NC: 475,
  ND: 500,
  OH: 575,
  OK: 450,
  OR: 0,
  PA: 600,
  RI: 700,
  SC: 600,
  SD: 420,
  TN: 700,
  TX: 625,
  UT: 610,
  VT: 600,
  VA: 530,
  WA: 650,
  WV: 600,
  WI: 500,
  WY: 400,
} as const satisfies Record<string, number>;

/** A US state's (or DC's) two-letter postal code. */
export type UsState = keyof typeof US_SALES_TAX_RATES;

/** The 50 states and DC, in the table's order: the choices of the checkout's State field. */
export const US_STATES = Object.keys(US_SALES_TAX_RATES) as readonly UsState[];

export function isUsState(value: string): value is UsState {
  return Object.hasOwn(US_SALES_TAX_RATES, value);
}

/**
 * The sales-tax rate of a US line. The catalogue's rate is the estimate shown before the shopper
 * has said where the order goes; 0 there means goods exempt in every state (e.g. food). Once the
 * shipping state is known, taxable goods take that state's rate.
 */
export function usSalesTaxRate(catalogueRate: number, state: UsState | undefined): number {
  if (catalogueRate === 0 || state === undefined) return catalogueRate;
  return US_SALES_TAX_RATES[state];
}
