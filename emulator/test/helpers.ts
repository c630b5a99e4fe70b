import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SdkResult } from '../src/authorize.js';
import type { KlarnaErrorBody } from '../src/errors.js';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../src/index.js';
import type { CallbackLogEntry, CustomerTokenRecord, OrderRecord, RequestLogEntry } from '../src/store.js';
import type { PaymentMethodCategory, Region, SessionData } from '../src/types.js';

/** A private emulator on a random loopback port, ignoring the developer's environment. */
export function startTestEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, env: {}, ...options });
}

/** A JSON answer typed as the success shape; on a 4xx the error body's fields are there instead. */
export type Answer<T> = T & Partial<KlarnaErrorBody>;

/**
 * What `request()` answers when no type is given. The Order Management suites read many
 * endpoint shapes through it; the Payments suites use the typed helpers below.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = any;

export interface ApiResponse<T = Untyped> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface SessionCreated {
  session_id: string;
  client_token: string;
  payment_method_categories: PaymentMethodCategory[];
}

export type SessionView = SessionData & {
  status: 'complete' | 'incomplete';
  expires_at: string;
  client_token: string;
  authorization_token?: string;
  payment_method_categories: PaymentMethodCategory[];
  session_id?: string;
};

export interface OrderCreated {
  order_id: string;
  fraud_status: string;
  redirect_url?: string;
  authorized_payment_method: { type: string };
}

export interface TokenCreated {
  token_id: string;
  billing_address?: Record<string, string>;
  customer: Record<string, string>;
  payment_method_reference: string;
  redirect_url?: string;
}

/** Stored records as the control API shows them: epoch times become ISO strings. */
type WithIsoTimes<T> = { [K in keyof T]: K extends `${string}At` ? string : T[K] };
export type StoredOrder = WithIsoTimes<OrderRecord>;
export type StoredCustomerToken = WithIsoTimes<CustomerTokenRecord>;

export interface ClockView {
  now: string;
  offset_ms: number;
  pending_timers: number;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** `false` sends no Authorization header; a pair overrides the region's credentials. */
  auth?: false | { username: string; password: string };
}

/** Talks to one region of the emulator over real HTTP, with that region's credentials. */
export class KlarnaApi {
  constructor(
    readonly emulator: RunningEmulator,
    readonly region: Region = 'eu',
  ) {}

  async request<T = Untyped>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = path.startsWith('/_emulator') || path.startsWith('/kp') ? path : `/${this.region}${path}`;
    return rawRequest<T>(this.emulator, method, url, {
      ...options,
      auth: options.auth === undefined ? this.emulator.credentials[this.region] : options.auth,
    });
  }

  createSession(body: unknown = seCart()) {
    return this.request<Answer<SessionCreated>>('POST', '/payments/v1/sessions', { body });
  }

  readSession(sessionId: string) {
    return this.request<Answer<SessionView>>('GET', `/payments/v1/sessions/${sessionId}`);
  }

  updateSession(sessionId: string, body: unknown) {
    return this.request('POST', `/payments/v1/sessions/${sessionId}`, { body });
  }

  placeOrder(token: string, body: unknown) {
    return this.request<Answer<OrderCreated>>('POST', `/payments/v1/authorizations/${token}/order`, { body });
  }

  createCustomerToken(token: string, body: unknown) {
    return this.request<Answer<TokenCreated>>('POST', `/payments/v1/authorizations/${token}/customer-token`, {
      body,
    });
  }

  cancelAuthorization(token: string) {
    return this.request('DELETE', `/payments/v1/authorizations/${token}`);
  }

  /** The control API's headless approval. */
  approve(sessionId: string, body: Record<string, unknown> = { email: 'customer@email.se' }) {
    return this.request<Answer<SdkResult>>('POST', `/_emulator/sessions/${sessionId}/authorize`, { body });
  }

  advanceClock(advance: string) {
    return this.request<Answer<ClockView>>('POST', '/_emulator/clock', { body: { advance } });
  }

  clock(body?: Record<string, unknown>) {
    return this.request<Answer<ClockView>>(body ? 'POST' : 'GET', '/_emulator/clock', body ? { body } : {});
  }

  async storedOrder(orderId: string): Promise<StoredOrder> {
    return (await this.request<StoredOrder>('GET', `/_emulator/orders/${orderId}`)).json;
  }

  async storedCustomerToken(tokenId: string): Promise<StoredCustomerToken> {
    return (await this.request<StoredCustomerToken>('GET', `/_emulator/customer-tokens/${tokenId}`)).json;
  }

  async callbackLog(): Promise<CallbackLogEntry[]> {
    return (await this.request<{ callbacks: CallbackLogEntry[] }>('GET', '/_emulator/callbacks')).json
      .callbacks;
  }

  async requestLog(limit?: number): Promise<RequestLogEntry[]> {
    const query = limit === undefined ? '' : `?limit=${limit}`;
    return (await this.request<{ requests: RequestLogEntry[] }>('GET', `/_emulator/requests${query}`)).json
      .requests;
  }

  /** Creates a session for `cart` and approves it headlessly; returns both ids. */
  async authorizedSession(cart: Record<string, unknown> = seCart(), email = 'customer@email.se') {
    const created = await this.createSession(cart);
    const sessionId = created.json.session_id;
    if (!sessionId) throw new Error(`create session failed: ${created.text}`);
    const approved = await this.approve(sessionId, { email });
    if (!approved.json.authorization_token) throw new Error(`approval failed: ${approved.text}`);
    return { sessionId, token: approved.json.authorization_token };
  }
}

