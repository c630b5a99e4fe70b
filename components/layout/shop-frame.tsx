import type { ReactNode } from 'react';
import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';

/**
 * The shop's header and footer around a shopper's page (not the back office, which has its own).
 * A column at least as tall as the window, so a short page's footer sits at its bottom.
 */
export function ShopFrame({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <SiteHeader />
      {/* A block of its own, so the pages keep block layout inside the column. */}
      <div>{children}</div>
      <SiteFooter />
    </div>
  );
}
