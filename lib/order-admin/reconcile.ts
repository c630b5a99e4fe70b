import 'server-only';

import { listOrdersToReconcile } from '@/lib/data/admin-order';
import { recountOrderStatuses } from '@/lib/data/order-list';
import { MINUTE_MS } from '@/lib/time';
import type { SyncInput } from '@/lib/validations/admin-orders';
import { ACTION_EVENTS, defineOrderAction, type OrderActionOptions } from './run-action';

/** The order page reads Klarna again by itself when its copy is older than this. */
export const SYNC_AFTER_MS = 5 * MINUTE_MS;

/** Whether an order's copy is old enough for the order page to refresh it from Klarna. */
export function isSyncDue(syncedAt: Date | null, now: Date, hasKlarnaOrder: boolean): boolean {
  return hasKlarnaOrder && (!syncedAt || now.getTime() - syncedAt.getTime() > SYNC_AFTER_MS);
}

/**
 * Re-reads the order from Klarna and brings the local copy in step: status, fraud status, amounts,
 * expiry, references, and captures or refunds made elsewhere (or whose answer was lost). Each
 * difference is recorded as an event.
 */
export const syncOrder = defineOrderAction<SyncInput>(
  { type: ACTION_EVENTS.sync, what: 'sync', syncContext: 'Synced from Klarna' },
  ({ synced }) => {
    const found = synced.capturesFound.length + synced.refundsFound.length;
    if (synced.differences.length === 0 && found === 0)
      return { ok: true, message: 'Already in step with Klarna.' };
    const parts = [...synced.differences];
    if (synced.capturesFound.length > 0) parts.push(`${synced.capturesFound.length} capture(s) recorded`);
    if (synced.refundsFound.length > 0) parts.push(`${synced.refundsFound.length} refund(s) recorded`);
    return { ok: true, message: `Updated from Klarna: ${parts.join('; ')}.` };
  },
);

export interface ReconcileSummary {
  checked: number;
  /** Orders whose copy differed from Klarna's (now corrected), with what changed. */
  changed: { number: string; message: string }[];
  failed: { number: string; message: string }[];
  /** Orders another action held at the time (they re-read Klarna themselves). */
  busy: number;
  /** Status counts that had drifted and were corrected. */
  countCorrections: { status: string; was: number; now: number }[];
}

/**
 * Re-reads every open order (and, with `includeSettled`, captured and closed ones) from Klarna, a few
 * at a time, recording differences as events: authorizations that expired, captures or refunds made
 * outside the store, changed references. Then recounts orders per status.
 */
export async function reconcileOrders(
  input: {
    includeSettled?: boolean;
    concurrency?: number;
    batchSize?: number;
    onProgress?: (checked: number) => void;
  },
  options: OrderActionOptions = {},
): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { checked: 0, changed: [], failed: [], busy: 0, countCorrections: [] };
  const concurrency = Math.max(1, input.concurrency ?? 4);
  let afterId: string | undefined;
  for (;;) {
    const batch = await listOrdersToReconcile({
      afterId,
      take: input.batchSize ?? 100,
      includeSettled: input.includeSettled ?? false,
    });
    if (batch.length === 0) break;
    afterId = batch.at(-1)?.id;
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const order = batch[next++];
        if (!order) break;
        const result = await syncOrder({ orderId: order.id }, 'reconcile', options);
        summary.checked++;
        if (result.ok && result.message.startsWith('Updated'))
          summary.changed.push({ number: order.number, message: result.message });
        else if (!result.ok && result.reason === 'busy') summary.busy++;
        else if (!result.ok) summary.failed.push({ number: order.number, message: result.message });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    input.onProgress?.(summary.checked);
  }
  summary.countCorrections = await recountOrderStatuses();
  return summary;
}
