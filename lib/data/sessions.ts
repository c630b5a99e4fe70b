import 'server-only';

import { prisma } from '@/lib/db';
import type { UserDTO } from '@/lib/data/users';

/*
 * Signed-in browsers (model UserSession). The session cookie only names a row; the account and its
 * role are read from the database on every request that trusts the cookie, so signing out,
 * deleting a session, demoting an admin or changing a password takes effect at the next request.
 */

/** Starts a session for `userId` that ends `maxAgeSeconds` from now at the latest; returns its id. */
export async function startSession(userId: string, maxAgeSeconds: number): Promise<string> {
  const now = Date.now();
  const [session] = await prisma.$transaction([
    prisma.userSession.create({
      data: { userId, createdAt: new Date(now), expiresAt: new Date(now + maxAgeSeconds * 1000) },
      select: { id: true },
    }),
    // Housekeeping at sign-in, so ended sessions do not pile up.
    prisma.userSession.deleteMany({ where: { expiresAt: { lt: new Date(now) } } }),
  ]);
  return session.id;
}

/** The account of a live session, as it is now; null when the session ended or was revoked. */
export async function getSessionUser(sessionId: string): Promise<UserDTO | null> {
  const session = await prisma.userSession.findUnique({
    where: { id: sessionId },
    select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return session.user;
}

/** Ends one session (sign-out). Ending one that is already gone is not an error. */
export async function endSession(sessionId: string): Promise<void> {
  await prisma.userSession.deleteMany({ where: { id: sessionId } });
}
