/**
 * The migration that made addresses, Klarna payloads and recorded lines JSON columns and region the
 * KlarnaRegion enum keeps existing rows: rows written by the previous schema (JSON text, region
 * strings) come back through the app's Prisma client as objects and enum values that the data
 * layer's zod schemas accept, and the order-status counts still follow new orders.
 * Replayed from the run's provider's migration files (SQLite by default, PostgreSQL under .ci/run)
 * on a scratch database of its own.
 */
import {
  readAddress,
  readCheckoutCustomer,
  readLinesPayload,
  readRecordedLines,
  readShippingInfo,
} from '@/lib/data/json-columns';
import { createClient } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { isPostgresUrl, withDatabase } from './helpers/database-url';

const MIGRATION = 'json_columns_and_klarna_region';
const template = inject('templateDatabase');
const provider = isPostgresUrl(template) ? 'postgres' : 'sqlite';
const migrations = path.resolve(import.meta.dirname, '../../prisma', provider, 'migrations');

interface ScratchDatabase {
  url: string;
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

/** An empty database beside the run's template, written to with plain SQL as a migration would. */
async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `json_migration_${randomUUID().replaceAll('-', '')}`;
  if (provider === 'sqlite') {
    const file = path.join(path.dirname(template), `${name}.db`);
    const db = new Database(file);
    return {
      url: `file:${file}`,
      exec: (sql) => Promise.resolve(void db.exec(sql)),
      drop: () => {
        db.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
        return Promise.resolve();
      },
    };
  }
  const maintenance = new pg.Client({ connectionString: withDatabase(template, 'postgres') });
  await maintenance.connect();
  await maintenance.query(`CREATE DATABASE "${name}"`);
  const url = withDatabase(template, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    url,
    // No parameters: pg sends the simple-query protocol, which runs a whole migration file.
    exec: async (sql) => void (await client.query(sql)),
    drop: async () => {
      await client.end();
      await maintenance.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await maintenance.end();
    },
  };
}

