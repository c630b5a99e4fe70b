import type { Emulator } from './emulator.js';
import { idempotencyStore, type Reply } from './idempotency.js';
import { scheduleFraudDecision } from './orders.js';
import { personaFor } from './personas.js';
import { sessionFromSnapshot, sessionToSnapshot } from './sessions.js';
import {
  compactOrder,
  compactSession,
  expandOrder,
  expandSession,
  SAME_AS_BILLING,
  SAME_AS_ORDER,
  SHARED_WITH_ORDER,
  type CompactOrder,
  type CompactSession,
} from './snapshot-compact.js';
import type {
  AuthorizationRecord,
  CallbackLogEntry,
  CustomerTokenRecord,
  HppSessionRecord,
  OrderRecord,
  OutboxMessage,
  RequestLogRecord,
  SessionRecord,
} from './store.js';
import { REGIONS } from './types.js';

/**
 * The emulator's whole state as one JSON document: what the data directory keeps between runs and
 * what `GET /_emulator/snapshot` exports. A snapshot is checked completely before anything is
 * replaced, so a corrupt one changes nothing.
 *
 * Version 2 writes what an order shares with its session and captures once (`snapshot-compact.ts`);
 * version 1 wrote every copy in full. Both are read: a version 1 document is a version 2 document
 * that leaves nothing out.
 */

export const SNAPSHOT_FORMAT = 'klarna-emulator-snapshot';
export const SNAPSHOT_VERSION = 2;
const READABLE_VERSIONS: readonly unknown[] = [1, 2];

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: 1 | typeof SNAPSHOT_VERSION;
  saved_at: string;
  /** How far the emulator clock was ahead of real time. */
  clock_offset_ms: number;
  sequences: { request: number; callback: number; outbox: number };
  sessions: CompactSession[];
  /** A spent authorization is kept without `authorized` (see `authorizationToSnapshot`). */
  authorizations: AuthorizationSnapshot[];
  orders: CompactOrder[];
  customer_tokens: CustomerTokenRecord[];
  hpp_sessions: HppSessionRecord[];
  redirects: [string, string][];
  outbox: OutboxMessage[];
  requests: RequestLogRecord[];
  callbacks: CallbackLogEntry[];
  idempotency: { scope: string; stored_at: number; reply: Reply }[];
}

export type AuthorizationSnapshot = Omit<AuthorizationRecord, 'authorized'> & {
  authorized?: AuthorizationRecord['authorized'];
};

/**
 * The cart as authorized is only read to place an order or create a token with the authorization.
 * Once it can do neither (used, cancelled, superseded or past its 60 minutes) the snapshot leaves
 * that copy out: it is a quarter of a snapshot's size. Restored, it points at the session's data.
 */
function authorizationToSnapshot(entry: AuthorizationRecord, now: number): AuthorizationSnapshot {
  const spent =
    entry.status !== 'active' ||
    now >= entry.expiresAt ||
    (entry.orderId !== undefined && (entry.intent === 'buy' || entry.customerTokenId !== undefined)) ||
    (entry.customerTokenId !== undefined && entry.intent === 'tokenize');
  if (!spent) return entry;
  // A restored record's `authorized` is a hidden getter (reading it would parse): a spread leaves it out.
  if (!Object.prototype.propertyIsEnumerable.call(entry, 'authorized')) return { ...entry };
  // Built without the field rather than deleted from a copy: `delete` makes a slow object to write.
  const { authorized: _cart, ...copy } = entry;
  return copy;
}

/**
 * Restores the authorizations of a checked snapshot (changes the entries). A spent authorization's
 * `authorized` becomes the session's data, read only if ever asked for: a hidden getter, so that most
 * sessions stay unparsed and a later snapshot leaves it out again. One getter serves every record
 * (it reads the record's own `sessionId`), so the records keep one shape rather than one each.
 */
