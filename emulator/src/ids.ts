import { randomBytes, randomUUID } from 'node:crypto';
import type { Region } from './types.js';

/** Identifiers shaped like Klarna's: UUIDs for ids and tokens, short upper-case order references. */
export function newId(): string {
  return randomUUID();
}

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short customer-facing reference such as `K4MADNY2`. */
export function newKlarnaReference(): string {
  const bytes = randomBytes(8);
  let reference = '';
  for (const byte of bytes) reference += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length];
  return reference;
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * What a client token holds beyond its session's id and region. A session keeps these and mints
 * its token from them; a snapshot keeps them too (a fifth of the token's length).
 */
export interface ClientTokenParts {
  base_url: string;
  language: string;
  purchase_country: string;
  order_amount: number;
  /** Random bytes where an RS256 signature would be (see `SIGNATURE`). */
  signature: string;
}

/** The parts of a new session's client token. */
export function clientTokenPartsFor(claims: {
  purchase_country: string;
  locale: string;
  order_amount: number;
  base_url: string;
}): ClientTokenParts {
  return {
    base_url: claims.base_url,
    language: languageOf(claims.locale),
    purchase_country: claims.purchase_country,
    order_amount: claims.order_amount,
    signature: fakeSignature(),
  };
}

/**
 * A JWT-shaped `client_token` naming the session and region, like Klarna's. The signature
 * is random bytes: the emulator checks tokens by comparing them with the one it issued.
 */
export function clientTokenFromParts(parts: ClientTokenParts, sessionId: string, region: Region): string {
  // Written out rather than JSON.stringify'd: this runs on every create session.
  const json =
    `{"session_id":${JSON.stringify(sessionId)},"base_url":${JSON.stringify(parts.base_url)},` +
    `"design":"klarna","language":${JSON.stringify(parts.language)},` +
    `"purchase_country":${JSON.stringify(parts.purchase_country)},"environment":"emulator",` +
    `"merchant_name":"Klarna emulator merchant","session_type":"PAYMENTS","region":"${region}",` +
    `"order_amount":${parts.order_amount},"scheme":true}`;
  return `${TOKEN_HEADER}.${Buffer.from(json).toString('base64url')}.${parts.signature}`;
}

/** The parts `token` was minted from, or undefined when minting them again would not give exactly `token`. */
export function clientTokenParts(
  token: string,
  sessionId: string,
  region: Region,
): ClientTokenParts | undefined {
  const payload = decodeClientToken(token);
  if (!payload) return undefined;
  const { base_url, language, purchase_country, order_amount } = payload;
  if (
    typeof base_url !== 'string' ||
    typeof language !== 'string' ||
    typeof purchase_country !== 'string' ||
    typeof order_amount !== 'number'
  ) {
    return undefined;
  }
  const signature = token.slice(token.lastIndexOf('.') + 1);
  const parts = { base_url, language, purchase_country, order_amount, signature };
  return clientTokenFromParts(parts, sessionId, region) === token ? parts : undefined;
}

/** `sv-SE` → `sv`, without the array `split` would allocate. */
function languageOf(locale: string): string {
  const dash = locale.indexOf('-');
  return dash === -1 ? locale : locale.slice(0, dash);
}

const TOKEN_HEADER = base64UrlJson({ alg: 'RS256', kid: 'klarna-emulator', typ: 'JWT' });

/**
 * Where an RS256 signature would be: random base64url characters, drawn once per process. The
 * payload names the session, so tokens stay unique; the emulator checks a token by comparing it
 * with the one it issued, never by verifying a signature.
 */
const SIGNATURE = randomBytes(32).toString('base64url');

function fakeSignature(): string {
  return SIGNATURE;
}

/** Reads the payload of a JWT-shaped token; null when it is not one. */
export function decodeClientToken(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