/** The migrations before the one under test, it, and the later ones (which must keep its rows too). */
function migrationFolders(): { before: string[]; target: string; after: string[] } {
  const folders = readdirSync(migrations, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const index = folders.findIndex((folder) => folder.endsWith(`_${MIGRATION}`));
  if (index <= 0) throw new Error(`no migration named ${MIGRATION} in ${migrations}`);
  return { before: folders.slice(0, index), target: folders[index] ?? '', after: folders.slice(index + 1) };
}

const migrationSql = (folder: string) => readFileSync(path.join(migrations, folder, 'migration.sql'), 'utf8');

const AT = `'2026-12-01T10:00:00.000+00:00'`;
const billing = {
  given_name: 'Ada',
  family_name: 'Lovelace',
  email: 'ada@example.com',
  street_address: 'Drottninggatan 1',
  postal_code: '111 51',
  city: 'Stockholm',
  phone: '+46701234567',
  country: 'SE',
};
const shipping = { ...billing, street_address: 'Kungsgatan 2', street_address2: 'c/o Byron' };
const linesPayload = {
  order_lines: [
    {
      type: 'physical',
      reference: 'oak-board',
      name: 'Oak board',
      quantity: 2,
      unit_price: 44900,
      tax_rate: 2500,
      total_amount: 89800,
      total_discount_amount: 0,
      total_tax_amount: 17960,
    },
    {
      type: 'digital',
      reference: 'coffee-club',
      name: 'Coffee club',
      quantity: 1,
      unit_price: 0,
      tax_rate: 2500,
      total_amount: 0,
      total_discount_amount: 0,
      total_tax_amount: 0,
      subscription: { name: 'Coffee club', interval: 'MONTH', interval_count: 1 },
    },
  ],
  order_amount: 89800,
  order_tax_amount: 17960,
};
const capturedLines = [
  { position: 0, reference: 'oak-board', name: 'Oak board', quantity: 2, totalAmount: 89800 },
];
const refundedLines = [{ position: null, reference: '', name: 'Goodwill', quantity: 1, totalAmount: 5000 }];
const shippingInfo = { shippingCompany: 'PostNord', trackingNumber: 'PN123' };

/** SQL string literal of a value as the previous schema stored it: JSON text. */
const json = (value: unknown) => `'${JSON.stringify(value).replaceAll("'", "''")}'`;

/** Rows as the previous schema wrote them (JSON as text, region as a plain string). */
const previousRows = `
INSERT INTO "User" ("id", "email", "passwordHash") VALUES ('user', 'ada@example.com', 'x');
INSERT INTO "Category" ("id", "slug", "name", "description", "position") VALUES ('cat', 'coffee', 'Coffee', '', 1);
INSERT INTO "Product" ("id", "slug", "name", "description", "image", "categoryId", "kind", "interval", "updatedAt")
  VALUES ('club', 'coffee-club', 'Coffee club', '', '/products/club.svg', 'cat', 'SUBSCRIPTION', 'MONTH', ${AT});
INSERT INTO "Cart" ("id", "token", "userId", "country", "currency", "status", "updatedAt")
  VALUES ('cart', 'cart-token', 'user', 'SE', 'SEK', 'ORDERED', ${AT});
INSERT INTO "PaymentSession" ("id", "cartId", "klarnaSessionId", "region", "intent", "purchaseCountry", "currency",
    "locale", "linesPayload", "orderAmount", "taxAmount", "clientToken", "callbackSecret", "customer", "expiresAt", "updatedAt")
  VALUES ('session', 'cart', 'klarna-session', 'na', 'buy_and_tokenize', 'SE', 'SEK', 'sv-SE', ${json(linesPayload)},
    89800, 17960, 'client-token', 'secret', ${json({ billing_address: billing, shipping_address: shipping })}, ${AT}, ${AT});
INSERT INTO "Order" ("id", "number", "accessKey", "cartId", "paymentSessionId", "userId", "email", "region", "country",
    "currency", "locale", "status", "orderAmount", "taxAmount", "capturedAmount", "refundedAmount", "billingAddress",
    "shippingAddress", "updatedAt")
  VALUES ('order', 'K7QF-3XWD-M2', 'key', 'cart', 'session', 'user', 'ada@example.com', 'eu', 'SE', 'SEK', 'sv-SE',
    'CAPTURED', 89800, 17960, 89800, 5000, ${json(billing)}, ${json(shipping)}, ${AT});
INSERT INTO "Capture" ("id", "orderId", "klarnaCaptureId", "amount", "currency", "lines", "shippingInfo", "actor", "capturedAt")
  VALUES ('capture', 'order', 'klarna-capture', 89800, 'SEK', ${json(capturedLines)}, ${json(shippingInfo)}, 'staff@example.com', ${AT});
INSERT INTO "Capture" ("id", "orderId", "klarnaCaptureId", "amount", "currency", "lines", "shippingInfo", "actor", "capturedAt")
  VALUES ('capture-no-lines', 'order', 'klarna-capture-2', 0, 'SEK', '[]', NULL, 'klarna', ${AT});
INSERT INTO "Refund" ("id", "orderId", "klarnaRefundId", "amount", "currency", "lines", "description", "actor", "refundedAt")
  VALUES ('refund', 'order', 'klarna-refund', 5000, 'SEK', ${json(refundedLines)}, 'Goodwill', 'staff@example.com', ${AT});
INSERT INTO "CustomerToken" ("id", "userId", "cartId", "paymentSessionId", "authorizationToken", "originOrderId",
    "klarnaTokenId", "status", "region", "country", "currency", "locale", "billingAddress", "shippingAddress", "updatedAt")
  VALUES ('token', 'user', 'cart', 'session', 'auth-token', 'order', 'klarna-token', 'ACTIVE', 'oc', 'SE', 'SEK',
    'sv-SE', ${json(billing)}, ${json(shipping)}, ${AT});
INSERT INTO "Subscription" ("id", "userId", "customerTokenId", "productId", "reference", "name", "interval", "quantity",
    "unitAmount", "taxRate", "currency", "country", "locale", "region", "status", "anchorAt", "nextPeriod",
    "nextChargeAt", "updatedAt")
  VALUES ('subscription', 'user', 'token', 'club', 'coffee-club', 'Coffee club', 'MONTH', 1, 14900, 2500, 'SEK', 'SE',
    'sv-SE', 'oc', 'ACTIVE', ${AT}, 2, ${AT}, ${AT});
`;

describe(`migration ${MIGRATION}`, () => {
  let scratch: ScratchDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const { before, target, after } = migrationFolders();
    for (const folder of before) await scratch.exec(migrationSql(folder));
    await scratch.exec(previousRows);
    await scratch.exec(migrationSql(target));
    // Up to the latest migration, so that today's client (and schema) reads the rows.
    for (const folder of after) await scratch.exec(migrationSql(folder));
    prisma = createClient(scratch.url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await scratch?.drop();
  });

  test('orders keep their addresses as objects and their region as the enum', async () => {
    const order = await prisma.order.findUniqueOrThrow({
      where: { id: 'order' },
      include: { captures: { orderBy: { id: 'asc' } }, refunds: true },
    });

    expect(order.region).toBe('eu');
    expect(readAddress(order.billingAddress)).toEqual(billing);
    expect(readAddress(order.shippingAddress)).toEqual(shipping);
    expect(order.captures.map((capture) => readRecordedLines(capture.lines))).toEqual([capturedLines, []]);
    expect(order.captures.map((capture) => readShippingInfo(capture.shippingInfo))).toEqual([
      shippingInfo,
      null,
    ]);
    expect(readRecordedLines(order.refunds[0]?.lines)).toEqual(refundedLines);
  });

  test('payment sessions keep the exact lines payload and checkout form sent to Klarna', async () => {
    const session = await prisma.paymentSession.findUniqueOrThrow({ where: { id: 'session' } });

    expect(session.region).toBe('na');
    expect(readLinesPayload(session.linesPayload)).toEqual(linesPayload);
    expect(readCheckoutCustomer(session.customer)).toEqual({
      billing_address: billing,
      shipping_address: shipping,
    });
  });

  test('customer tokens and subscriptions keep their region and addresses', async () => {
    const token = await prisma.customerToken.findUniqueOrThrow({
      where: { id: 'token' },
      include: { subscriptions: true },
    });

    expect(token.region).toBe('oc');
    expect(readAddress(token.billingAddress)).toEqual(billing);
    expect(readAddress(token.shippingAddress)).toEqual(shipping);
    expect(token.subscriptions.map((subscription) => subscription.region)).toEqual(['oc']);
  });

  test('the order-status counts still follow orders written after the migration', async () => {
    const countOf = async (status: string) =>
      (await prisma.orderStatusCount.findUnique({ where: { status } }))?.count ?? 0;
    expect(await countOf('CAPTURED')).toBe(1);

    await prisma.order.create({
      data: {
        number: 'K7QF-3XWD-M3',
        accessKey: 'key-2',
        email: 'ada@example.com',
        region: 'eu',
        country: 'SE',
        currency: 'SEK',
        locale: 'sv-SE',
        status: 'CAPTURED',
        orderAmount: 100,
        taxAmount: 20,
        billingAddress: billing,
        shippingAddress: shipping,
      },
    });
    await prisma.order.update({ where: { id: 'order' }, data: { status: 'CLOSED' } });

    expect(await countOf('CAPTURED')).toBe(1);
    expect(await countOf('CLOSED')).toBe(1);
  });
});