function authorizationsFromSnapshot(
  entries: readonly AuthorizationSnapshot[],
  sessions: ReadonlyMap<string, SessionRecord>,
): AuthorizationRecord[] {
  const spentCart: PropertyDescriptor = {
    get(this: AuthorizationSnapshot) {
      return sessions.get(this.sessionId)?.data;
    },
    enumerable: false,
    configurable: true,
  };
  for (const entry of entries) {
    if (entry.authorized === undefined) Object.defineProperty(entry, 'authorized', spentCart);
  }
  return entries as AuthorizationRecord[];
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

export function takeSnapshot(emulator: Emulator): Snapshot {
  const { store, clock } = emulator;
  /** The order placed with the session's latest authorization, whose lines and addresses its data may share. */
  const orderOf = (authorizationToken: string | undefined): OrderRecord | undefined => {
    const orderId = authorizationToken && store.authorizations.get(authorizationToken)?.orderId;
    return orderId ? store.orders.get(orderId) : undefined;
  };
  const now = clock.now();
  // Orders first: a session's data shares the values its order has settled on (`compactOrder`).
  const orders = [...store.orders.values()].map(compactOrder);
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    saved_at: new Date().toISOString(),
    clock_offset_ms: clock.offset,
    sequences: store.sequences,
    sessions: [...store.sessions.values()].map((session) =>
      compactSession(sessionToSnapshot(session), orderOf(session.authorizationToken)),
    ),
    authorizations: [...store.authorizations.values()].map((entry) => authorizationToSnapshot(entry, now)),
    orders,
    customer_tokens: [...store.customerTokens.values()],
    hpp_sessions: [...store.hppSessions.values()],
    redirects: [...store.redirects],
    outbox: store.outbox,
    requests: store.requests,
    callbacks: store.callbacks,
    idempotency: idempotencyStore(emulator).entries(),
  };
}

const LIST_KEYS = [
  'sessions',
  'authorizations',
  'orders',
  'customer_tokens',
  'hpp_sessions',
  'redirects',
  'outbox',
  'requests',
  'callbacks',
  'idempotency',
] as const satisfies readonly (keyof Snapshot)[];

/**
 * The same text as `JSON.stringify(snapshot)`, in pieces of a few hundred records, so that a large
 * state is written without building one huge string.
 */
export function* snapshotJsonChunks(snapshot: Snapshot): Generator<string> {
  const { format, version, saved_at, clock_offset_ms, sequences } = snapshot;
  const head = JSON.stringify({ format, version, saved_at, clock_offset_ms, sequences });
  yield head.slice(0, -1);
  for (const key of LIST_KEYS) {
    const items: readonly unknown[] = snapshot[key];
    yield `,"${key}":[`;
    for (let start = 0; start < items.length; start += CHUNK_RECORDS) {
      // One call per piece, its brackets cut off: far cheaper than a call per record and a join. The
      // comma goes on its own, so that the piece stays one flat string (cheap to measure and write).
      if (start > 0) yield ',';
      yield JSON.stringify(items.slice(start, start + CHUNK_RECORDS)).slice(1, -1);
    }
    yield ']';
  }
  yield '}';
}

const CHUNK_RECORDS = 500;

/**
 * Replaces all state with `value` after checking it. Timers and deliveries in flight are dropped
 * (as on reset); pending fraud decisions are scheduled again. Throws `SnapshotError` naming the
 * first problem found, and then nothing has changed.
 */
export function restoreSnapshot(
  emulator: Emulator,
  value: unknown,
  options: { keepClock?: boolean } = {},
): void {
  const snapshot = checkSnapshot(value);
  const orders = new Map<string, OrderRecord>();
  for (const entry of snapshot.orders) orders.set(entry.orderId, expandOrder(entry));
  const sessions = snapshot.sessions.map((entry) => sessionFromSnapshot(expandSession(entry, orders)));
  const offset = emulator.clock.offset;
  emulator.reset();
  const { store, clock } = emulator;
  clock.setOffset(options.keepClock ? offset : snapshot.clock_offset_ms);
  for (const session of sessions) store.sessions.set(session.id, session);
  for (const entry of authorizationsFromSnapshot(snapshot.authorizations, store.sessions)) {
    store.authorizations.set(entry.token, entry);
  }
  for (const [id, order] of orders) store.orders.set(id, order);
  for (const token of snapshot.customer_tokens) store.customerTokens.set(token.tokenId, token);
  for (const record of snapshot.hpp_sessions) store.hppSessions.set(record.id, record);
  for (const [id, target] of snapshot.redirects) store.redirects.set(id, target);
  store.outbox.push(...snapshot.outbox);
  store.requests.push(...snapshot.requests);
  store.callbacks.push(...snapshot.callbacks);
  store.sequences = snapshot.sequences;
  idempotencyStore(emulator).load(snapshot.idempotency);

  for (const order of store.orders.values()) {
    const pending = order.fraudStatus === 'PENDING' ? personaFor(order.email).pending : undefined;
    if (pending) scheduleFraudDecision(emulator, order, pending);
  }
}

