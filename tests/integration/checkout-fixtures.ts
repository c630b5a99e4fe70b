/**
 * Shared set-up for the checkout and order integration tests: a private Klarna emulator over real
 * HTTP, a small "merchant" HTTP server that forwards Klarna's callbacks to the storefront's handlers
 * (so the emulator's authorization callback and notifications arrive for real), a catalogue, carts,
 * and headless approvals through the emulator's control API.
 */
import type { CheckoutCustomer } from '@/lib/checkout/start-session';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { KlarnaConfig } from '@/lib/klarna';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { TestDatabase } from './helpers/database';
import { startMerchantServer, type MerchantServer } from './helpers/merchant-server';
import { emulatorKlarnaConfig, startPrivateEmulator } from './klarna/emulator';

/** The in-process emulator's store, read to count what Klarna really holds. */
interface EmulatorInternals {
  emulator: {
    store: {
      orders: Map<string, { orderId: string; sessionId: string; orderAmount: number; fraudStatus: string }>;
    };
    callbacks: { idle(): Promise<void> };
  };
}

export interface CheckoutHarness {
  emulatorUrl: string;
  appUrl: string;
  config: KlarnaConfig;
  prisma(): Promise<PrismaClient>;
  /** Orders the emulator (Klarna) holds for one of its session ids. */
  klarnaOrdersFor(klarnaSessionId: string): { orderId: string; orderAmount: number; fraudStatus: string }[];
  /** Waits until every callback the emulator has started has been delivered. */
  callbacksIdle(): Promise<void>;
  control(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: unknown }>;
  /** A headless approval of the Klarna session, as the shopper's Confirm would give. */
  approve(klarnaSessionId: string, email?: string): Promise<string>;
  /**
   * Approves without Klarna's callback placing the order first (the session's callback secret no
   * longer matches), so the test's own finalize is the one that places it.
   */
  approveWithoutCallback(
    paymentSession: { id: string; klarnaSessionId: string },
    email?: string,
  ): Promise<string>;
  createCart(
    country: 'SE' | 'US' | 'AU' | 'DE' | 'GB',
    items: { slug: string; quantity: number }[],
  ): Promise<string>;
  setQuantity(cartId: string, slug: string, quantity: number): Promise<void>;
  /** Answers from the merchant server, newest last: what our routes told Klarna. */
  callbackAnswers: { path: string; status: number; body: unknown }[];
}

export const PRODUCTS = [
  { slug: 'mug', name: 'Enamel Mug', prices: { SEK: 24900, EUR: 1990, GBP: 1600, USD: 1800, AUD: 2900 } },
  { slug: 'tea', name: 'Sencha Tea', prices: { SEK: 8900, EUR: 790, GBP: 650, USD: 900, AUD: 1400 } },
] as const;

const TAX: Record<string, number> = { SEK: 2500, EUR: 1900, GBP: 2000, USD: 825, AUD: 1000 };
const CURRENCY = { SE: 'SEK', DE: 'EUR', GB: 'GBP', US: 'USD', AU: 'AUD' } as const;

const ADDRESSES: Record<string, Omit<CheckoutCustomer['billing_address'], 'email'>> = {
  SE: { given_name: 'Alice', family_name: 'Test', street_address: 'Södra Blasieholmshamnen 2', postal_code: '11148', city: 'Stockholm', country: 'SE' },
  DE: { given_name: 'Mock', family_name: 'Mock', street_address: 'Neue Schönhauser Str. 2', postal_code: '10178', city: 'Berlin', country: 'DE' },
  GB: { given_name: 'Test', family_name: 'Person', street_address: '10 New Burlington Street', postal_code: 'W1S 3BE', city: 'London', country: 'GB' },
  US: { given_name: 'Test', family_name: 'Person', street_address: '509 Amsterdam Ave', postal_code: '10024', city: 'New York', region: 'NY', country: 'US' },
  AU: { given_name: 'Test', family_name: 'Person', street_address: '4 Wharf St', postal_code: '4877', city: 'Port Douglas', region: 'QLD', country: 'AU' },
}; // prettier-ignore

/** The shopper's details as the checkout form would produce them. */
export function customerFor(country: keyof typeof CURRENCY, email = 'customer@email.se'): CheckoutCustomer {
  const address = { ...ADDRESSES[country], email } as CheckoutCustomer['billing_address'];
  return { billing_address: address, shipping_address: { ...address } };
}

