/**
 * A cart line holds 1–99 of a product; more is a wholesale order, not a cart. A module of its own,
 * without zod, because the quantity inputs in the browser need these numbers too.
 */
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 99;

export const QUANTITY_MESSAGE = `Choose a quantity from ${MIN_QUANTITY} to ${MAX_QUANTITY}.`;
