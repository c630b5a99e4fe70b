import { getRequestUser } from '@/lib/auth';
import { env } from '@/lib/env';
import { publicPathFor } from '@/lib/market-routing';
import { passOn, refuseBadRequest } from '@/lib/request-guard';
import { safeCallbackUrl } from '@/lib/validations/auth';
import { NextResponse, type NextRequest } from 'next/server';

export default async function proxy(request: NextRequest): Promise<NextResponse> {
  // Requests Next would answer with a bare 500 are refused first (lib/request-guard.ts).
  const refused = refuseBadRequest(request);
  if (refused) return refused;
  const { pathname } = request.nextUrl;
  const publicPath = request.method === 'GET' || request.method === 'HEAD' ? publicPathFor(pathname) : null;
  if (publicPath !== null) {
    // An internal market path asked for directly (/US/products/…): the cookie chooses the market,
    // so the shopper gets the public path (lib/market-routing.ts, publicPathFor).
    const url = request.nextUrl.clone();
    url.pathname = publicPath;
    return NextResponse.redirect(url, 308);
  }
  if (pathname !== '/admin' && !pathname.startsWith('/admin/')) return passOn(request);

  // First line of defence for /admin: anyone who is not an admin right now (the session and the
  // role are read from the database, not trusted from the cookie) goes to /login?callbackUrl=….
  // Admin pages and actions check the session again themselves (requireAdmin).
  const user = await getRequestUser(request);
  if (user?.role === 'ADMIN') return passOn(request);

  const origin = new URL(env.NEXTAUTH_URL).origin;
  const login = new URL('/login', origin);
  const requested = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  login.searchParams.set('callbackUrl', safeCallbackUrl(requested, origin, '/admin'));
  return NextResponse.redirect(login);
}

export const config = {
  matcher: [
    '/admin',
    '/admin/:path*',
    // Internal market paths (lib/market-routing.ts); a literal list, as the matcher must be static.
    '/:market(SE|DE|GB|US|AU)',
    '/:market(SE|DE|GB|US|AU)/:path*',
    // For lib/request-guard.ts: server-action calls (fetch or form posts) and paths with a %-escape.
    { source: '/:path*', has: [{ type: 'header', key: 'next-action' }] },
    { source: '/:path*', has: [{ type: 'header', key: 'content-type', value: 'multipart/form-data.*' }] },
    '/:path(.*%.*)',
  ],
};
