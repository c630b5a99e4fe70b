/**
 * Requests the storefront refuses before Next handles them, because Next would answer each with a
 * bare 500: a path whose percent-encoding is not valid UTF-8, and server-action calls from another
 * site's page, without a declared length or with a body over the limit. Each gets its 4xx and a
 * message; no action runs, nothing is read or written. proxy.ts runs this on the requests its
 * matcher selects (action calls and paths with a `%`), so ordinary page views never pay for it.
 */
import { env } from '@/lib/env';
import { secretMatches } from '@/lib/secrets';
import { NextResponse, type NextRequest } from 'next/server';
import { createHmac } from 'node:crypto';

/** Next's own limit for a server action's body (serverActions.bodySizeLimit, left at its default). */
const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Next forwards an action call sent to a page that does not hold the action to one that does,
 * streaming the body without a length and copying the request's headers. An action call that
 * passed these checks carries this header with a value only the shop's instances can compute, so
 * a forwarded call is told apart from a hand-made one that only claims to be forwarded (whose
 * oversized body Next would answer with a 500).
 */
const CHECKED_HEADER = 'x-nordlys-action-checked';
let checkedToken: string | undefined;
function actionCheckedToken(): string {
  checkedToken ??= createHmac('sha256', env.NEXTAUTH_SECRET)
    .update('server action checked')
    .digest('base64url');
  return checkedToken;
}

function refusal(status: number, message: string): NextResponse {
  return new NextResponse(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server action is invoked by a POST: fetch calls name it in a `Next-Action` header, and forms
 * sent without JavaScript post it as multipart form data.
 */
function isActionCall(request: NextRequest): boolean {
  if (request.method !== 'POST') return false;
  const type = request.headers.get('content-type') ?? '';
  return request.headers.has('next-action') || type.toLowerCase().startsWith('multipart/form-data');
}

/** The same comparison Next makes (Origin's host against the forwarded or direct host), as a 403. */
function fromAnotherSite(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return false; // a hand-made request carries no browser's cookies
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  try {
    return origin === 'null' || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export function refuseBadRequest(request: NextRequest): NextResponse | undefined {
  if (!decodable(request.nextUrl.pathname)) {
    return refusal(400, 'This address is not valid: it contains a broken %-escape.');
  }
  if (!isActionCall(request)) return undefined;
  if (fromAnotherSite(request)) {
    return refusal(403, 'This form can only be sent from the shop’s own pages.');
  }
  const length = request.headers.get('content-length');
  // A forwarded call's body was measured before it was forwarded.
  const forwarded =
    request.headers.get('x-action-forwarded') === '1' &&
    secretMatches(request.headers.get(CHECKED_HEADER), actionCheckedToken());
  if ((length === null && !forwarded) || (length !== null && !/^\d+$/.test(length))) {
    return refusal(411, 'Send the form with its length (Content-Length).');
  }
  if (Number(length) > ACTION_BODY_LIMIT_BYTES) {
    return refusal(413, 'This form is too large: at most 1 MB can be sent.');
  }
  return undefined;
}

/**
 * Lets a request through to Next. An action call goes on marked as checked, so that Next's
 * forwarding of it (which copies its headers) is recognised as such.
 */
export function passOn(request: NextRequest): NextResponse {
  if (!isActionCall(request)) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set(CHECKED_HEADER, actionCheckedToken());
  return NextResponse.next({ request: { headers } });
}
