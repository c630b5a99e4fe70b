import { FRAUD_FILTERS, ORDER_SORTS, type OrderListParams } from '@/lib/validations/admin-orders';
import Link from 'next/link';

const field =
  'block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm text-stone-900 shadow-sm focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700';
const label = 'block text-xs font-medium text-stone-700';

/**
 * Search, filters and sort as a plain GET form: it works without JavaScript, the URL is the state
 * (shareable, back button), and the server does the filtering.
 */
export function OrderFilters({ params }: { params: OrderListParams }) {
  return (
    <form
      method="get"
      action="/admin/orders"
      role="search"
      aria-label="Search and filter orders"
      className="grid gap-3 rounded-xl border border-stone-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-6"
    >
      {params.status ? <input type="hidden" name="status" value={params.status} /> : null}
      <div className="sm:col-span-2">
        <label htmlFor="orders-q" className={label}>
          Search
        </label>
        <input
          id="orders-q"
          name="q"
          type="search"
          defaultValue={params.search ?? ''}
          placeholder="Order number, name, email, Klarna order id or reference"
          aria-describedby="orders-q-hint"
          className={`${field} mt-1`}
        />
        <p id="orders-q-hint" className="mt-1 text-xs text-stone-500">
          Matches any part of a customer’s name or email, the start of an order number or merchant reference,
          or a whole Klarna order id.
        </p>
      </div>
      <div>
        <label htmlFor="orders-fraud" className={label}>
          Fraud status
        </label>
        <select id="orders-fraud" name="fraud" defaultValue={params.fraud ?? ''} className={`${field} mt-1`}>
          <option value="">Any</option>
          {Object.keys(FRAUD_FILTERS).map((value) => (
            <option key={value} value={value}>
              {value.charAt(0).toUpperCase() + value.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="orders-expires" className={label}>
          Expires within (days)
        </label>
        <input
          id="orders-expires"
          name="expires"
          type="number"
          min={0}
          max={180}
          step={1}
          inputMode="numeric"
          defaultValue={params.expiresWithinDays ?? ''}
          className={`${field} mt-1`}
        />
      </div>
      <div>
        <label htmlFor="orders-sort" className={label}>
          Sort
        </label>
        <select id="orders-sort" name="sort" defaultValue={params.sort} className={`${field} mt-1`}>
          {Object.entries(ORDER_SORTS).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col justify-end gap-2">
        <label className="flex items-center gap-2 text-sm text-stone-800">
          <input
            type="checkbox"
            name="needs"
            value="capture"
            defaultChecked={params.needsCapture}
            className="size-4 rounded border-stone-300"
          />
          Needs capture
        </label>
        <div className="flex flex-wrap gap-2">
          <button
            type="submit"
            className="rounded-lg bg-stone-900 px-3 py-2 text-sm font-semibold text-white hover:bg-stone-800"
          >
            Apply
          </button>
          <Link
            href="/admin/orders"
            className="rounded-lg px-3 py-2 text-sm font-medium text-stone-700 ring-1 ring-inset ring-stone-300 hover:bg-stone-50"
          >
            Reset
          </Link>
        </div>
      </div>
    </form>
  );
}
