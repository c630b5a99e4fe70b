import { handleLinkSuccess } from '@/lib/payment-links/complete';
import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';

export const metadata: Metadata = {
  title: 'Your payment',
  robots: { index: false },
  referrer: 'no-referrer',
};

interface PayPageProps {
  params: Promise<{ hppSessionId: string }>;
}

/**
 * Where Klarna's hosted page sends the customer after paying by link: the payment is read from
 * Klarna and the order placed (once, whether or not Klarna's callback came first), then the
 * customer sees their order.
 */
export default async function PayPage({ params }: PayPageProps) {
  const { hppSessionId } = await params;
  if (hppSessionId.length > 100) notFound();
  const result = await handleLinkSuccess(hppSessionId);
  if (result.ok && result.outcome === 'placed') {
    redirect(`/orders/${result.orderId}?key=${encodeURIComponent(result.accessKey)}`);
  }
  if (!result.ok && result.reason === 'unknown_link') notFound();
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-3xl space-y-4 px-4 py-10 focus:outline-none">
      <h1 className="text-3xl font-semibold tracking-tight">Your payment</h1>
      <p role="status" className="text-stone-700">
        {result.ok
          ? 'Nothing is to be paid here.'
          : result.reason === 'in_progress'
            ? 'Your order is being placed. Reload this page in a moment.'
            : result.message}
      </p>
    </main>
  );
}
