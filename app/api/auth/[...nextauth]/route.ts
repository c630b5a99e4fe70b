import { authOptions } from '@/lib/auth';
import NextAuth from 'next-auth';

// next-auth 4 types its App Router handler as `any`; this is the shape it actually has.
type RouteHandler = (
  request: Request,
  context: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

const handler = NextAuth(authOptions) as RouteHandler;

export { handler as GET, handler as POST };
