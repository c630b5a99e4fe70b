import type { Emulator } from './emulator.js';
import { idempotencyStore, type Reply } from './idempotency.js';
import { scheduleFraudDecision } from './orders.js';
import { personaFor } from './personas.js';
import { sessionFromSnapshot, sessionToSnapshot } from './sessions.js';
import {
  expandOrder,
  expandSession,
  SAME_AS_BILLING,
  SAME_AS_ORDER,
  SHARED_WITH_ORDER,
  type CompactOrder,
  type CompactSession,
} from './snapshot-compact.js';
import {
  AUTHORIZATION_TABLE,
  CUSTOMER_TOKEN_TABLE,
  decodeTable,
  encodeTable,
  ORDER_TABLE,
  SESSION_TABLE,
  TableError,
  ValuePool,
  type Table,
  type TableSpec,
} from './snapshot-tables.js';
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
 * Version 3 writes sessions, authorizations, orders and customer tokens as tables and every repeated
 * value once (`snapshot-tables.ts`). Versions 1 and 2 wrote them as lists of records, version 2 with
 * markers for what an order shares with its session and captures (`snapshot-compact.ts`). All three
 * are read: a table is read back into the same records, and then every version is checked alike.
 */

export const SNAPSHOT_FORMAT = 'klarna-emulator-snapshot';
export const SNAPSHOT_VERSION = 3;
const READABLE_VERSIONS: readonly unknown[] = [1, 2, 3];

interface SnapshotHead {
  format: typeof SNAPSHOT_FORMAT;
  saved_at: string;
  /** How far the emulator clock was ahead of real time. */
  clock_offset_ms: number;
  sequences: { request: number; callback: number; outbox: number };
}

/** The records kept apart from the tables: few, and lists of records in every version. */
interface SnapshotLists {
  hpp_sessions: HppSessionRecord[];
  redirects: [string, string][];
  outbox: OutboxMessage[];
  requests: RequestLogRecord[];
  callbacks: CallbackLogEntry[];
  idempotency: { scope: string; stored_at: number; reply: Reply }[];
}

/** A snapshot as written (version 3). */
export interface Snapshot extends SnapshotHead, SnapshotLists {
  version: typeof SNAPSHOT_VERSION;
  /** The strings and objects the tables' reference cells point at. */
  values: unknown[];
  sessions: Table;
  authorizations: Table;
  orders: Table;
  customer_tokens: Table;
}

/** A checked snapshot of any version, its tables read back into records: what is restored. */
interface SnapshotRecords extends SnapshotHead, SnapshotLists {
  version: 1 | 2 | 3;
  sessions: CompactSession[];
  /** A spent authorization is kept without `authorized` (see `authorizationToSnapshot`). */
  authorizations: AuthorizationSnapshot[];
  orders: CompactOrder[];
  customer_tokens: CustomerTokenRecord[];
}

