/**
 * Set-up for the subscription tests: a private Klarna emulator over real HTTP (its store read to
 * count what Klarna really holds: tokens, orders), a "merchant" server that forwards Klarna's
 * authorization callback to the storefront's handler, a catalogue with one-time products and the
 * two subscription plans, shoppers, carts, and complete checkouts through the storefront's own
 * use-cases with headless approvals.
 */
import type { FinalizeResult } from '@/lib/checkout/outcomes';
import type { CheckoutCustomer } from '@/lib/checkout/start-session';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { KlarnaConfig } from '@/lib/klarna';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { TestDatabase } from './helpers/database';
import { startMerchantServer, type MerchantServer } from './helpers/merchant-server';
import { emulatorKlarnaConfig, startPrivateEmulator } from './klarna/emulator';

/** What the in-process emulator holds (white-box: "what Klarna really has"). */
interface EmulatorStore {
  customerTokens: Map<string, { tokenId: string; status: string; region: string; sessionId: string }>;
  orders: Map<
    string,
    {
      orderId: string;
      sessionId: string;
      orderAmount: number;
      customerTokenId?: string;
      merchantReference1?: string;
    }
  >;
}

export type Country = 'SE' | 'US' | 'DE';

const CURRENCY = { SE: 'SEK', US: 'USD', DE: 'EUR' } as const;

const ADDRESSES: Record<Country, Omit<CheckoutCustomer['billing_address'], 'email'>> = {
  SE: { given_name: 'Alice', family_name: 'Test', street_address: 'Södra Blasieholmshamnen 2', postal_code: '11148', city: 'Stockholm', country: 'SE' },
  US: { given_name: 'Test', family_name: 'Person', street_address: '509 Amsterdam Ave', postal_code: '10024', city: 'New York', region: 'NY', country: 'US' },
  DE: { given_name: 'Mock', family_name: 'Mock', street_address: 'Neue Schönhauser Str. 2', postal_code: '10178', city: 'Berlin', country: 'DE' },
}; // prettier-ignore

export function customerFor(country: Country, email = 'customer@email.se'): CheckoutCustomer {
  const address: CheckoutCustomer['billing_address'] = { ...ADDRESSES[country], email };
  return { billing_address: address, shipping_address: { ...address } };
}

/** The seeded plans' slugs: the monthly club starts with a free trial, the yearly one is paid upfront. */
export const CATALOG = [
  { slug: 'mug', name: 'Enamel Mug', kind: 'ONE_TIME', interval: null, prices: { SEK: 24900, USD: 1800, EUR: 1990 }, tax: { SEK: 2500, USD: 825, EUR: 1900 } },
  { slug: 'coffee-club-monthly', name: 'Coffee Club, monthly', kind: 'SUBSCRIPTION', interval: 'MONTH', prices: { SEK: 19900, USD: 2000, EUR: 1900 }, tax: { SEK: 1200, USD: 825, EUR: 700 } },
  { slug: 'coffee-club-yearly', name: 'Coffee Club, yearly', kind: 'SUBSCRIPTION', interval: 'YEAR', prices: { SEK: 199000, USD: 20000, EUR: 19000 }, tax: { SEK: 1200, USD: 825, EUR: 700 } },
] as const; // prettier-ignore

export type Slug = (typeof CATALOG)[number]['slug'];

export interface CheckoutRun {
  cartId: string;
  paymentSessionId: string;
  klarnaSessionId: string;
  intent: string;
  authorizationToken: string;
  result: FinalizeResult;
}

