import { expect, type APIRequestContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { E2E_DATABASE_URL, EMULATOR_URL, isPostgresUrl, sqlitePath } from '../environment';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** The shopper's subscriptions page, by role and label. */
export function subscriptionsPage(page: Page) {
  return {
    async goto() {
      await page.goto('/account/subscriptions');
      await expect(page.getByRole('heading', { name: 'Your subscriptions', level: 1 })).toBeVisible();
    },
    card: (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) }),
    async cancel(name: string) {
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
      await card.getByRole('button', { name: 'Cancel subscription' }).click();
      const dialog = page.getByRole('dialog', { name: `Cancel ${name}?` });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Yes, cancel it' }).click();
      await expect(dialog).toBeHidden();
    },
  };
}

export interface SubscriptionRow {
  id: string;
  status: string;
  nextPeriod: number;
  nextChargeAt: number;
  klarnaTokenId: string | null;
  tokenStatus: string;
}

/** Read-only queries on the e2e database: what the storefront recorded. */
export function subscriptionsDb() {
  if (isPostgresUrl(E2E_DATABASE_URL)) throw new Error('subscriptionsDb reads the SQLite e2e database only');
  const file = sqlitePath(E2E_DATABASE_URL);
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  return {
    /** The intent of every Klarna session a shopper's carts opened, oldest first. */
    intentsFor: (email: string) =>
      query<{ intent: string }>(
        `SELECT s.intent FROM "PaymentSession" s JOIN "Cart" c ON c.id = s.cartId JOIN "User" u ON u.id = c.userId
         WHERE u.email = ? ORDER BY s.createdAt`,
        email,
      ).map((row) => row.intent),
    subscriptionsFor: (email: string) =>
      query<SubscriptionRow>(
        `SELECT s.id, s.status, s.nextPeriod, s.nextChargeAt, t.klarnaTokenId, t.status AS tokenStatus
         FROM "Subscription" s JOIN "CustomerToken" t ON t.id = s.customerTokenId JOIN "User" u ON u.id = s.userId
         WHERE u.email = ? ORDER BY s.createdAt`,
        email,
      ),
    ordersFor: (email: string) =>
      query<{ id: string; orderAmount: number; subscriptionPeriod: number | null }>(
        `SELECT o.id, o.orderAmount, o.subscriptionPeriod FROM "Order" o JOIN "User" u ON u.id = o.userId
         WHERE u.email = ? ORDER BY o.createdAt`,
        email,
      ),
  };
}

/** The emulator's view: the clock, faults, tokens and the charges made with a token. */
export function klarnaControl(request: APIRequestContext) {
  return {
    async advanceClockDays(days: number) {
      const response = await request.post(`${EMULATOR_URL}/_emulator/clock`, {
        data: { advance_ms: Math.round(days * 86_400_000) },
      });
      expect(response.ok()).toBe(true);
    },
    async addFault(rule: Record<string, unknown>): Promise<string> {
      const response = await request.put(`${EMULATOR_URL}/_emulator/faults`, { data: rule });
      expect(response.ok(), await response.text()).toBe(true);
      return ((await response.json()) as { id: string }).id;
    },
    async removeFault(id: string) {
      expect((await request.delete(`${EMULATOR_URL}/_emulator/faults/${id}`)).ok()).toBe(true);
    },
    /** Cancels the token at Klarna directly, as the shopper can in Klarna's app. */
    async cancelTokenAtKlarna(tokenId: string) {
      const response = await request.patch(`${EMULATOR_URL}/eu/customer-token/v1/tokens/${tokenId}/status`, {
        headers: { Authorization: `Basic ${Buffer.from('PK_EU_TEST:emulator-eu').toString('base64')}` },
        data: { status: 'CANCELLED' },
      });
      expect(response.status()).toBe(202);
    },
    async tokenStatus(tokenId: string): Promise<string | undefined> {
      const response = await request.get(`${EMULATOR_URL}/_emulator/customer-tokens/${tokenId}`);
      return ((await response.json()) as { status?: string }).status;
    },
    /** Charges Klarna accepted for a token (its answered token-order requests). */
    async chargesOf(tokenId: string): Promise<number> {
      const response = await request.get(`${EMULATOR_URL}/_emulator/requests?limit=1000`);
      const { requests } = (await response.json()) as {
        requests: { method: string; path: string; status: number }[];
      };
      return requests.filter(
        (entry) =>
          entry.method === 'POST' && entry.path.endsWith(`/tokens/${tokenId}/order`) && entry.status === 200,
      ).length;
    },
  };
}

/**
 * `npm run renewals` on the emulator's clock against the e2e database and emulator, as cron would
 * run it; resolves with its summary line.
 */
export async function runRenewalJob(): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      '--conditions=react-server',
      'scripts/renewals.ts',
      '--emulator-clock',
      EMULATOR_URL,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: E2E_DATABASE_URL,
        NODE_ENV: 'production',
        NEXTAUTH_SECRET: 'e2e-only-secret-e2e-only-secret-e2e-only',
        KLARNA_EMULATOR_ALLOWED: '1',
        KLARNA_EU_BASE_URL: `${EMULATOR_URL}/eu`,
        KLARNA_NA_BASE_URL: `${EMULATOR_URL}/na`,
        KLARNA_OC_BASE_URL: `${EMULATOR_URL}/oc`,
      },
      timeout: 60_000,
    },
  );
  return stdout.trim().split('\n').at(-1) ?? '';
}
