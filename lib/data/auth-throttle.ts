import 'server-only';

import { prisma } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { createHash } from 'node:crypto';
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';

/*
 * Sign-in and sign-up attempts, counted per account and per client address in the database
 * (rate-limiter-flexible's Prisma store, model RateLimit), so every storefront instance on one
 * database counts the same attempts. Each attempt is counted before its password is checked, in one
 * atomic increment, so parallel guesses cannot slip past the limit; an attempt that succeeds is then
 * taken back. The window is fixed: it starts at the first counted attempt.
 */

const MAX_FAILED_ATTEMPTS = 10;
const ATTEMPT_WINDOW_SECONDS = 15 * 60;

/** Who is trying: the account (a normalized email, when the request named a valid one) and the address. */
export interface Attempt {
  account?: string;
  address: string;
}

type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

export interface AttemptThrottle {
  /** Counts one attempt; refuses it once the account or the address has used up its attempts. */
  begin(attempt: Attempt): Promise<AttemptVerdict>;
  /** Takes back an attempt that succeeded: only failures count towards the limit. */
  succeeded(attempt: Attempt): Promise<void>;
}

/** "Too many attempts, try again in 15 minutes." */
function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

// Keys are hashed: the table needs to tell accounts apart, not to keep what people typed (a
// password pasted into the email field, for one).
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

function createThrottle(client: PrismaClient, action: 'sign-in' | 'sign-up'): AttemptThrottle {
  const limiter = (scope: string) =>
    new RateLimiterPrisma({
      storeClient: client,
      tableName: 'rateLimit',
      keyPrefix: `${action}:${scope}`,
      points: MAX_FAILED_ATTEMPTS,
      duration: ATTEMPT_WINDOW_SECONDS,
    });
  const byAccount = limiter('account');
  const byAddress = limiter('address');

  return {
    async begin({ account, address }) {
      const counted = await Promise.allSettled([
        byAddress.consume(digest(address)),
        ...(account ? [byAccount.consume(digest(account))] : []),
      ]);
      let retryAfterMs = 0;
      for (const result of counted) {
        if (result.status === 'fulfilled') continue;
        // Over the limit rejects with the limiter's state; anything else is the database failing.
        if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
        retryAfterMs = Math.max(retryAfterMs, result.reason.msBeforeNext);
      }
      if (retryAfterMs === 0) return { allowed: true };
      const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      return { allowed: false, retryAfterSeconds, message: tooManyAttemptsMessage(retryAfterSeconds) };
    },

    async succeeded({ account, address }) {
      // The address gets its one attempt back (one good password must not wipe out a run of
      // guesses at other accounts); the account starts afresh, as its owner just proved who they are.
      await Promise.all([
        byAddress.reward(digest(address)),
        ...(account ? [byAccount.delete(digest(account))] : []),
      ]);
    },
  };
}

/** Both throttles on one database client (the app's, or another instance's in tests). */
export function createAuthThrottles(client: PrismaClient): { signIn: AttemptThrottle; signUp: AttemptThrottle } {
  return { signIn: createThrottle(client, 'sign-in'), signUp: createThrottle(client, 'sign-up') };
}

export const { signIn: signInThrottle, signUp: signUpThrottle } = createAuthThrottles(prisma);
