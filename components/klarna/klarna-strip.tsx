import type { Market } from '@/lib/markets';
import { klarnaMessage } from '@/lib/on-site-messaging';
import { KlarnaMessageLine } from './klarna-message-line';

/** The home page's slim strip naming the market's Klarna offer; nothing where Klarna shows none. */
export async function KlarnaStrip({ market }: { market: Market }) {
  const result = await klarnaMessage({ market, placement: 'top-strip-promotion-badge' });
  if (result.status !== 'shown') return null;
  return (
    <div data-testid="klarna-strip" className="mb-6 rounded-lg border border-stone-200 bg-white px-4 py-2">
      <KlarnaMessageLine message={result.message} locale={market.locale} />
    </div>
  );
}
