import type { EventActor } from '@/lib/data/orders';
import { SECOND_MS } from '@/lib/time';

/*
 * Waiting for another attempt's claim (an order being placed, a token being created) to resolve,
 * so that the second of two racing requests answers with the first one's outcome.
 */

/** The browser can wait a few seconds; Klarna's callback gives up after 2 s, so it waits less. */
export function claimWaitFor(actor: EventActor): number {
  return actor === 'klarna-callback' ? SECOND_MS : 8 * SECOND_MS;
}

/**
 * Re-reads a claimed row until it is no longer claimed (or gone: null), or `maxMs` has passed.
 * `pause` may end early when the holder announces it is done.
 */
export async function waitForClaim<Row>(
  read: () => Promise<Row | null>,
  stillClaimed: (row: Row) => boolean,
  maxMs: number,
  pause: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<Row | null> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const row = await read();
    if (!row || !stillClaimed(row) || Date.now() >= deadline) return row;
    await pause(Math.min(100, Math.max(0, deadline - Date.now())));
  }
}
