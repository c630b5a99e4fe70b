/**
 * Places orders for the admin browser tests through the storefront's real checkout path, against
 * the e2e emulator and database: a cart in the DB → startCheckoutSession (Klarna session) →
 * headless approval on the emulator's control API → finalizeOrder. Prints the orders as JSON.
 *
 *   node --import tsx --conditions=react-server e2e/admin-place-orders.ts '[{"items":[{"slug":"…","quantity":1}]}]'
 *
 * Run by e2e/admin-fixtures.ts with the e2e environment (DATABASE_URL, KLARNA_*, APP_URL).
 */
import { finalizeOrder } from '@/lib/checkout/place-order';
import { startCheckoutSession } from '@/lib/checkout/start-session';
import { prisma } from '@/lib/db';
import { env } from '@/lib/env';
import { randomUUID } from 'node:crypto';

interface OrderSpec {
  items: { slug: string; quantity: number }[];
  email?: string;
}

const EMULATOR_URL = new URL(env.KLARNA_EU_BASE_URL).origin;

async function placeOne(spec: OrderSpec) {
  const email = spec.email ?? `admin-e2e-${randomUUID().slice(0, 8)}@example.com`;
  const products = await prisma.product.findMany({
    where: { slug: { in: spec.items.map((item) => item.slug) } },
    select: { id: true, slug: true },
  });
  const cart = await prisma.cart.create({ data: { token: randomUUID(), country: 'SE', currency: 'SEK' } });
  for (const item of spec.items) {
    const product = products.find((candidate) => candidate.slug === item.slug);
    if (!product) throw new Error(`No product ${item.slug} in the e2e catalogue`);
    await prisma.cartItem.create({
      data: { cartId: cart.id, productId: product.id, quantity: item.quantity },
    });
  }
  const address = {
    given_name: 'Alice',
    family_name: 'Andersson',
    email,
    street_address: 'Södra Blasieholmshamnen 2',
    postal_code: '11148',
    city: 'Stockholm',
    country: 'SE',
  };
  const started = await startCheckoutSession({
    cartId: cart.id,
    customer: { billing_address: address, shipping_address: { ...address } },
  });
  if (!started.ok) throw new Error(`Checkout session: ${started.message}`);

  const approval = await fetch(
    `${EMULATOR_URL}/_emulator/sessions/${started.paymentSession.klarnaSessionId}/authorize`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) },
  );
  const approved = (await approval.json()) as { approved?: boolean; authorization_token?: string };
  if (!approved.approved || !approved.authorization_token)
    throw new Error(`Approval: ${JSON.stringify(approved)}`);

  const placed = await finalizeOrder({
    paymentSessionId: started.paymentSession.id,
    authorizationToken: approved.authorization_token,
    actor: 'shopper',
  });
  if (!placed.ok || placed.outcome !== 'placed') throw new Error(`Place order: ${JSON.stringify(placed)}`);
  const order = await prisma.order.findUniqueOrThrow({
    where: { id: placed.orderId },
    select: {
      id: true,
      number: true,
      email: true,
      klarnaOrderId: true,
      orderAmount: true,
      lines: {
        orderBy: { position: 'asc' },
        select: { position: true, name: true, quantity: true, totalAmount: true },
      },
    },
  });
  return order;
}

const specs = JSON.parse(process.argv[2] ?? '[]') as OrderSpec[];
const orders = [];
for (const spec of specs) orders.push(await placeOne(spec));
await prisma.$disconnect();
process.stdout.write(`${JSON.stringify(orders)}\n`);
