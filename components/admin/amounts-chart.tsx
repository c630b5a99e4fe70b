import type { DailyAmounts } from '@/lib/data/order-list';
import { formatMoney } from '@/lib/money';
import { currencyLocale, day } from './format';

const WIDTH = 640;
const HEIGHT = 160;
const PAD = { top: 12, right: 8, bottom: 24, left: 8 };

/**
 * Authorized and captured amounts per day over the window, one small bar chart per currency
 * (currencies are never added up). Rendered on the server as SVG; the figures are also in a table
 * for screen readers and anyone who wants the numbers.
 */
export function AmountsChart({ series }: { series: DailyAmounts[] }) {
  if (series.length === 0) {
    return <p className="text-sm text-stone-600">No orders were placed in the last 30 days.</p>;
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {series.map((currency) => (
        <CurrencyChart key={currency.currency} data={currency} />
      ))}
    </div>
  );
}

function CurrencyChart({ data }: { data: DailyAmounts }) {
  const locale = currencyLocale(data.currency);
  const fmt = (amount: number) => formatMoney(amount, data.currency, locale);
  const totals = data.days.reduce(
    (sum, entry) => ({
      authorized: sum.authorized + entry.authorized,
      captured: sum.captured + entry.captured,
    }),
    { authorized: 0, captured: 0 },
  );
  const max = Math.max(1, ...data.days.map((entry) => Math.max(entry.authorized, entry.captured)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / data.days.length;
  const bar = Math.max(1, slot / 2 - 1);
  const height = (amount: number) => (amount / max) * plotHeight;
  const first = data.days[0]?.day;
  const last = data.days.at(-1)?.day;
  const titleId = `chart-${data.currency}-title`;
  const descId = `chart-${data.currency}-desc`;

  return (
    <figure className="rounded-xl border border-stone-200 bg-white p-4">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold text-stone-900">{data.currency}</span>
        <span className="text-xs text-stone-600">
          <span
            className="mr-1 inline-block size-2.5 rounded-sm bg-amber-300 align-middle"
            aria-hidden="true"
          />
          Authorized {fmt(totals.authorized)}
          <span
            className="ml-3 mr-1 inline-block size-2.5 rounded-sm bg-emerald-700 align-middle"
            aria-hidden="true"
          />
          Captured {fmt(totals.captured)}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="mt-2 h-auto w-full"
      >
        <title
          id={titleId}
        >{`${data.currency}: authorized and captured per day, last ${data.days.length} days`}</title>
        <desc id={descId}>
          {`From ${day(first)} to ${day(last)}: ${fmt(totals.authorized)} authorized and ${fmt(totals.captured)} captured in total; the highest day was ${fmt(max)}.`}
        </desc>
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={HEIGHT - PAD.bottom}
          y2={HEIGHT - PAD.bottom}
          className="stroke-stone-300"
        />
        {data.days.map((entry, index) => {
          const x = PAD.left + index * slot;
          return (
            <g key={entry.day}>
              <rect
                x={x}
                y={HEIGHT - PAD.bottom - height(entry.authorized)}
                width={bar}
                height={height(entry.authorized)}
                className="fill-amber-300"
              />
              <rect
                x={x + bar + 1}
                y={HEIGHT - PAD.bottom - height(entry.captured)}
                width={bar}
                height={height(entry.captured)}
                className="fill-emerald-700"
              />
            </g>
          );
        })}
        <text x={PAD.left} y={HEIGHT - 6} className="fill-stone-500 text-[10px]">
          {day(first)}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="fill-stone-500 text-[10px]">
          {day(last)}
        </text>
        <text x={WIDTH - PAD.right} y={PAD.top} textAnchor="end" className="fill-stone-500 text-[10px]">
          {fmt(max)}
        </text>
      </svg>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-stone-700">Figures per day ({data.currency})</summary>
        <table className="mt-2 w-full text-xs">
          <thead>
            <tr className="text-left text-stone-600">
              <th scope="col" className="py-1">
                Day
              </th>
              <th scope="col" className="py-1 text-right">
                Authorized
              </th>
              <th scope="col" className="py-1 text-right">
                Captured
              </th>
            </tr>
          </thead>
          <tbody>
            {data.days.map((entry) => (
              <tr key={entry.day}>
                <th scope="row" className="py-0.5 text-left font-normal">
                  {day(entry.day)}
                </th>
                <td className="py-0.5 text-right tabular-nums">{fmt(entry.authorized)}</td>
                <td className="py-0.5 text-right tabular-nums">{fmt(entry.captured)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