export function snapshotCounts(emulator: Emulator): Record<string, number> {
  const { store } = emulator;
  return {
    sessions: store.sessions.size,
    authorizations: store.authorizations.size,
    orders: store.orders.size,
    customer_tokens: store.customerTokens.size,
    hpp_sessions: store.hppSessions.size,
  };
}

// ---- checking -------------------------------------------------------------------------------

type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

function kindOf(value: unknown): Kind | 'null' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'number':
      return Number.isSafeInteger(value) ? 'integer' : 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}

function fail(path: string, expected: string): never {
  throw new SnapshotError(`Not a valid emulator snapshot: ${path} must be ${expected}`);
}

interface FieldRule {
  field: string;
  expected: Kind;
  optional: boolean;
  /** For a string field: the values allowed. */
  values?: readonly string[];
  /** A string allowed in the place of the value (see `snapshot-compact.ts`). */
  marker?: string;
}

/** `{ id: 'string', note: 'string?', status: ['A', 'B'] }` → rules, compiled once per record kind. */
function rules(fields: Record<string, string | readonly string[]>): FieldRule[] {
  return Object.entries(fields).map(([field, spec]) => {
    if (typeof spec !== 'string') return { field, expected: 'string', optional: false, values: spec };
    const optional = spec.endsWith('?');
    return { field, expected: (optional ? spec.slice(0, -1) : spec) as Kind, optional };
  });
}

/** The same rules, where `fields` may also hold `marker` instead of a value. */
function withMarker(
  fieldRules: readonly FieldRule[],
  fields: readonly string[],
  marker: string,
): FieldRule[] {
  return fieldRules.map((rule) => (fields.includes(rule.field) ? { ...rule, marker } : rule));
}

/** Whether `value` is of kind `expected`: `kindOf(value) === expected`, without working out the kind. */
function fits(value: unknown, expected: Kind): boolean {
  switch (expected) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
  }
}

/** Checks one record; the path is only built when something is wrong. */
function need(record: Record<string, unknown>, path: () => string, fieldRules: readonly FieldRule[]): void {
  for (const rule of fieldRules) {
    const value = record[rule.field];
    if (value === undefined && rule.optional) continue;
    if (!fits(value, rule.expected)) {
      if (value === rule.marker && value !== undefined) continue;
      const expected = `${/^[aeio]/.test(rule.expected) ? 'an' : 'a'} ${rule.expected}`;
      fail(`${path()}.${rule.field}`, rule.marker ? `${expected} or "${rule.marker}"` : expected);
    }
    if (rule.values && !rule.values.includes(value as string)) {
      fail(`${path()}.${rule.field}`, `one of ${rule.values.join(', ')}`);
    }
  }
}

/** `root[key]` as a list of objects, each checked with `fieldRules`. */
function list(
  root: Record<string, unknown>,
  key: string,
  fieldRules: readonly FieldRule[],
  prefix = '',
): Record<string, unknown>[] {
  const value = root[key];
  if (!Array.isArray(value)) fail(prefix + key, 'a list');
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (!fits(item, 'object')) fail(`${prefix}${key}[${i}]`, 'an object');
    need(item as Record<string, unknown>, () => `${prefix}${key}[${i}]`, fieldRules);
  }
  return value as Record<string, unknown>[];
}

const OWNER = { region: REGIONS, merchantId: 'string' } as const;

