import type { Emulator } from './emulator.js';
import { badValue, KlarnaError, notFound } from './errors.js';
import {
  clientTokenFromParts,
  clientTokenParts,
  clientTokenPartsFor,
  newId,
  type ClientTokenParts,
} from './ids.js';
import { canonicalLocale, findMarket } from './markets.js';
import { arithmeticIssues, marketIssues } from './order-rules.js';
import { paymentMethodCategories } from './payment-methods.js';
import { sessionCreateSchema, sessionUpdateSchema } from './payments-schema.js';
import type { SessionRecord } from './store.js';
import type { Address, CompleteSessionData, Region, SessionData } from './types.js';
import { check, IGNORE_UNKNOWN_FIELDS, type FieldPolicy } from './validate.js';

/** "A session stays valid for 48 hours after the last update of it." */
export const SESSION_LIFETIME_MS = 48 * 3_600_000;

/** Upper-case countries and currencies, canonical locales: case-insensitive on input, stable on output. */
export function normalizeSessionData<T extends SessionData>(data: T): T {
  const normalized = { ...data };
  if (normalized.purchase_country) normalized.purchase_country = normalized.purchase_country.toUpperCase();
  if (normalized.purchase_currency) normalized.purchase_currency = normalized.purchase_currency.toUpperCase();
  if (normalized.locale) normalized.locale = canonicalLocale(normalized.locale);
  if (normalized.billing_address) normalized.billing_address = normalizeAddress(normalized.billing_address);
  if (normalized.shipping_address)
    normalized.shipping_address = normalizeAddress(normalized.shipping_address);
  return normalized;
}

export function normalizeAddress(address: Address): Address {
  return address.country ? { ...address, country: address.country.toUpperCase() } : address;
}

/**
 * Fills the defaults Klarna applies: intent `buy`, the market's first locale. Mutates and
 * returns `data`, which callers pass as a fresh copy.
 */
function complete(data: SessionData): CompleteSessionData {
  data.intent ??= 'buy';
  data.locale ??= findMarket(data.purchase_country ?? '')?.locales[0] ?? 'en-US';
  return data as CompleteSessionData;
}

/** Market, arithmetic and intent rules on a whole session; the paths to report as bad values. */
export function sessionIssues(data: CompleteSessionData, region: Region): string[] {
  const market = marketIssues(data, region);
  return [...market, ...arithmeticIssues(data), ...intentIssues(data)];
}

/** Klarna charges today under `buy_and_tokenize`, so it needs an amount; nothing-today is `tokenize`. */
function intentIssues(data: CompleteSessionData): string[] {
  return data.intent === 'buy_and_tokenize' && data.order_amount === 0 ? ['order_amount'] : [];
}

/** Validates a create-session body; throws 400 `BAD_VALUE` listing every offending field. */
export function parseSessionCreate(body: unknown, region: Region, fields: FieldPolicy): CompleteSessionData {
  const { value, issues } = check(sessionCreateSchema, body, fields);
  if (issues.length > 0 || !value) throw badValue(issues);
  const data = complete(normalizeSessionData(value));
  const ruleIssues = sessionIssues(data, region);
  if (ruleIssues.length > 0) throw badValue(ruleIssues);
  return data;
}

/** Field constraints of a partial session (update body, or data the JS SDK passes along). */
export function parseSessionPatch(
  body: unknown,
  fields: FieldPolicy,
): { value: SessionData; issues: string[] } {
  const { value, issues } = check(sessionUpdateSchema, body, fields);
  return { value: normalizeSessionData(value ?? {}), issues };
}

export function createSession(
  emulator: Emulator,
  input: {
    data: CompleteSessionData;
    region: Region;
    merchantId: string;
    origin: string;
    /** The create-session body `data` was parsed from; kept instead of `data` until first use. */
    sourceText?: string | undefined;
  },
): SessionRecord {
  const now = emulator.clock.now();
  const id = newId();
  const tokenParts = clientTokenPartsFor({
    purchase_country: input.data.purchase_country,
    locale: input.data.locale,
    order_amount: input.data.order_amount,
    base_url: `${input.origin}/${input.region}/kp`,
  });
  const record = new StoredSession(
    id,
    input.region,
    input.merchantId,
    tokenParts,
    now,
    input.data,
    input.sourceText,
  );
  emulator.store.sessions.set(id, record);
  return record;
}

