'use client';

import { Button, buttonClasses } from '@/components/ui/button';
import Link from 'next/link';
import { useEffect } from 'react';

/** Shown instead of a broken page when rendering fails; the shopper can retry or go home. */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <main
      id="main"
      tabIndex={-1}
      className="focus:outline-none mx-auto flex w-full max-w-2xl flex-col items-start gap-4 px-4 py-16"
    >
      <h1 className="text-3xl font-semibold tracking-tight text-stone-950">Something went wrong</h1>
      <p className="text-stone-800">
        This page could not be shown just now. Please try again in a moment.
        {error.digest ? (
          <span className="block text-sm text-stone-700">Reference: {error.digest}</span>
        ) : null}
      </p>
      <div className="flex gap-3">
        <Button onClick={() => reset()}>Try again</Button>
        <Link href="/" className={buttonClasses('secondary')}>
          Go to the home page
        </Link>
      </div>
    </main>
  );
}
