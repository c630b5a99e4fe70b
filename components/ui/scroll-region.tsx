import type { ReactNode } from 'react';

/**
 * A wide table's box that scrolls sideways on a narrow screen. It is focusable and named, so a
 * keyboard user can reach it and scroll it with the arrow keys, and a screen reader says what it
 * holds (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  className = '',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`overflow-x-auto ${className}`}>
      {children}
    </div>
  );
}