/**
 * A session that keeps the request body it was created from, as one string, until its data is
 * first used; then it parses and validates that text again (the same result as at creation).
 * Most sessions are created and never touched again (abandoned checkouts, load tests), and a
 * string costs the garbage collector far less than a tree of a few dozen objects.
 */
class StoredSession implements SessionRecord {
  status: SessionRecord['status'] = 'incomplete';
  updatedAt: number;
  expiresAt: number;
  authorizationToken?: string;
  pendingFinalize?: SessionRecord['pendingFinalize'];
  private sourceText: string | undefined;
  private parsed: CompleteSessionData | undefined;
  /** Minted from `token` when first read. */
  private mintedToken: string | undefined;

  constructor(
    public id: string,
    public region: Region,
    public merchantId: string,
    /** The client token, or (for every session created here) what it is minted from. */
    private token: string | ClientTokenParts,
    public createdAt: number,
    data: CompleteSessionData,
    sourceText: string | undefined,
  ) {
    this.updatedAt = createdAt;
    this.expiresAt = createdAt + SESSION_LIFETIME_MS;
    if (sourceText === undefined) this.parsed = data;
    else this.sourceText = sourceText;
  }

  get clientToken(): string {
    if (typeof this.token === 'string') return this.token;
    return (this.mintedToken ??= clientTokenFromParts(this.token, this.id, this.region));
  }

  /**
   * The session as a snapshot keeps it: the client token as its parts (a token restored from an
   * older snapshot is taken apart once), the create body's text as text when never parsed.
   */
  toSnapshot(): SessionSnapshot {
    if (typeof this.token === 'string') {
      const parts = clientTokenParts(this.token, this.id, this.region);
      if (parts) {
        this.mintedToken = this.token;
        this.token = parts;
      }
    }
    const snapshot: SessionSnapshot = {
      id: this.id,
      region: this.region,
      merchantId: this.merchantId,
      status: this.status,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      expiresAt: this.expiresAt,
    };
    if (typeof this.token === 'string') snapshot.clientToken = this.token;
    else snapshot.clientTokenParts = this.token;
    if (this.parsed) snapshot.data = this.parsed;
    else snapshot.dataText = this.sourceText ?? '{}';
    if (this.authorizationToken !== undefined) snapshot.authorizationToken = this.authorizationToken;
    if (this.pendingFinalize !== undefined) snapshot.pendingFinalize = this.pendingFinalize;
    return snapshot;
  }

  get data(): CompleteSessionData {
    if (!this.parsed) {
      // Unknown fields were refused or reported when the session was created.
      this.parsed = parseSessionCreate(
        JSON.parse(this.sourceText ?? '{}'),
        this.region,
        IGNORE_UNKNOWN_FIELDS,
      );
      this.sourceText = undefined;
    }
    return this.parsed;
  }

  set data(value: CompleteSessionData) {
    this.parsed = value;
    this.sourceText = undefined;
  }
}

/**
 * A session in a snapshot: its client token as a string or as the parts it is minted from, its
 * data as an object, or as the create body's text when never parsed.
 */
export interface SessionSnapshot extends Omit<SessionRecord, 'data' | 'clientToken'> {
  clientToken?: string;
  clientTokenParts?: ClientTokenParts;
  data?: CompleteSessionData;
  dataText?: string;
}

export function sessionToSnapshot(session: SessionRecord): SessionSnapshot {
  if (session instanceof StoredSession) return session.toSnapshot();
  const { data, ...rest } = session;
  return { ...rest, data };
}