export async function rawRequest<T = Untyped>(
  emulator: RunningEmulator,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth) {
    headers.authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
  }
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

/** A Swedish cart: 2 × 100.00 SEK shirts at 25 % VAT plus 49.00 SEK shipping at 25 %. */
export function seCart(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purchase_country: 'SE',
    purchase_currency: 'SEK',
    locale: 'sv-SE',
    order_amount: 24900,
    order_tax_amount: 4980,
    order_lines: [
      {
        type: 'physical',
        reference: 'SHIRT-1',
        name: 'Shirt',
        quantity: 2,
        unit_price: 10000,
        tax_rate: 2500,
        total_amount: 20000,
        total_discount_amount: 0,
        total_tax_amount: 4000,
      },
      {
        type: 'shipping_fee',
        name: 'Shipping',
        quantity: 1,
        unit_price: 4900,
        tax_rate: 2500,
        total_amount: 4900,
        total_tax_amount: 980,
      },
    ],
    ...overrides,
  };
}

/** What place order must repeat from the authorized session. */
export function orderBodyFrom(cart: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const {
    purchase_country,
    purchase_currency,
    locale,
    order_amount,
    order_tax_amount,
    order_lines,
    billing_address,
  } = cart;
  return {
    purchase_country,
    purchase_currency,
    locale,
    order_amount,
    order_tax_amount,
    order_lines,
    ...(billing_address ? { billing_address } : {}),
    ...extra,
  };
}

export function seBillingAddress(email = 'customer@email.se'): Record<string, string> {
  return {
    given_name: 'Alice',
    family_name: 'Test',
    email,
    street_address: 'Södra Blasieholmshamnen 2',
    postal_code: '11148',
    city: 'Stockholm',
    country: 'SE',
  };
}

/** A valid Swedish address other than the billing address, for customer-details updates. */
export function seShippingAddress(): Record<string, string> {
  return {
    given_name: 'Alice',
    family_name: 'Test',
    street_address: 'Drottninggatan 1',
    postal_code: '11151',
    city: 'Stockholm',
    country: 'SE',
  };
}

/** A US cart in Klarna's US tax style: no tax rates on lines, tax as a `sales_tax` line. */
export function usCart(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purchase_country: 'US',
    purchase_currency: 'USD',
    locale: 'en-US',
    order_amount: 21000,
    order_tax_amount: 1000,
    order_lines: [
      { type: 'physical', name: 'Jacket', quantity: 1, unit_price: 20000, total_amount: 20000 },
      { type: 'sales_tax', name: 'Sales Tax', quantity: 1, unit_price: 1000, total_amount: 1000 },
    ],
    ...overrides,
  };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/**
 * A merchant endpoint on loopback that records what it receives. `statusFor(n)` picks the
 * status of the n-th request (1-based); `delayMs` holds each answer back; with `gate`, no
 * answer leaves before the gate opens.
 */
export async function startReceiver(
  statusFor: (attempt: number) => number = () => 200,
  delayMs = 0,
  gate: Promise<void> = Promise.resolve(),
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      });
      const status = statusFor(requests.length);
      for (const wake of waiters.splice(0)) wake();
      void gate.then(() =>
        setTimeout(() => {
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.end('ok');
        }, delayMs),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    requests,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`expected ${count} requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
