import 'server-only';

import { prisma } from '@/lib/db';
import { CURRENCIES, isCurrencyCode, type CurrencyCode } from '@/lib/money';

/*
 * The catalogue as staff see and change it: every product, on sale or not, read uncached (staff
 * must see what is stored now), and the one write staff make to it: its prices.
 */

export interface AdminPriceDTO {
  currency: CurrencyCode;
  unitAmount: number;
}

export interface AdminProductDTO {
  slug: string;
  name: string;
  kind: 'ONE_TIME' | 'SUBSCRIPTION';
  active: boolean;
  category: { slug: string; name: string };
  /** In the order of CURRENCIES; only the currencies the product is sold in. */
  prices: AdminPriceDTO[];
}

const adminProductSelect = {
  slug: true,
  name: true,
  kind: true,
  active: true,
  category: { select: { slug: true, name: true } },
  prices: { select: { currency: true, unitAmount: true } },
} as const;

function toAdminProduct(row: {
  slug: string;
  name: string;
  kind: 'ONE_TIME' | 'SUBSCRIPTION';
  active: boolean;
  category: { slug: string; name: string };
  prices: { currency: string; unitAmount: number }[];
}): AdminProductDTO {
  const byCurrency = new Map(row.prices.map((price) => [price.currency, price.unitAmount]));
  return {
    ...row,
    prices: CURRENCIES.flatMap((currency) => {
      const unitAmount = byCurrency.get(currency);
      return unitAmount === undefined ? [] : [{ currency, unitAmount }];
    }),
  };
}

export async function listAdminProducts(): Promise<AdminProductDTO[]> {
  const rows = await prisma.product.findMany({
    orderBy: [{ category: { position: 'asc' } }, { name: 'asc' }],
    select: adminProductSelect,
  });
  return rows.map(toAdminProduct);
}

export async function findAdminProduct(slug: string): Promise<AdminProductDTO | null> {
  const row = await prisma.product.findUnique({ where: { slug }, select: adminProductSelect });
  return row ? toAdminProduct(row) : null;
}

/** A new price in one currency, and the price staff saw when they typed it. */
export interface PriceChange {
  currency: CurrencyCode;
  expected: number;
  unitAmount: number;
}

export type ProductUpdate =
  | { ok: true; changed: boolean; categorySlug: string }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_sold_in'; currency: CurrencyCode }
  | { ok: false; reason: 'changed_meanwhile' };

/** Thrown inside the transaction to undo it: what staff saw is no longer what is stored. */
class ChangedMeanwhile extends Error {}

/**
 * Sets a product's prices, all or nothing. Each price is only changed from the amount staff saw
 * (`expected`): when another member of staff saved first, nothing is written and the caller says
 * so, rather than one silently overwriting the other. The tax rate of each price is the market's
 * and stays as it is.
 */
export async function updateProductPricing(input: {
  slug: string;
  prices: PriceChange[];
}): Promise<ProductUpdate> {
  try {
    return await prisma.$transaction(async (tx) => {
      const product = await tx.product.findUnique({
        where: { slug: input.slug },
        select: { id: true, category: { select: { slug: true } }, prices: true },
      });
      if (!product) return { ok: false, reason: 'not_found' } as const;
      const stored = new Map(
        product.prices.filter((price) => isCurrencyCode(price.currency)).map((p) => [p.currency, p]),
      );
      const missing = input.prices.find((change) => !stored.has(change.currency));
      if (missing) return { ok: false, reason: 'not_sold_in', currency: missing.currency } as const;

      const seenAsStored = input.prices.every((change) => stored.get(change.currency)?.unitAmount === change.expected);
      if (!seenAsStored) return { ok: false, reason: 'changed_meanwhile' } as const;

      // Each write is conditional on the value staff saw, so a save committed between the read
      // above and these writes is never overwritten: the whole update is undone instead.
      let changed = false;
      for (const change of input.prices.filter((candidate) => candidate.unitAmount !== candidate.expected)) {
        const { count } = await tx.price.updateMany({
          where: { productId: product.id, currency: change.currency, unitAmount: change.expected },
          data: { unitAmount: change.unitAmount },
        });
        if (count !== 1) throw new ChangedMeanwhile();
        changed = true;
      }
      return { ok: true, changed, categorySlug: product.category.slug } as const;
    });
  } catch (error) {
    if (error instanceof ChangedMeanwhile) return { ok: false, reason: 'changed_meanwhile' };
    throw error;
  }
}
