'use server';

import { TAGS } from '@/lib/cache';
import { updateProductPricing } from '@/lib/data/product-admin';
import { fail, succeed } from '@/lib/result';
import { productFormToInput, productPricingSchema } from '@/lib/validations/admin-products';
import { revalidatePath, updateTag } from 'next/cache';
import { adminAction } from './admin-action';

/**
 * Staff change a product's prices. The shop's cached pages are refreshed
 * at once (every cached read that shows a price carries the products tag), so the next shopper
 * sees the new price; carts reprice on their next read and checkout prices from the catalogue.
 */
export const updateProductAction = adminAction(
  productPricingSchema,
  async (input) => {
    const result = await updateProductPricing(input);
    if (!result.ok) {
      switch (result.reason) {
        case 'not_found':
          return fail(result.reason, 'That product no longer exists. Nothing was saved.');
        case 'not_sold_in':
          return fail(
            result.reason,
            `This product is not sold in ${result.currency}. Nothing was saved; reload the page.`,
          );
        case 'changed_meanwhile':
          return fail(
            result.reason,
            'Someone else changed this product while you were editing it. Nothing was saved: reload the page to see their change.',
          );
      }
    }
    if (!result.changed) return succeed({ message: 'Nothing to save: the product is as it was.' });
    updateTag(TAGS.products);
    return succeed({ message: 'Saved. The shop shows the change now.' });
  },
  {
    readForm: productFormToInput,
    onDone(input) {
      revalidatePath('/admin/products');
      revalidatePath(`/admin/products/${input.slug}`);
    },
    failureMessage: 'Something went wrong and nothing was saved. Try again.',
    logAs: 'product update',
  },
);
