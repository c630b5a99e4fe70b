import Link from 'next/link';

export function SiteFooter() {
  return (
    <>
      {/* The body is a column at least as tall as the window: this gap grows on a short page, so
          the footer sits at the window's bottom, and is 4 rem above it on a long one. */}
      <div aria-hidden="true" className="min-h-16 grow" />
      <footer className="border-t border-stone-200 bg-white">
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-3 px-4 py-8 text-sm text-stone-700 sm:flex-row sm:items-center sm:justify-between">
          <p>Nordlys Store · Everyday goods for home, kitchen and coffee. Pay now or later with Klarna.</p>
          <nav aria-label="Footer">
            <ul className="flex gap-4">
              <li>
                <Link href="/about" className="underline underline-offset-4 hover:text-stone-950">
                  About us
                </Link>
              </li>
              <li>
                <Link href="/accessibility" className="underline underline-offset-4 hover:text-stone-950">
                  Accessibility
                </Link>
              </li>
              <li>
                <Link
                  href="/cart"
                  prefetch={false}
                  className="underline underline-offset-4 hover:text-stone-950"
                >
                  Your cart
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </>
  );
}