export interface SubscriptionHarness {
  emulatorUrl: string;
  /** Merchant URLs under this base forward Klarna's authorization callback to the storefront. */
  forwardingAppUrl: string;
  /** Merchant URLs under this base swallow callbacks, so only the test finalizes. */
  quietAppUrl: string;
  config: KlarnaConfig;
  prisma(): Promise<PrismaClient>;
  /** Customer tokens Klarna holds that were created from one of its sessions. */
  klarnaTokensFor(klarnaSessionId: string): { tokenId: string; status: string; region: string }[];
  /** Orders Klarna holds that a customer token paid for. */
  klarnaTokenOrders(tokenId: string): { orderId: string; orderAmount: number; merchantReference1?: string }[];
  klarnaOrdersForSession(klarnaSessionId: string): { orderId: string; orderAmount: number }[];
  control(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: unknown }>;
  advanceClock(ms: number): Promise<void>;
  emulatorNow(): Promise<Date>;
  addFault(rule: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  approve(klarnaSessionId: string, email?: string): Promise<string>;
  createUser(): Promise<{ id: string; email: string }>;
  createCart(
    country: Country,
    items: { slug: Slug; quantity?: number }[],
    userId: string | null,
  ): Promise<string>;
  /** Opens the session, approves it headlessly and finalizes it as the shopper's browser would. */
  checkout(
    country: Country,
    items: { slug: Slug; quantity?: number }[],
    options?: {
      userId?: string | null;
      email?: string;
      finalize?: boolean;
      callbacks?: 'forward' | 'ignore';
    },
  ): Promise<CheckoutRun>;
  callbacksIdle(): Promise<void>;
}

export function setUpSubscriptionHarness(db: TestDatabase): SubscriptionHarness {
  let running: Awaited<ReturnType<typeof startPrivateEmulator>> & {
    emulator?: { store: EmulatorStore; callbacks: { idle(): Promise<void> } };
  };
  let merchant: MerchantServer | undefined;
  const harness = { prisma: () => db.prisma() } as unknown as SubscriptionHarness;

  beforeAll(async () => {
    running = await startPrivateEmulator();
    harness.emulatorUrl = running.url;
    harness.config = await emulatorKlarnaConfig(running.url, { baseDelayMs: 10, maxDelayMs: 50 });

    merchant = await startMerchantServer(async ({ url, body }) => {
      if (url.pathname !== '/forward/api/klarna/authorization') return { status: 204, body: {} };
      const { handleAuthorizationCallback } = await import('@/lib/checkout/callbacks/authorization');
      const { authorizationAnswer } = await import('@/app/api/klarna/answers');
      return authorizationAnswer(
        await handleAuthorizationCallback(
          { secret: url.searchParams.get('secret'), body },
          { config: harness.config },
        ),
      );
    });
    const base = merchant.url;
    harness.forwardingAppUrl = `${base}/forward`;
    harness.quietAppUrl = `${base}/quiet`;

    const prisma = await db.prisma();
    const category = await prisma.category.create({
      data: { slug: 'coffee', name: 'Coffee', description: 'Coffee things', position: 1 },
    });
    for (const product of CATALOG) {
      await prisma.product.create({
        data: {
          slug: product.slug,
          name: product.name,
          description: product.name,
          image: `/products/${product.slug}.svg`,
          categoryId: category.id,
          kind: product.kind,
          interval: product.interval,
          prices: {
            create: Object.entries(product.prices).map(([currency, unitAmount]) => ({
              currency,
              unitAmount,
              taxRate: product.tax[currency as keyof typeof product.tax],
            })),
          },
        },
      });
    }
  });

  beforeEach(async () => {
    await fetch(`${running.url}/_emulator/reset`, { method: 'POST' });
    // Klarna forgot every token: earlier tests' subscriptions end with it, so each test's renewal
    // runs see only its own.
    const prisma = await db.prisma();
    await prisma.subscription.updateMany({ data: { status: 'CANCELLED', nextAttemptAt: null } });
    await prisma.customerToken.updateMany({ data: { status: 'CANCELLED' } });
  });

  afterAll(async () => {
    await merchant?.close();
    await running?.close();
  });

  const store = (): EmulatorStore => {
    if (!running.emulator) throw new Error('the in-process emulator exposes no store');
    return running.emulator.store;
  };
  harness.klarnaTokensFor = (sessionId) =>
    [...store().customerTokens.values()].filter((token) => token.sessionId === sessionId);
  harness.klarnaTokenOrders = (tokenId) =>
    [...store().orders.values()].filter((order) => order.customerTokenId === tokenId);
  harness.klarnaOrdersForSession = (sessionId) =>
    [...store().orders.values()].filter((order) => order.sessionId === sessionId && !order.customerTokenId);
  harness.callbacksIdle = async () => {
    await running.emulator?.callbacks.idle();
  };
  harness.control = async (path, init = {}) => {
    const response = await fetch(`${running.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: init.body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  harness.advanceClock = async (ms) => {
    const { status } = await harness.control('/_emulator/clock', { body: { advance_ms: ms } });
    if (status !== 200) throw new Error(`clock advance failed: ${status}`);
  };
  harness.emulatorNow = async () => {
    const { body } = await harness.control('/_emulator/clock');
    return new Date((body as { now: string }).now);
  };
  harness.addFault = async (rule) => {
    const { status, body } = await harness.control('/_emulator/faults', { method: 'PUT', body: rule });
    if (status !== 201) throw new Error(`fault refused: ${status} ${JSON.stringify(body)}`);
  };
  harness.clearFaults = async () => {
    await harness.control('/_emulator/faults', { method: 'DELETE' });
  };
  harness.approve = async (klarnaSessionId, email) => {
    const { status, body } = await harness.control(`/_emulator/sessions/${klarnaSessionId}/authorize`, {
      body: email ? { email } : {},
    });
    const result = body as { approved?: boolean; authorization_token?: string };
    if (status !== 200 || !result.approved || !result.authorization_token) {
      throw new Error(`headless approval failed: ${status} ${JSON.stringify(body)}`);
    }
    return result.authorization_token;
  };
  harness.createUser = async () => {
    const prisma = await db.prisma();
    const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
    const user = await prisma.user.create({ data: { email, passwordHash: 'not-used-here', name: 'Sam' } });
    return { id: user.id, email };
  };
  harness.createCart = async (country, items, userId) => {
    const prisma = await db.prisma();
    const cart = await prisma.cart.create({
      data: { token: randomUUID(), country, currency: CURRENCY[country], userId },
    });
    for (const item of items) {
      const product = await prisma.product.findUniqueOrThrow({ where: { slug: item.slug } });
      await prisma.cartItem.create({
        data: { cartId: cart.id, productId: product.id, quantity: item.quantity ?? 1 },
      });
    }
    return cart.id;
  };
  harness.checkout = async (country, items, options = {}) => {
    const userId = options.userId === undefined ? (await harness.createUser()).id : options.userId;
    const cartId = await harness.createCart(country, items, userId);
    const { startCheckoutSession } = await import('@/lib/checkout/start-session');
    const started = await startCheckoutSession(
      { cartId, customer: customerFor(country, options.email) },
      {
        config: harness.config,
        appUrl: options.callbacks === 'forward' ? harness.forwardingAppUrl : harness.quietAppUrl,
      },
    );
    if (!started.ok) throw new Error(`checkout session failed: ${started.message}`);
    const session = started.paymentSession;
    const authorizationToken = await harness.approve(session.klarnaSessionId, options.email);
    const run = {
      cartId,
      paymentSessionId: session.id,
      klarnaSessionId: session.klarnaSessionId,
      intent: session.intent,
      authorizationToken,
    };
    if (options.finalize === false)
      return { ...run, result: { ok: false, reason: 'in_progress', message: '' } };
    const { finalizeOrder } = await import('@/lib/checkout/place-order');
    const result = await finalizeOrder(
      { paymentSessionId: session.id, authorizationToken, actor: 'shopper' },
      { config: harness.config },
    );
    return { ...run, result };
  };
  return harness;
}
