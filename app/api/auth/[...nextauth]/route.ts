import { authOptions } from '@/lib/auth';
import { clientAddress } from '@/lib/client-address';
import { signInThrottle, type Attempt } from '@/lib/data/auth-throttle';
import { env } from '@/lib/env';
import { readJsonBody } from '@/lib/http/read-json-body';
import { signInSchema } from '@/lib/validations/auth';
import NextAuth from 'next-auth';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// next-auth 4 types its App Router handler as `any`; this is the shape it actually has.
type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

const handler = NextAuth(authOptions) as RouteHandler;

/** The email a sign-in request names, normalized as the Credentials provider reads it. */
async function requestedAccount(request: Request): Promise<string | undefined> {
  const type = request.headers.get('content-type') ?? '';
  let email: unknown;
  try {
    if (type.includes('application/x-www-form-urlencoded')) {
      email = new URLSearchParams(await request.clone().text()).get('email');
    } else if (type.includes('application/json')) {
      const body = await readJsonBody(request.clone());
      if (body.ok && typeof body.value === 'object' && body.value !== null) {
        email = (body.value as { email?: unknown }).email;
      }
    }
  } catch {
    return undefined;
  }
  const parsed = signInSchema.shape.email.safeParse(email);
  return parsed.success ? parsed.data : undefined;
}

// next-auth sets the session cookie (possibly in chunks, `.0`, `.1`, …) only when it signs someone in.
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?=[^;]/;

function signedIn(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => SESSION_COOKIE.test(cookie));
}

/**
 * A refused attempt. next-auth's client reads `url` and its `error` parameter (the login form
 * shows it); other clients get the status, the message and Retry-After.
 */
function tooManyAttempts(message: string, retryAfterSeconds: number): Response {
  const url = new URL('/login', env.NEXTAUTH_URL);
  url.searchParams.set('error', message);
  return Response.json(
    { url: url.toString(), error: message },
    { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
  );
}

/** Password sign-ins are throttled per account and per client address; see lib/data/auth-throttle. */
async function POST(request: Request, context: RouteContext): Promise<Response> {
  const { nextauth } = await context.params;
  if (nextauth.join('/') !== 'callback/credentials') return handler(request, context);

  const attempt: Attempt = {
    account: await requestedAccount(request),
    address: clientAddress(request.headers, env.TRUSTED_PROXY_HOPS),
  };
  const verdict = await signInThrottle.begin(attempt);
  if (!verdict.allowed) return tooManyAttempts(verdict.message, verdict.retryAfterSeconds);

  const response = await handler(request, context);
  if (signedIn(response)) await signInThrottle.succeeded(attempt);
  return response;
}

export { handler as GET, POST };