/** The lists written as tables, and how. */
const TABLES = {
  sessions: SESSION_TABLE,
  authorizations: AUTHORIZATION_TABLE,
  orders: ORDER_TABLE,
  customer_tokens: CUSTOMER_TOKEN_TABLE,
} as const satisfies Record<string, TableSpec>;

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
 * sessions stay unparsed and a later snapshot leaves it out again. One getter, on a prototype the
 * spent records share (it reads the record's own `sessionId`), serves them all: cheaper to give ten
 * thousand records than a property each, and they keep one shape.
 */
function authorizationsFromSnapshot(
  entries: readonly AuthorizationSnapshot[],
  sessions: ReadonlyMap<string, SessionRecord>,
): AuthorizationRecord[] {
  const spentCart = Object.create(Object.prototype, {
    authorized: {
      get(this: AuthorizationSnapshot) {
        return sessions.get(this.sessionId)?.data;
      },
      enumerable: false,
      configurable: true,
    },
  }) as object;
  for (const entry of entries) {
    if (entry.authorized === undefined) Object.setPrototypeOf(entry, spentCart);
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
  const now = clock.now();
  const pool = new ValuePool();
  // Orders first: the values a session or capture shares with its order are then the order's own.
  const orders = encodeTable([...store.orders.values()], TABLES.orders, pool);
  const sessions = encodeTable([...store.sessions.values()].map(sessionToSnapshot), TABLES.sessions, pool);
  const authorizations = encodeTable(
    [...store.authorizations.values()].map((entry) => authorizationToSnapshot(entry, now)),
    TABLES.authorizations,
    pool,
  );
  const customerTokens = encodeTable([...store.customerTokens.values()], TABLES.customer_tokens, pool);
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    saved_at: new Date().toISOString(),
    clock_offset_ms: clock.offset,
    sequences: store.sequences,
    values: pool.values,
    sessions,
    authorizations,
    orders,
    customer_tokens: customerTokens,
    hpp_sessions: [...store.hppSessions.values()],
    redirects: [...store.redirects],
    outbox: store.outbox,
    requests: store.requests,
    callbacks: store.callbacks,
    idempotency: idempotencyStore(emulator).entries(),
  };
}

/** The document's fields after its head, in the order written. */
const BODY_KEYS = [
  'values',
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
 * The same text as `JSON.stringify(snapshot)`, in pieces of a few hundred records or rows, so that a
 * large state is written without building one huge string.
 */
export function* snapshotJsonChunks(snapshot: Snapshot): Generator<string> {
  const { format, version, saved_at, clock_offset_ms, sequences } = snapshot;
  const head = JSON.stringify({ format, version, saved_at, clock_offset_ms, sequences });
  yield head.slice(0, -1);
  for (const key of BODY_KEYS) {
    const value = snapshot[key];
    if (Array.isArray(value)) {
      yield `,"${key}":`;
      yield* jsonListChunks(value);
      continue;
    }
    // A table: its columns, then its rows in pieces.
    const { rows, ...columns } = value;
    yield `,"${key}":${JSON.stringify(columns).slice(0, -1)},"rows":`;
    yield* jsonListChunks(rows);
    yield '}';
  }
  yield '}';
}

function* jsonListChunks(items: readonly unknown[]): Generator<string> {
  yield '[';
  for (let start = 0; start < items.length; start += CHUNK_RECORDS) {
    // One call per piece, its brackets cut off: far cheaper than a call per record and a join. The
    // comma goes on its own, so that the piece stays one flat string (cheap to measure and write).
    if (start > 0) yield ',';
    yield JSON.stringify(items.slice(start, start + CHUNK_RECORDS)).slice(1, -1);
  }
  yield ']';
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

/**
 * A version 3 document with its tables read back into lists of records (a new object). A list may
 * also be written as records, as in earlier versions: a snapshot written by hand needs no tables.
 */
function readTables(document: Record<string, unknown>): Record<string, unknown> {
  const { values } = document;
  if (!Array.isArray(values)) fail('values', 'a list');
  const root = { ...document };
  try {
    for (const [key, spec] of Object.entries(TABLES)) {
      if (!Array.isArray(root[key])) root[key] = decodeTable(root[key], key, spec, values);
    }
  } catch (error) {
    if (error instanceof TableError) fail(error.path, error.expected);
    throw error;
  }
  return root;
}

function checkSnapshot(value: unknown): SnapshotRecords {
  if (kindOf(value) !== 'object')
    throw new SnapshotError('Not a valid emulator snapshot: expected a JSON object');
  const document = value as Record<string, unknown>;
  if (document.format !== SNAPSHOT_FORMAT) fail('format', `"${SNAPSHOT_FORMAT}"`);
  if (!READABLE_VERSIONS.includes(document.version)) {
    const versions = `${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${String(READABLE_VERSIONS.at(-1))}`;
    throw new SnapshotError(
      `Unsupported emulator snapshot version ${JSON.stringify(document.version)} (this emulator reads versions ${versions})`,
    );
  }
  const root = document.version === SNAPSHOT_VERSION ? readTables(document) : document;
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
  return root as unknown as SnapshotRecords;
}
