import 'server-only';

import { verifyCredentials, type UserDTO } from '@/lib/data/users';
import { env } from '@/lib/env';
import type { Role } from '@/lib/generated/prisma/client';
import { signInSchema } from '@/lib/validations/auth';
import { getServerSession, type NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { redirect } from 'next/navigation';

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
  }
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt' },
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
    jwt({ token, user }) {
      // `user` is only present right after sign-in; later calls keep what the token carries.
      if (user) {
        token.id = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user = { id: token.id, email: token.email ?? '', name: token.name ?? null, role: token.role };
      return session;
    },
  },
};

export type SessionUser = Pick<UserDTO, 'id' | 'email' | 'name' | 'role'>;

/** The signed-in user, or null. Works in server components, route handlers and server actions. */
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
