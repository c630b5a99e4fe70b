import { env } from '@/lib/env';
import { withAuth } from 'next-auth/middleware';

// First line of defence for /admin: anyone without an ADMIN token goes to /login?callbackUrl=….
// Admin pages and actions check the session again themselves (requireAdmin).
export default withAuth({
  secret: env.NEXTAUTH_SECRET,
  callbacks: { authorized: ({ token }) => token?.role === 'ADMIN' },
  pages: { signIn: '/login' },
});

export const config = { matcher: ['/admin', '/admin/:path*'] };
