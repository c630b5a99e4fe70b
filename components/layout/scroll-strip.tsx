'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

type Overflow = { before: boolean; after: boolean };

/**
 * A row that scrolls sideways when it does not fit (the category strip on a phone). A fade over the
 * edge that has more to show tells the shopper it scrolls; it is drawn over the row, so it moves
 * nothing. Tabbing to a link scrolls it into view, clear of the fade (scroll padding).
 */
export function ScrollStrip({ className, children }: { className: string; children: ReactNode }) {
  const list = useRef<HTMLUListElement>(null);
  const [overflow, setOverflow] = useState<Overflow>({ before: false, after: false });

  useEffect(() => {
    const element = list.current;
    if (!element) return;
    const measure = () => {
      const hidden = element.scrollWidth - element.clientWidth;
      const next = { before: element.scrollLeft > 1, after: element.scrollLeft < hidden - 1 };
      setOverflow((current) =>
        current.before === next.before && current.after === next.after ? current : next,
      );
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resized = new ResizeObserver(measure);
    resized.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      resized.disconnect();
    };
  }, []);

  const fade = 'pointer-events-none absolute inset-y-0 w-10 from-white to-transparent';
  return (
    <div className="relative" data-scrolls-before={overflow.before} data-scrolls-after={overflow.after}>
      <ul ref={list} className={`overflow-x-auto scroll-px-10 ${className}`}>
        {children}
      </ul>
      {overflow.before ? <span aria-hidden="true" className={`${fade} left-0 bg-linear-to-r`} /> : null}
      {overflow.after ? <span aria-hidden="true" className={`${fade} right-0 bg-linear-to-l`} /> : null}
    </div>
  );
}
