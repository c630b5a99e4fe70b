import Link from 'next/link';

/** An order or subscription id that does not exist, shown inside the back office. */
export default function AdminNotFound() {
  return (
    <main id="main" tabIndex={-1} className="focus:outline-none w-full space-y-4 px-4 py-8 lg:px-8">
      <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Not found</h1>
      <p className="text-stone-700">There is no order or subscription with that id.</p>
      <p className="flex gap-4">
        <Link href="/admin/orders" className="font-medium text-brand-700 hover:underline">
          All orders
        </Link>
        <Link href="/admin/subscriptions" className="font-medium text-brand-700 hover:underline">
          All subscriptions
        </Link>
      </p>
    </main>
  );
}
