import type { KeyboardEvent } from 'react';
import { tabbable } from 'tabbable';

/**
 * Keeps Tab and Shift+Tab cycling inside a modal dialog (as its onKeyDown). A native modal
 * <dialog> makes the page behind inert and closes on Escape, but Chromium lets Tab leave its last
 * control for the browser's own toolbar, and focus then falls to <body>.
 */
export function keepTabInside(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab') return;
  const controls = tabbable(event.currentTarget);
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !event.currentTarget.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !event.currentTarget.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
