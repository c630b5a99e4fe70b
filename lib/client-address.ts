import { AsyncLocalStorage } from 'node:async_hooks';
import { Server, type IncomingMessage } from 'node:http';

/*
 * The address a request came from, for the sign-in throttle. It must not be something the client
 * can choose: Next.js keeps an X-Forwarded-For header the client sent (it only fills it in when it
 * is missing), so the header is trusted only when TRUSTED_PROXY_HOPS says proxies in front of the
 * storefront append to it. Otherwise the address is the TCP peer's, which Next.js does not hand to
 * route handlers or server actions: capturePeerAddresses() keeps it in an AsyncLocalStorage around
 * the handling of each request.
 */

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

// On globalThis: instrumentation.ts and the route and action bundles each get their own copy of
// this module, and they must share the one store.
const STORE_KEY = Symbol.for('nordlys.peerAddress');
const INSTALLED_KEY = Symbol.for('nordlys.peerAddress.installed');
const shared = globalThis as unknown as {
  [STORE_KEY]?: AsyncLocalStorage<string | undefined>;
  [INSTALLED_KEY]?: boolean;
};
const peerAddressStore = (shared[STORE_KEY] ??= new AsyncLocalStorage<string | undefined>());

/**
 * Records each HTTP request's peer address for the code that handles it (see peerAddress()).
 * Runs once per process, from instrumentation.ts, before the server handles requests.
 */
export function capturePeerAddresses(): void {
  if (shared[INSTALLED_KEY]) return;
  shared[INSTALLED_KEY] = true;
  type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  const emit = Reflect.get(Server.prototype, 'emit') as Emit;
  const emitWithPeerAddress: Emit = function (event, ...args) {
    if (event !== 'request') return emit.call(this, event, ...args);
    const request = args[0] as IncomingMessage;
    return peerAddressStore.run(request.socket.remoteAddress, () => emit.call(this, event, ...args));
  };
  Server.prototype.emit = emitWithPeerAddress;
}

/** The TCP peer of the request being handled, when capturePeerAddresses() saw it arrive. */
function peerAddress(): string | undefined {
  return peerAddressStore.getStore();
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `::ffff:192.0.2.1` (IPv4 over an IPv6 socket) and `192.0.2.1` are one client. */
function normalizeAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice('::ffff:'.length) : trimmed;
}

/**
 * The client's address as the outermost of `trustedProxyHops` proxies saw it: each proxy appends
 * the address it was connected from, so entries further left are the client's to forge. Undefined
 * when no proxy is trusted or the header is shorter than the chain of proxies.
 */
export function forwardedClientAddress(
  forwardedFor: string | undefined,
  trustedProxyHops: number,
): string | undefined {
  if (trustedProxyHops < 1 || !forwardedFor) return undefined;
  const chain = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const entry = chain[chain.length - trustedProxyHops];
  return entry === undefined ? undefined : normalizeAddress(entry);
}

/**
 * Who is asking: the forwarded address behind trusted proxies, else the connection's peer, else
 * "unknown" (a request outside any captured HTTP request, e.g. a script).
 */
export function clientAddress(headers: HeaderSource, trustedProxyHops: number): string {
  const forwarded = forwardedClientAddress(header(headers, 'x-forwarded-for'), trustedProxyHops);
  if (forwarded) return forwarded;
  const peer = peerAddress();
  return peer ? normalizeAddress(peer) : 'unknown';
}