const ROOT = rules({ clock_offset_ms: 'number', sequences: 'object' });
const SEQUENCES = rules({ request: 'integer', callback: 'integer', outbox: 'integer' });
const SESSION = rules({
  id: 'string',
  ...OWNER,
  clientToken: 'string?',
  clientTokenParts: 'object?',
  status: ['incomplete', 'complete'],
  createdAt: 'number',
  updatedAt: 'number',
  expiresAt: 'number',
  data: 'object?',
  dataText: 'string?',
  authorizationToken: 'string?',
  pendingFinalize: 'object?',
  dataOrderId: 'string?',
});
const CLIENT_TOKEN_PARTS = rules({
  base_url: 'string',
  language: 'string',
  purchase_country: 'string',
  order_amount: 'integer',
  signature: 'string',
});
const SESSION_DATA = rules({
  purchase_country: 'string',
  purchase_currency: 'string',
  locale: 'string',
  intent: 'string',
  order_amount: 'integer',
  order_lines: 'array',
  billing_address: 'object?',
  shipping_address: 'object?',
});
/** Session data of a session with `dataOrderId`. */
const SESSION_DATA_SHARING = withMarker(SESSION_DATA, SHARED_WITH_ORDER, SAME_AS_ORDER);
const AUTHORIZATION = rules({
  token: 'string',
  sessionId: 'string',
  ...OWNER,
  intent: 'string',
  authorized: 'object?',
  email: 'string',
  paymentMethodCategory: 'string',
  status: ['active', 'cancelled', 'superseded'],
  createdAt: 'number',
  expiresAt: 'number',
  orderId: 'string?',
  customerTokenId: 'string?',
});
const ORDER = rules({
  orderId: 'string',
  ...OWNER,
  sessionId: 'string',
  authorizationToken: 'string',
  klarnaReference: 'string',
  status: ['AUTHORIZED', 'PART_CAPTURED', 'CAPTURED', 'CANCELLED', 'EXPIRED', 'CLOSED'],
  fraudStatus: ['ACCEPTED', 'PENDING', 'REJECTED'],
  purchaseCountry: 'string',
  purchaseCurrency: 'string',
  locale: 'string',
  orderAmount: 'integer',
  originalOrderAmount: 'integer',
  orderTaxAmount: 'integer',
  capturedAmount: 'integer',
  refundedAmount: 'integer',
  orderLines: 'array',
  merchantUrls: 'object',
  initialPaymentMethod: 'object',
  email: 'string',
  createdAt: 'number',
  expiresAt: 'number',
  captures: 'array',
  refunds: 'array',
  shippingInfo: 'array',
  billingAddress: 'object?',
  shippingAddress: 'object?',
  customer: 'object?',
  customerTokenId: 'string?',
});
const CAPTURE = rules({
  capture_id: 'string',
  klarna_reference: 'string',
  captured_amount: 'integer',
  captured_at: 'number',
  order_lines: 'array',
  refunded_amount: 'integer',
  shipping_info: 'array',
  billing_address: 'object?',
  shipping_address: 'object?',
});
const ORDER_WITH_MARKERS = withMarker(ORDER, ['shippingAddress'], SAME_AS_BILLING);
const CAPTURE_WITH_MARKERS = withMarker(CAPTURE, SHARED_WITH_ORDER, SAME_AS_ORDER);
const REFUND = rules({
  refund_id: 'string',
  refunded_amount: 'integer',
  refunded_at: 'number',
  order_lines: 'array',
});
const CUSTOMER_TOKEN = rules({
  tokenId: 'string',
  status: ['ACTIVE', 'CANCELLED', 'SUSPENDED'],
  ...OWNER,
  sessionId: 'string',
  authorizationToken: 'string',
  paymentMethodType: 'string',
  paymentMethodReference: 'string',
  purchaseCountry: 'string',
  purchaseCurrency: 'string',
  locale: 'string',
  email: 'string',
  createdAt: 'number',
});
const HPP_SESSION = rules({
  id: 'string',
  ...OWNER,
  paymentSessionId: 'string',
  merchantUrls: 'object',
  placeOrderMode: ['PLACE_ORDER', 'CAPTURE_ORDER', 'NONE'],
  status: [
    'WAITING',
    'BACK',
    'IN_PROGRESS',
    'MANUAL_ID_CHECK',
    'COMPLETED',
    'CANCELLED',
    'FAILED',
    'DISABLED',
    'ERROR',
  ],
  createdAt: 'number',
  updatedAt: 'number',
  expiresAt: 'number',
});
const OUTBOX = rules({
  id: 'integer',
  at: 'string',
  hpp_session_id: 'string',
  to: 'string',
  text: 'string',
  link: 'string',
});
const REQUEST = rules({ id: 'integer', atMs: 'number', method: 'string', path: 'string', status: 'integer' });
const CALLBACK = rules({
  id: 'integer',
  kind: 'string',
  url: 'string',
  attempt: 'integer',
  at: 'string',
  outcome: 'string',
});
const IDEMPOTENCY = rules({ scope: 'string', stored_at: 'number', reply: 'object' });
const REPLY = rules({ status: 'integer', headers: 'object?' });

