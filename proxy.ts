import { getRequestUser } from '@/lib/auth';
import { env } from '@/lib/env';
import { safeCallbackUrl } from '@/lib/validations/auth';
import { NextResponse, type NextRequest } from 'next/server';

// First line of defence for /admin: anyone who is not an admin right now (the session and the
// role are read from the database, not trusted from the cookie) goes to /login?callbackUrl=….
// Admin pages and actions check the session again themselves (requireAdmin).
export default async function proxy(request: NextRequest): Promise<NextResponse> {
  const user = await getRequestUser(request);
  if (user?.role === 'ADMIN') return NextResponse.next();

  const origin = new URL(env.NEXTAUTH_URL).origin;
  const login = new URL('/login', origin);
  const requested = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  login.searchParams.set('callbackUrl', safeCallbackUrl(requested, origin, '/admin'));
  return NextResponse.redirect(login);
}

export const config = { matcher: ['/admin', '/admin/:path*'] };
