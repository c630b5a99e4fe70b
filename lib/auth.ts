import 'server-only';

import { endSession, getSessionUser, startSession } from '@/lib/data/sessions';
import { verifyCredentials, type Role, type UserDTO } from '@/lib/data/users';
import { env } from '@/lib/env';
import { safeCallbackUrl, signInSchema } from '@/lib/validations/auth';
import { getServerSession, type NextAuthOptions } from 'next-auth';
import { getToken, type JWT } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string | null; role: Role };
  }
  interface User {
    role: Role;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    id: string;
    role: Role;
    /** The UserSession row this cookie stands for. */
    sid?: string;
  }
}

/** A session lasts 30 days from sign-in at most, however active (UserSession.expiresAt). */
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * The cookie names a session that was signed out, revoked or has ended. Thrown from the jwt
 * callback: next-auth then treats the request as signed out and clears the cookie.
 */
class SessionEndedError extends Error {
  override name = 'SessionEndedError';
}

/** The account behind a session cookie's token as the database has it now, or null. */
async function currentUserOf(token: JWT | null): Promise<UserDTO | null> {
  return typeof token?.sid === 'string' ? getSessionUser(token.sid) : null;
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      // Anything malformed (missing fields, not an email, absurdly long) is a failed sign-in,
      // which next-auth answers with CredentialsSignin: never an exception, never a 500.
      async authorize(credentials) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const user = await verifyCredentials(parsed.data.email, parsed.data.password);
        return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ],
  callbacks: {
    // Runs on every request that reads the session (getServerSession, /api/auth/session). The
    // token only names a session; who the user is and their role come from the database each
    // time, so sign-out, a revoked session or a demotion count from the next request.
    async jwt({ token, user }) {
      // `user` is only present right after sign-in.
      if (user) {
        const sid = await startSession(user.id, SESSION_MAX_AGE_SECONDS);
        return { ...token, id: user.id, role: user.role, sid };
      }
      const current = await currentUserOf(token);
      if (!current) throw new SessionEndedError('The session was signed out or has ended');
      return { ...token, id: current.id, email: current.email, name: current.name, role: current.role };
    },
    session({ session, token }) {
      session.user = { id: token.id, email: token.email ?? '', name: token.name ?? null, role: token.role };
      return session;
    },
    // Every redirect next-auth makes (after sign-in, after sign-out) stays on this site.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackUrl(url, baseUrl)}`;
    },
  },
  events: {
    // Ends the session in the database, so a copy of the cookie made before is worth nothing.
    async signOut({ token }) {
      if (typeof token?.sid === 'string') await endSession(token.sid);
    },
  },
  logger: {
    error(code, metadata) {
      // A signed-out cookie sent again is an expected request, not a server error.
      if (code === 'JWT_SESSION_ERROR' && (metadata as { name?: string }).name === 'SessionEndedError')
        return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
  },
};

export type SessionUser = Pick<UserDTO, 'id' | 'email' | 'name' | 'role'>;

/**
 * The signed-in user as the database has them now, or null. Works in server components, route
 * handlers and server actions.
 */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
}

/**
 * The signed-in admin. Anyone else is sent to the sign-in page, which explains that an admin
 * account is needed. Call it in every admin page and action: proxy.ts is not a guard.
 */
export async function requireAdmin(callbackUrl = '/admin'): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (user?.role !== 'ADMIN') redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return user;
}

/** The admin or shopper behind a request's session cookie, checked against the database (proxy.ts). */
export async function getRequestUser(request: NextRequest): Promise<SessionUser | null> {
  return currentUserOf(await getToken({ req: request, secret: env.NEXTAUTH_SECRET }));
}