export function setUpCheckoutHarness(db: TestDatabase): CheckoutHarness {
  let emulator: Awaited<ReturnType<typeof startPrivateEmulator>> & Partial<EmulatorInternals>;
  let merchant: MerchantServer | undefined;
  const harness = {
    callbackAnswers: [],
    prisma: () => db.prisma(),
  } as unknown as CheckoutHarness;

  beforeAll(async () => {
    emulator = await startPrivateEmulator();
    harness.emulatorUrl = emulator.url;
    harness.config = await emulatorKlarnaConfig(emulator.url);

    merchant = await startMerchantServer(async ({ url, body }) => {
      const secret = url.searchParams.get('secret');
      try {
        const { handleAuthorizationCallback } = await import('@/lib/checkout/callbacks/authorization');
        const { handleFraudNotification } = await import('@/lib/checkout/callbacks/notification');
        const { handleHppStatusCallback } = await import('@/lib/payment-links/complete');
        const { authorizationAnswer, hppStatusAnswer, notificationAnswer } =
          await import('@/app/api/klarna/answers');
        const answer =
          url.pathname === '/api/klarna/authorization'
            ? authorizationAnswer(
                await handleAuthorizationCallback({ secret, body }, { config: harness.config }),
              )
            : url.pathname === '/api/klarna/notification'
              ? notificationAnswer(
                  await handleFraudNotification({ secret, body }, { config: harness.config }),
                )
              : url.pathname === '/api/klarna/hpp-status'
                ? hppStatusAnswer(
                    await handleHppStatusCallback({ secret, body }, { config: harness.config, mail: null }),
                  )
                : { status: 404, body: {} };
        harness.callbackAnswers.push({ path: url.pathname, status: answer.status, body: answer.body });
        return answer;
      } catch (error) {
        harness.callbackAnswers.push({
          path: `${url.pathname}${url.search}`,
          status: 500,
          body: String(error),
        });
        throw error;
      }
    });
    harness.appUrl = merchant.url;

    const prisma = await db.prisma();
    const category = await prisma.category.create({
      data: { slug: 'kitchen', name: 'Kitchen', description: 'Kitchen things', position: 1 },
    });
    for (const product of PRODUCTS) {
      await prisma.product.create({
        data: {
          slug: product.slug,
          name: product.name,
          description: product.name,
          image: `/products/${product.slug}.svg`,
          categoryId: category.id,
          prices: {
            create: Object.entries(product.prices).map(([currency, unitAmount]) => ({
              currency,
              unitAmount,
              taxRate: TAX[currency] ?? 0,
            })),
          },
        },
      });
    }
  });

  beforeEach(async () => {
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    harness.callbackAnswers.length = 0;
  });

  afterAll(async () => {
    await merchant?.close();
    await emulator?.close();
  });

  harness.klarnaOrdersFor = (klarnaSessionId) =>
    [...(emulator.emulator?.store.orders.values() ?? [])].filter(
      (order) => order.sessionId === klarnaSessionId,
    );
  harness.callbacksIdle = async () => {
    await emulator.emulator?.callbacks.idle();
  };
  harness.control = async (path, init = {}) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: init.body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
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
  harness.approveWithoutCallback = async (paymentSession, email) => {
    await (
      await db.prisma()
    ).paymentSession.update({ where: { id: paymentSession.id }, data: { callbackSecret: 'rotated' } });
    const token = await harness.approve(paymentSession.klarnaSessionId, email);
    await harness.callbacksIdle();
    return token;
  };
  harness.createCart = async (country, items) => {
    const prisma = await db.prisma();
    const products = await prisma.product.findMany({
      where: { slug: { in: items.map((item) => item.slug) } },
    });
    const cart = await prisma.cart.create({
      data: { token: randomUUID(), country, currency: CURRENCY[country] },
    });
    for (const item of items) {
      const product = products.find((candidate) => candidate.slug === item.slug);
      if (!product) throw new Error(`no product ${item.slug}`);
      await prisma.cartItem.create({
        data: { cartId: cart.id, productId: product.id, quantity: item.quantity },
      });
    }
    return cart.id;
  };
  harness.setQuantity = async (cartId, slug, quantity) => {
    const prisma = await db.prisma();
    const product = await prisma.product.findUniqueOrThrow({ where: { slug } });
    await prisma.cartItem.upsert({
      where: { cartId_productId: { cartId, productId: product.id } },
      create: { cartId, productId: product.id, quantity },
      update: { quantity },
    });
  };
  return harness;
}
