'use client';

import { HeaderIcon } from '@/components/layout/header-icon';
import { signOut, useSession } from 'next-auth/react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';

// One size in every state (unknown, signed out, signed in), so nothing in the header moves when
// the session arrives: an icon on a phone, icon and word from `sm` up.
const controlClasses =
  'inline-flex h-10 w-10 items-center justify-center gap-2 rounded-lg font-medium text-stone-900 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-brand-700 sm:w-28 sm:justify-start sm:px-3';

const itemClasses =
  'block w-full rounded-md px-3 py-2 text-left text-stone-900 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-brand-700';

function PersonIcon() {
  return (
    <HeaderIcon>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21a8 8 0 0 1 16 0" />
    </HeaderIcon>
  );
}

/**
 * The header's account control. Pages are cached for everyone, so the session is read by the
 * browser; until it is known the control is an empty box of the same size, so a signed-in shopper
 * never sees "Sign in" flash by, and nothing shifts when the answer arrives.
 */
export function AccountMenu() {
  const { data: session, status } = useSession();
  const pathname = usePathname();
  if (status === 'loading') return <span aria-hidden="true" className={controlClasses} />;
  if (status === 'authenticated') {
    return <SignedInMenu name={session.user.name} email={session.user.email} />;
  }
  // Back to this page after signing in; the sign-in page itself is no useful destination.
  const returnTo =
    pathname && !pathname.startsWith('/login') && !pathname.startsWith('/signup') ? pathname : '/';
  return (
    <Link
      href={`/login?callbackUrl=${encodeURIComponent(returnTo)}`}
      prefetch={false}
      className={controlClasses}
    >
      <PersonIcon />
      <span className="sr-only sm:not-sr-only">Sign in</span>
    </Link>
  );
}

/**
 * A disclosure button (WAI-ARIA's pattern for site navigation, not an application menu): Enter or
 * Space opens it, Tab moves through its links, Escape closes it and puts focus back on the button,
 * and it closes when focus or a click goes elsewhere.
 */
function SignedInMenu({ name, email }: { name: string | null; email: string }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const closeOnOutsideClick = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOnOutsideClick);
    return () => document.removeEventListener('pointerdown', closeOnOutsideClick);
  }, [open]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    setOpen(false);
    button.current?.focus();
  }

  function onBlur(event: FocusEvent<HTMLDivElement>) {
    // Focus moved to something outside the menu (Tab past its last item): close behind it.
    if (event.relatedTarget && !event.currentTarget.contains(event.relatedTarget)) setOpen(false);
  }

  const close = () => setOpen(false);
  return (
    <div ref={container} className="relative" onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
        className={controlClasses}
      >
        <PersonIcon />
        <span className="sr-only sm:not-sr-only">Account</span>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-40 mt-2 w-64 rounded-xl border border-stone-200 bg-white p-2 text-sm shadow-lg"
      >
        <p className="border-b border-stone-100 px-3 pt-1 pb-2 text-stone-700">
          Signed in as <span className="block font-semibold break-words text-stone-900">{name ?? email}</span>
          {name ? <span className="block break-words">{email}</span> : null}
        </p>
        <ul className="mt-1">
          <li>
            <Link href="/account" prefetch={false} className={itemClasses} onClick={close}>
              Your account
            </Link>
          </li>
          <li>
            <Link href="/account/orders" prefetch={false} className={itemClasses} onClick={close}>
              Orders
            </Link>
          </li>
          <li>
            <Link href="/account/subscriptions" prefetch={false} className={itemClasses} onClick={close}>
              Subscriptions
            </Link>
          </li>
          <li>
            <button type="button" className={itemClasses} onClick={() => void signOut({ callbackUrl: '/' })}>
              Sign out
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
