import type { AddressDefaults } from '@/components/checkout/address-form';
import { CheckoutFlow } from '@/components/checkout/checkout-flow';
import { getCurrentUser } from '@/lib/auth';
import { cartPayload } from '@/lib/checkout/payload';
import { getLastShippingAddressForUser } from '@/lib/data/order-reads';
import { findReusablePaymentSession, getCartForPayment } from '@/lib/data/payment-sessions';
import { env } from '@/lib/env';
import { shopContactEmail } from '@/lib/mail/settings';
import { getMarket, isCountryCode } from '@/lib/markets';
import { getRequestCart } from '@/lib/request-cart';
import { upcomingCharges } from '@/lib/subscription-basket';
import { postalCodeExample, regionsFor } from '@/lib/validations/checkout';
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Checkout', robots: { index: false } };

export default async function CheckoutPage() {
  const cart = await getRequestCart();
  const market = getMarket(cart.country);
  if (!cart.id || cart.lines.length === 0 || !market || !isCountryCode(market.country)) {
    return (
      <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-3xl px-4 py-16 text-center">
        <h1 className="text-2xl font-semibold">Checkout</h1>
        <p className="mt-4 text-stone-700">Your cart is empty. Add something before checking out.</p>
        <Link href="/" className="mt-6 inline-block font-medium text-brand-700 underline underline-offset-2">
          Continue shopping
        </Link>
      </main>
    );
  }
  const unavailable = cart.lines.filter((line) => line.availability !== 'available');
  if (unavailable.length > 0) {
    return (
      <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-3xl px-4 py-16 text-center">
        <h1 className="text-2xl font-semibold">Checkout</h1>
        <p className="mt-4 text-stone-700">
          Some items cannot be bought here: {unavailable.map((line) => line.name).join(', ')}. Remove them
          from your cart to continue.
        </p>
        <Link
          href="/cart"
          className="mt-6 inline-block font-medium text-brand-700 underline underline-offset-2"
        >
          Back to cart
        </Link>
      </main>
    );
  }

  // The payload Klarna will get (subscription lines, free trials at 0): a subscription needs a
  // signed-in shopper and at most its plan's quantity.
  const paymentCart = await getCartForPayment(cart.id);
  const payload = paymentCart ? cartPayload(paymentCart) : null;
  if (!payload?.ok) {
    const signIn = payload?.reason === 'sign_in_required';
    return (
      <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-3xl px-4 py-16 text-center">
        <h1 className="text-2xl font-semibold">Checkout</h1>
        <p className="mt-4 text-stone-700" data-testid="checkout-blocked">
          {payload?.message ?? 'Your cart has changed. Check it and try again.'}
        </p>
        {signIn ? (
          <p className="mt-6 flex justify-center gap-6">
            <Link
              href="/login?callbackUrl=%2Fcheckout"
              className="font-medium text-brand-700 underline underline-offset-2"
            >
              Sign in
            </Link>
            <Link href="/signup" className="font-medium text-brand-700 underline underline-offset-2">
              Create an account
            </Link>
          </p>
        ) : (
          <Link
            href="/cart"
            className="mt-6 inline-block font-medium text-brand-700 underline underline-offset-2"
          >
            Back to cart
          </Link>
        )}
      </main>
    );
  }

  const defaults = await addressDefaults(cart.id, market.country);

  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-5xl px-4 py-10">
      <h1 className="mb-8 text-3xl font-semibold tracking-tight">Checkout</h1>
      <CheckoutFlow
        sdkUrl={env.KLARNA_SDK_URL}
        country={market.country}
        currency={market.currency}
        locale={market.locale}
        taxStyle={market.taxStyle}
        totals={payload.totals}
        taxEstimated={payload.taxEstimated}
        charges={upcomingCharges(payload.subscriptions, market, new Date())}
        defaults={defaults}
        regions={regionsFor(market.country)}
        postalCodeExample={postalCodeExample(market.country)}
        contactEmail={shopContactEmail()}
      />
    </main>
  );
}

/**
 * What the details form starts with, so a shopper does not type again what the shop knows: the
 * details entered earlier for this cart, else a signed-in shopper's last order's address, else
 * their account's email and name. An address for another market (another country) is not
 * offered; the contact is.
 */
async function addressDefaults(cartId: string, country: string): Promise<AddressDefaults> {
  const [previous, user] = await Promise.all([findReusablePaymentSession(cartId), getCurrentUser()]);
  const address =
    previous?.customer?.billing_address ?? (user ? await getLastShippingAddressForUser(user.id) : null);
  const [givenName, familyName] = splitName(user?.name);
  const contact: AddressDefaults = {
    email: address?.email ?? user?.email,
    phone: address?.phone,
    givenName: address?.given_name ?? givenName,
    familyName: address?.family_name ?? familyName,
  };
  if (address?.country !== country) return contact;
  return {
    ...contact,
    streetAddress: address.street_address,
    streetAddress2: address.street_address2,
    postalCode: address.postal_code,
    city: address.city,
    region: address.region,
  };
}

/** An account's one name field as first and last name: the last word is taken as the family name. */
function splitName(name: string | null | undefined): [string | undefined, string | undefined] {
  const words = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (words.length < 2) return [words[0], undefined];
  return [words.slice(0, -1).join(' '), words.at(-1)];
}
