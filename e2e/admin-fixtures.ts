import type { APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  E2E_DATABASE_URL,
  EMULATOR_PORT,
  EMULATOR_URL,
  isPostgresUrl,
  sqlitePath,
  STOREFRONT_URL,
} from './environment';
import { test as base, expect } from './fixtures';
import { adminOrderPage, adminOrdersList } from './pages/admin';

/** An order placed through the real checkout, as the admin tests need it. */
export interface PlacedOrder {
  id: string;
  number: string;
  email: string;
  klarnaOrderId: string;
  orderAmount: number;
  lines: { position: number; name: string; quantity: number; totalAmount: number }[];
}

export interface KlarnaOrder {
  status: string;
  order_amount: number;
  captured_amount: number;
  refunded_amount: number;
  remaining_authorized_amount: number;
  expires_at: string;
  captures: {
    capture_id: string;
    captured_amount: number;
    order_lines: { name: string; quantity: number }[];
  }[];
  refunds: { refund_id: string; refunded_amount: number; description?: string }[];
}

const root = path.resolve(import.meta.dirname, '..');

type OrderItems = { slug: string; quantity: number }[];

/** Places an order with the storefront's own checkout code in a child process (see admin-place-orders.ts). */
function placeOrder(items: OrderItems): PlacedOrder {
  const output = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=react-server',
      path.join(root, 'e2e/admin-place-orders.ts'),
      JSON.stringify([{ items }]),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: E2E_DATABASE_URL,
        APP_URL: STOREFRONT_URL,
        KLARNA_EMULATOR_PORT: String(EMULATOR_PORT),
        KLARNA_EU_BASE_URL: `${EMULATOR_URL}/eu`,
        KLARNA_NA_BASE_URL: `${EMULATOR_URL}/na`,
        KLARNA_OC_BASE_URL: `${EMULATOR_URL}/oc`,
      },
    },
  );
  const [order] = JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as PlacedOrder[];
  if (!order) throw new Error('no order placed');
  return order;
}

/** Klarna as a merchant sees it (Order Management over HTTP) plus the emulator's fault control. */
function klarnaClient(request: APIRequestContext) {
  const auth = `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}`;
  const faultIds: string[] = [];
  return {
    async order(klarnaOrderId: string): Promise<KlarnaOrder> {
      const response = await request.get(`${EMULATOR_URL}/eu/ordermanagement/v1/orders/${klarnaOrderId}`, {
        headers: { Authorization: auth },
      });
      expect(response.status()).toBe(200);
      return (await response.json()) as KlarnaOrder;
    },
    /** Captures at Klarna directly, as the merchant portal would: outside the store. */
    async capture(klarnaOrderId: string, capturedAmount: number): Promise<void> {
      const response = await request.post(
        `${EMULATOR_URL}/eu/ordermanagement/v1/orders/${klarnaOrderId}/captures`,
        { headers: { Authorization: auth }, data: { captured_amount: capturedAmount } },
      );
      expect(response.status()).toBe(201);
    },
    /** Adds a fault rule; it is removed again when the test ends. */
    async addFault(rule: Record<string, unknown>): Promise<string> {
      const response = await request.post(`${EMULATOR_URL}/_emulator/faults`, { data: rule });
      expect(response.status()).toBe(201);
      const { id } = (await response.json()) as { id: string };
      faultIds.push(id);
      return id;
    },
    async fault(id: string): Promise<{ seen: number; fired: number }> {
      const { faults } = (await (await request.get(`${EMULATOR_URL}/_emulator/faults`)).json()) as {
        faults: { id: string; seen: number; fired: number }[];
      };
      const found = faults.find((fault) => fault.id === id);
      if (!found) throw new Error(`no fault ${id}`);
      return found;
    },
    async clock(body: { advance: string } | { set: string }): Promise<void> {
      expect((await request.post(`${EMULATOR_URL}/_emulator/clock`, { data: body })).status()).toBe(200);
    },
    async cleanUp(): Promise<void> {
      for (const id of faultIds) await request.delete(`${EMULATOR_URL}/_emulator/faults/${id}`);
    },
  };
}

/** Read-only queries on what the app wrote. */
function orderReader() {
  if (isPostgresUrl(E2E_DATABASE_URL))
    throw new Error('The admin order reader reads the SQLite e2e database only');
  const db = new Database(sqlitePath(E2E_DATABASE_URL), { readonly: true, fileMustExist: true });
  return {
    captures: (orderId: string) =>
      db
        .prepare<[string], { klarnaCaptureId: string; amount: number; idempotencyKey: string | null }>(
          'SELECT "klarnaCaptureId", "amount", "idempotencyKey" FROM "Capture" WHERE "orderId" = ? ORDER BY "capturedAt"',
        )
        .all(orderId),
    refunds: (orderId: string) =>
      db
        .prepare<[string], { amount: number; description: string | null }>(
          'SELECT "amount", "description" FROM "Refund" WHERE "orderId" = ? ORDER BY "refundedAt"',
        )
        .all(orderId),
    events: (orderId: string) =>
      db
        .prepare<[string], { type: string; outcome: string; message: string | null; replays: number }>(
          'SELECT "type", "outcome", "message", "replays" FROM "OrderEvent" WHERE "orderId" = ? ORDER BY "createdAt", "id"',
        )
        .all(orderId),
    order: (orderId: string) =>
      db
        .prepare<[string], { status: string; capturedAmount: number; refundedAmount: number }>(
          'SELECT "status", "capturedAmount", "refundedAmount" FROM "Order" WHERE "id" = ?',
        )
        .get(orderId),
    close: () => db.close(),
  };
}

export const test = base.extend<{
  placeOrder: typeof placeOrder;
  klarna: ReturnType<typeof klarnaClient>;
  orders: ReturnType<typeof orderReader>;
  orderPage: ReturnType<typeof adminOrderPage>;
  ordersList: ReturnType<typeof adminOrdersList>;
}>({
  placeOrder: async ({}, use) => use(placeOrder),
  klarna: async ({ playwright }, use) => {
    const request = await playwright.request.newContext();
    const client = klarnaClient(request);
    try {
      await use(client);
    } finally {
      await client.cleanUp();
      await request.dispose();
    }
  },
  orders: async ({}, use) => {
    const reader = orderReader();
    try {
      await use(reader);
    } finally {
      reader.close();
    }
  },
  orderPage: async ({ page }, use) => use(adminOrderPage(page)),
  ordersList: async ({ page }, use) => use(adminOrdersList(page)),
});

export { expect };
