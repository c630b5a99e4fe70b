import 'server-only';

import { extendAuthorizationTime } from '@/lib/klarna';
import { MINUTE_MS } from '@/lib/time';
import type { ExtendInput } from '@/lib/validations/admin-orders';
import { extendAuthorizationKey } from './idempotency-keys';
import { authorizationExpired, statusText } from './klarna-order';
import { ACTION_EVENTS, defineOrderAction } from './run-action';

function sameInstant(a: string | undefined, b: string): boolean {
  if (!a || !b) return !a && !b;
  return new Date(a).getTime() === new Date(b).getTime();
}

/**
 * The expiry as it goes into the key: to the minute, so the key depends neither on how Klarna
 * writes its timestamp nor on the checkout's estimate a page may still show (milliseconds off).
 */
function instant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16);
}

/** The page may show the checkout's own estimate of the expiry, a few milliseconds off Klarna's. */
function moved(from: string, to: string): boolean {
  return Math.abs(new Date(to).getTime() - new Date(from).getTime()) >= MINUTE_MS;
}

function formatDate(iso: string | undefined, locale: string): string {
  if (!iso) return 'an unknown date';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

/**
 * Asks Klarna to push the authorization's expiry out (to 28 days from today, at most 180 days after
 * the order was placed). Only an open authorization that has not expired can be extended. The key
 * follows the expiry being extended, so pressing it twice (or two admins at once) extends once; an
 * expiry already moved by someone else needs no check, as extending again only ever moves it out.
 */
export const extendAuthorization = defineOrderAction<ExtendInput>(
  { type: ACTION_EVENTS.extend, what: 'extension of the authorization' },
  async (ctx, input) => {
    const { klarna } = ctx;
    const expiresAt = klarna.expires_at ?? '';
    const idempotencyKey = extendAuthorizationKey(ctx.ref.orderId, instant(expiresAt));
    // The expiry moved since the page was opened because this very extension went through (a
    // second press, a second admin): one extension, one event.
    const shown = input.expectedExpiresAt;
    if (shown && expiresAt && moved(shown, expiresAt)) {
      const extendedAlready = await ctx.noteReplay(extendAuthorizationKey(ctx.ref.orderId, instant(shown)));
      if (extendedAlready) {
        return {
          ok: true,
          message: `Already extended: the authorization now expires on ${formatDate(expiresAt, 'en-GB')}.`,
        };
      }
    }
    if (klarna.status !== 'AUTHORIZED' && klarna.status !== 'PART_CAPTURED') {
      return ctx.refuse(
        'refused',
        `Klarna only extends open authorizations; this order is ${statusText(klarna)}.`,
        { idempotencyKey },
      );
    }
    if (authorizationExpired(klarna, ctx.now)) {
      return ctx.refuse('refused', 'The authorization has already expired; Klarna cannot extend it.', {
        idempotencyKey,
      });
    }
    const written = await ctx.writeAndRecord({
      idempotencyKey,
      send: () => extendAuthorizationTime({ ...ctx.ref, idempotencyKey }, ctx.options),
      wentThrough: (after) => Boolean(after.expires_at) && !sameInstant(after.expires_at, expiresAt),
      message: `Asked Klarna to extend the authorization that was due to expire on ${formatDate(expiresAt, 'en-GB')}`,
      fallback: {},
    });
    if ('result' in written) return written.result;
    const newExpiry = written.mirror.authorizationExpiresAt?.toISOString();
    return {
      ok: true,
      message:
        newExpiry && !sameInstant(newExpiry, expiresAt)
          ? `Extended. The authorization now expires on ${formatDate(newExpiry, 'en-GB')}.`
          : `Klarna kept the expiry at ${formatDate(newExpiry ?? expiresAt, 'en-GB')} (it is already as far out as Klarna allows today).`,
    };
  },
);
