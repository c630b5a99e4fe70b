import { env } from '@/lib/env';
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = {
  title: 'Accessibility statement',
  description: 'How accessible Nordlys Store is, how we test it and how to reach us about it.',
};

// Rendered on request: the contact is the running shop's configuration (ACCESSIBILITY_CONTACT_EMAIL),
// never an address frozen into the build.
export const dynamic = 'force-dynamic';

const linkClass = 'font-medium text-brand-700 underline underline-offset-4';

export default function AccessibilityPage() {
  // Where shoppers and staff report an accessibility problem or ask for content in another format.
  const contact = env.ACCESSIBILITY_CONTACT_EMAIL;
  return (
    <main id="main" tabIndex={-1} className="mx-auto w-full max-w-3xl px-4 py-10 focus:outline-none">
      <h1 className="text-3xl font-semibold tracking-tight text-stone-950">Accessibility statement</h1>
      <div className="mt-6 flex flex-col gap-4 leading-relaxed text-stone-800">
        <p>
          Everyone should be able to shop at Nordlys Store, and every member of our staff should be able to
          work in its admin pages, whether they use a keyboard, a screen reader, a magnifier, voice control or
          a small screen.
        </p>

        <h2 className="mt-4 text-xl font-semibold text-stone-950">The standard we meet</h2>
        <p>
          The shop, the checkout (including Klarna&rsquo;s payment widget and approval pop-up as we show
          them), your account and the admin pages conform to the{' '}
          <a href="https://www.w3.org/TR/WCAG22/" className={linkClass}>
            Web Content Accessibility Guidelines (WCAG) 2.2
          </a>{' '}
          at level AA. That also covers WCAG 2.1 AA, which the European standard EN 301 549 and the European
          Accessibility Act ask of online shops.
        </p>

        <h2 className="mt-4 text-xl font-semibold text-stone-950">How we test</h2>
        <ul className="list-disc space-y-2 pl-6">
          <li>
            Every page and every dialog is checked with the axe-core engine for WCAG 2.0, 2.1 and 2.2 at
            levels A and AA and for axe&rsquo;s best practices, with no rule turned off, at a desktop width
            (1280 px) and a phone width (390 px). The checks cover the states people reach: an empty and a
            full cart, forms with errors, open dialogs and a declined payment.
          </li>
          <li>
            Automated browser tests use the keyboard alone: the &ldquo;Skip to content&rdquo; link, visible
            focus, where focus goes after a form is refused or a step changes, and that every dialog takes
            focus, keeps it, closes with Escape and hands focus back. They also read the accessibility tree,
            so errors are tied to their fields and announced.
          </li>
          <li>
            Pages are checked at 320 px wide and with text at 200 % for content that needs scrolling in two
            directions, controls are checked for a size of at least 24 by 24 px, and animation stops when your
            system asks for reduced motion.
          </li>
          <li>These tests run on every change to the shop; a change that fails them is not released.</li>
        </ul>

        <h2 className="mt-4 text-xl font-semibold text-stone-950">Known exceptions</h2>
        <p>
          We know of no part of the shop that falls short of WCAG 2.2 AA. Automated tests cannot find every
          problem, so if something stands in your way, please tell us.
        </p>

        <h2 className="mt-4 text-xl font-semibold text-stone-950">Contact us</h2>
        <p>
          Write to{' '}
          <a href={`mailto:${contact}`} className={linkClass}>
            {contact}
          </a>{' '}
          with the page you were on and what went wrong, and we will fix it or find another way to help you.
        </p>
        <p>
          <Link href="/" className={linkClass}>
            Back to the shop
          </Link>
        </p>
      </div>
    </main>
  );
}