/** Rebuilds a session from a snapshot entry whose fields were checked. */
export function sessionFromSnapshot(snapshot: SessionSnapshot): SessionRecord {
  const record = new StoredSession(
    snapshot.id,
    snapshot.region,
    snapshot.merchantId,
    // One of the two is there: the snapshot was checked.
    snapshot.clientTokenParts ?? (snapshot.clientToken as string),
    snapshot.createdAt,
    // Without `data` the session keeps `dataText` and parses it on first use; `data` is not read.
    snapshot.data as CompleteSessionData,
    snapshot.data ? undefined : (snapshot.dataText ?? '{}'),
  );
  record.status = snapshot.status;
  record.updatedAt = snapshot.updatedAt;
  record.expiresAt = snapshot.expiresAt;
  if (snapshot.authorizationToken !== undefined) record.authorizationToken = snapshot.authorizationToken;
  if (snapshot.pendingFinalize !== undefined) record.pendingFinalize = snapshot.pendingFinalize;
  return record;
}

/**
 * Replaces the top-level fields of `patch` (the REST update: an address sent replaces the
 * stored one) and re-validates the whole session "as a new session".
 */
export function applySessionUpdate(emulator: Emulator, session: SessionRecord, patch: SessionData): void {
  applyMerged(emulator, session, complete({ ...session.data, ...patch }));
}

/**
 * Merges data passed to the JS SDK: "the customer data you send in later calls is merged
 * with the data entered previously", so addresses and customer merge field by field.
 * Returns the offending paths instead of throwing, for the SDK's `invalid_fields`.
 */
export function mergeClientData(emulator: Emulator, session: SessionRecord, patch: SessionData): string[] {
  const merged: SessionData = { ...session.data, ...patch };
  for (const key of ['billing_address', 'shipping_address', 'customer'] as const) {
    if (patch[key] && session.data[key]) merged[key] = { ...session.data[key], ...patch[key] };
  }
  const data = complete(merged);
  const issues = sessionIssues(data, session.region);
  if (issues.length === 0) applyValidated(emulator, session, data);
  return issues;
}

function applyMerged(emulator: Emulator, session: SessionRecord, data: CompleteSessionData): void {
  const issues = sessionIssues(data, session.region);
  if (issues.length > 0) throw badValue(issues);
  applyValidated(emulator, session, data);
}

function applyValidated(emulator: Emulator, session: SessionRecord, data: CompleteSessionData): void {
  session.data = data;
  touch(emulator, session);
}

/** An update keeps the session alive for another 48 hours. */
export function touch(emulator: Emulator, session: SessionRecord): void {
  session.updatedAt = emulator.clock.now();
  session.expiresAt = session.updatedAt + SESSION_LIFETIME_MS;
}

export function isExpired(emulator: Emulator, session: SessionRecord): boolean {
  return emulator.clock.now() >= session.expiresAt;
}

/**
 * The session a merchant may see: it exists, belongs to this region and API user, and has
 * not expired. Anything else is Klarna's 404.
 */
export function findMerchantSession(
  emulator: Emulator,
  sessionId: string,
  region: Region,
  merchantId: string,
): SessionRecord {
  const session = emulator.store.sessions.get(sessionId);
  if (
    !session ||
    session.region !== region ||
    session.merchantId !== merchantId ||
    isExpired(emulator, session)
  ) {
    throw notFound('Invalid session id');
  }
  return session;
}

export function assertOpen(session: SessionRecord): void {
  if (session.status === 'complete') {
    throw new KlarnaError(404, 'SESSION_COMPLETED', ['Session is already completed']);
  }
}

/** `session_read`: the stored fields plus the read-only ones; no `session_id`, `customer_read` only. */
export function sessionView(session: SessionRecord, origin: string): Record<string, unknown> {
  const { customer, step_up_id: _stepUp, ...data } = session.data;
  const view: Record<string, unknown> = {
    ...data,
    acquiring_channel: data.acquiring_channel ?? 'ECOMMERCE',
    client_token: session.clientToken,
    expires_at: new Date(session.expiresAt).toISOString(),
    payment_method_categories: paymentMethodCategories(origin),
    status: session.status,
  };
  if (customer) {
    const {
      customer_token: _t,
      last_four_ssn: _s,
      national_identification_number: _n,
      ...customerRead
    } = customer;
    view.customer = customerRead;
  }
  if (session.authorizationToken) view.authorization_token = session.authorizationToken;
  return view;
}
