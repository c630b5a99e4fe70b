import { buttonClasses } from '@/components/ui/button';
import type { Metadata } from 'next';
import Link from 'next/link';

export const pageNotFoundMetadata: Metadata = { title: 'Page not found', robots: { index: false } };

/** The shop's "page not found" content, inside whichever frame the page is shown in. */
export function PageNotFound() {
  return (
    <main
      id="main"
      tabIndex={-1}
      className="focus:outline-none mx-auto flex w-full max-w-2xl flex-col items-start gap-4 px-4 py-16"
    >
      <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">404</p>
      <h1 className="text-3xl font-semibold tracking-tight text-stone-950">We could not find that page</h1>
      <p className="text-stone-800">
        The product or page may have been moved or is no longer sold. Try the home page, or pick a category
        from there.
      </p>
      <Link href="/" className={buttonClasses('primary')}>
        Go to the home page
      </Link>
    </main>
  );
}