function checkSnapshot(value: unknown): Snapshot {
  if (kindOf(value) !== 'object')
    throw new SnapshotError('Not a valid emulator snapshot: expected a JSON object');
  const root = value as Record<string, unknown>;
  if (root.format !== SNAPSHOT_FORMAT) fail('format', `"${SNAPSHOT_FORMAT}"`);
  if (!READABLE_VERSIONS.includes(root.version)) {
    throw new SnapshotError(
      `Unsupported emulator snapshot version ${JSON.stringify(root.version)} (this emulator reads versions ${READABLE_VERSIONS.join(' and ')})`,
    );
  }
  need(root, () => 'snapshot', ROOT);
  need(root.sequences as Record<string, unknown>, () => 'sequences', SEQUENCES);

  const sessionsSharingData: [index: number, orderId: string][] = [];
  list(root, 'sessions', SESSION).forEach((session, i) => {
    if (session.clientTokenParts !== undefined) {
      need(
        session.clientTokenParts as Record<string, unknown>,
        () => `sessions[${i}].clientTokenParts`,
        CLIENT_TOKEN_PARTS,
      );
    } else if (session.clientToken === undefined) fail(`sessions[${i}].clientToken`, 'a string');
    if (session.dataOrderId !== undefined) {
      if (kindOf(session.data) !== 'object') fail(`sessions[${i}].data`, 'an object');
      need(session.data as Record<string, unknown>, () => `sessions[${i}].data`, SESSION_DATA_SHARING);
      sessionsSharingData.push([i, session.dataOrderId as string]);
      return;
    }
    if (session.data !== undefined) {
      need(session.data as Record<string, unknown>, () => `sessions[${i}].data`, SESSION_DATA);
      return;
    }
    if (typeof session.dataText !== 'string') fail(`sessions[${i}].data`, 'an object');
    let parsed: unknown;
    try {
      parsed = JSON.parse(session.dataText);
    } catch {
      fail(`sessions[${i}].dataText`, 'JSON');
    }
    if (kindOf(parsed) !== 'object') fail(`sessions[${i}].dataText`, 'a JSON object');
  });
  const sessionIds = new Set((root.sessions as { id: string }[]).map((session) => session.id));
  list(root, 'authorizations', AUTHORIZATION).forEach((entry, i) => {
    if (entry.authorized === undefined && !sessionIds.has(entry.sessionId as string)) {
      fail(`authorizations[${i}].authorized`, 'an object (its session is not in the snapshot)');
    }
  });
  const orderIds = new Set<unknown>();
  list(root, 'orders', ORDER_WITH_MARKERS).forEach((order, i) => {
    orderIds.add(order.orderId);
    if (order.shippingAddress === SAME_AS_BILLING && order.billingAddress === undefined) {
      fail(`orders[${i}].billingAddress`, `an object (shippingAddress is "${SAME_AS_BILLING}")`);
    }
    list(order, 'captures', CAPTURE_WITH_MARKERS, `orders[${i}].`);
    list(order, 'refunds', REFUND, `orders[${i}].`);
  });
  for (const [i, orderId] of sessionsSharingData) {
    if (!orderIds.has(orderId)) fail(`sessions[${i}].dataOrderId`, 'the id of an order in the snapshot');
  }
  list(root, 'customer_tokens', CUSTOMER_TOKEN);
  list(root, 'hpp_sessions', HPP_SESSION);

  const redirects = root.redirects;
  if (!Array.isArray(redirects)) fail('redirects', 'a list');
  redirects.forEach((pair, i) => {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== 'string' ||
      typeof pair[1] !== 'string'
    ) {
      fail(`redirects[${i}]`, 'an [id, url] pair');
    }
  });

  list(root, 'outbox', OUTBOX);
  list(root, 'requests', REQUEST);
  list(root, 'callbacks', CALLBACK);
  list(root, 'idempotency', IDEMPOTENCY).forEach((entry, i) =>
    need(entry.reply as Record<string, unknown>, () => `idempotency[${i}].reply`, REPLY),
  );
  return root as unknown as Snapshot;
}
