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

export interface ClientTokenClaims {
  session_id: string;
  region: Region;
  purchase_country: string;
  locale: string;
  order_amount: number;
  base_url: string;
}

/**
 * A JWT-shaped `client_token` naming the session and region, like Klarna's. The signature
 * is random bytes: the emulator checks tokens by comparing them with the one it issued.
 */
export function mintClientToken(claims: ClientTokenClaims): string {
  // Written out rather than JSON.stringify'd: this runs on every create session.
  const json =
    `{"session_id":${JSON.stringify(claims.session_id)},"base_url":${JSON.stringify(claims.base_url)},` +
    `"design":"klarna","language":${JSON.stringify(languageOf(claims.locale))},` +
    `"purchase_country":${JSON.stringify(claims.purchase_country)},"environment":"emulator",` +
    `"merchant_name":"Klarna emulator merchant","session_type":"PAYMENTS","region":"${claims.region}",` +
    `"order_amount":${claims.order_amount},"scheme":true}`;
  return `${TOKEN_HEADER}.${Buffer.from(json).toString('base64url')}.${fakeSignature()}`;
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
