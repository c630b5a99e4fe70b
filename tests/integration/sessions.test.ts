import type { Role } from '@/lib/generated/prisma/client';
import type { JWT } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { describe, expect, test } from 'vitest';
import { setUpTestDatabase } from './helpers/database';

/*
 * Sessions can be revoked: a session cookie only names a UserSession row, and the account and
 * its role are read from the database on every request (the jwt callback behind getCurrentUser,
 * and getRequestUser behind proxy.ts).
 */

const db = setUpTestDatabase();

let counter = 0;
async function account(role: Role) {
  counter += 1;
  const email = `person-${counter}@example.com`;
  // The password is not what these tests are about: no costly hash.
  return (await db.prisma()).user.create({
    data: { email, name: `Person ${counter}`, role, passwordHash: 'not-used-here' },
  });
}

async function callbacks() {
  const { authOptions } = await import('@/lib/auth');
  const jwt = authOptions.callbacks!.jwt! as unknown as (params: {
    token: JWT;
    user?: { id: string; email: string; name: string | null; role: Role };
  }) => Promise<JWT>;
  return { authOptions, jwt };
}

/** What next-auth's callback route puts in the cookie when this account signs in. */
async function signIn(user: { id: string; email: string; name: string | null; role: Role }): Promise<JWT> {
  const { jwt } = await callbacks();
  return jwt({ token: { sub: user.id, email: user.email, name: user.name } as JWT, user });
}

/** A later request carrying that cookie, as the jwt callback sees it (getCurrentUser, /api/auth/session). */
async function nextRequest(token: JWT): Promise<JWT> {
  const { jwt } = await callbacks();
  return jwt({ token });
}

/** The same cookie on a request through proxy.ts. */
async function proxyUser(token: JWT) {
  const { getRequestUser } = await import('@/lib/auth');
  const { encode } = await import('next-auth/jwt');
  const { env } = await import('@/lib/env');
  const cookie = `next-auth.session-token=${await encode({ token, secret: env.NEXTAUTH_SECRET })}`;
  return getRequestUser(new NextRequest('http://localhost:3000/admin/orders', { headers: { cookie } }));
}

async function signOut(token: JWT): Promise<void> {
  const { authOptions } = await callbacks();
  await authOptions.events!.signOut!({ token, session: undefined as never });
}

describe('a session', () => {
  test('carries the account as the database has it on every request', async () => {
    const admin = await account('ADMIN');
    const token = await signIn(admin);

    expect(await nextRequest(token)).toMatchObject({ id: admin.id, email: admin.email, role: 'ADMIN' });
    expect(await proxyUser(token)).toMatchObject({ id: admin.id, role: 'ADMIN' });

    // A role changed straight in the database counts from the next request, whatever the cookie says.
    await (await db.prisma()).user.update({ where: { id: admin.id }, data: { role: 'CUSTOMER' } });

    expect(await nextRequest(token)).toMatchObject({ role: 'CUSTOMER' });
    expect(await proxyUser(token)).toMatchObject({ role: 'CUSTOMER' });
  });

  test('signed out is refused, even on a copy of its cookie; the same account’s other sessions go on', async () => {
    const admin = await account('ADMIN');
    const laptop = await signIn(admin);
    const phone = await signIn(admin);
    const copied = { ...laptop };

    await signOut(laptop);

    await expect(nextRequest(copied)).rejects.toThrow('The session was signed out or has ended');
    expect(await proxyUser(copied)).toBeNull();
    expect(await nextRequest(phone)).toMatchObject({ role: 'ADMIN' });
    expect(await proxyUser(phone)).toMatchObject({ role: 'ADMIN' });
  });

  test('ends everywhere when the account’s role changes', async () => {
    const admin = await account('ADMIN');
    const { setUserRole } = await import('@/lib/data/users');
    const laptop = await signIn(admin);
    const phone = await signIn(admin);

    expect(await setUserRole(admin.email, 'CUSTOMER')).toMatchObject({ role: 'CUSTOMER' });

    for (const token of [laptop, phone]) {
      await expect(nextRequest(token)).rejects.toThrow('The session was signed out or has ended');
      expect(await proxyUser(token)).toBeNull();
    }
  });

  test('ends everywhere when the account’s password changes', async () => {
    const shopper = await account('CUSTOMER');
    const { setUserPassword } = await import('@/lib/data/users');
    const token = await signIn(shopper);

    await setUserPassword(shopper.email, 'a-new-password');

    await expect(nextRequest(token)).rejects.toThrow('The session was signed out or has ended');
  }, 60_000);

  test('is refused once its 30 days are over, however active it was', async () => {
    const shopper = await account('CUSTOMER');
    const token = await signIn(shopper);
    const row = await (await db.prisma()).userSession.findUniqueOrThrow({ where: { id: token.sid! } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 24 * 60 * 60 * 1000);

    await (
      await db.prisma()
    ).userSession.update({
      where: { id: token.sid! },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    await expect(nextRequest(token)).rejects.toThrow('The session was signed out or has ended');
    expect(await proxyUser(token)).toBeNull();
  });

  test('a cookie that names no session (issued before sessions were recorded, or forged) is refused', async () => {
    const admin = await account('ADMIN');
    const legacy = { sub: admin.id, id: admin.id, email: admin.email, role: 'ADMIN' } as JWT;

    await expect(nextRequest(legacy)).rejects.toThrow('The session was signed out or has ended');
    expect(await proxyUser(legacy)).toBeNull();
    expect(await proxyUser({ ...legacy, sid: 'no-such-session' })).toBeNull();
  });

  test('an unknown role change target is reported, and nothing changes', async () => {
    const { setUserRole, UnknownUserError } = await import('@/lib/data/users');

    await expect(setUserRole('nobody@example.com', 'ADMIN')).rejects.toBeInstanceOf(UnknownUserError);
  });
});
