import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = {
  title: 'About us',
  description: 'Who we are, how we pick what we sell, and how delivery and payment work.',
};

export default function AboutPage() {
  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto w-full max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-semibold tracking-tight text-stone-950">About Nordlys Store</h1>
      <div className="mt-6 flex flex-col gap-4 leading-relaxed text-stone-800">
        <p>
          We sell a small range of everyday goods for home, kitchen and coffee: things made to be used every
          day and kept for years. Everything is chosen by hand and tested in our own kitchens before it goes
          on sale.
        </p>
        <h2 className="mt-4 text-xl font-semibold text-stone-950">Delivery</h2>
        <p>
          We deliver to Sweden, Germany, the United Kingdom, the United States and Australia. Choose your
          country at the top of the page to see prices in your currency.
        </p>
        <h2 className="mt-4 text-xl font-semibold text-stone-950">Prices and tax</h2>
        <p>
          Prices for Sweden, Germany, the United Kingdom and Australia include VAT or GST. Prices for the
          United States exclude sales tax, which is added at checkout.
        </p>
        <h2 className="mt-4 text-xl font-semibold text-stone-950">Payment</h2>
        <p>Pay with Klarna: now, in 30 days or in instalments. Your card details never reach our servers.</p>
        <p>
          <Link href="/" className="font-medium text-brand-700 underline underline-offset-4">
            Start shopping
          </Link>
        </p>
      </div>
    </main>
  );
}
