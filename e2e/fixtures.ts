import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { SEED_USERS } from '../prisma/catalog';
import { E2E_DATABASE_URL, isPostgresUrl, sqlitePath } from './environment';
import { authPage } from './pages/auth';

type Credentials = { email: string; password: string };

const seededAdmin = SEED_USERS.find((user) => user.role === 'ADMIN')!;
const seededShopper = SEED_USERS.find((user) => user.role === 'CUSTOMER')!;

/** Read-only queries for asserting what the app wrote; tests never write behind the app's back. */
export interface DbReader {
  userByEmail(email: string): { id: string; email: string; name: string | null; role: string } | undefined;
}

/** Signs a browser context in through next-auth's own endpoints (the same cookies a form sign-in sets). */
export async function signInViaApi(request: APIRequestContext, credentials: Credentials): Promise<void> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { ...credentials, csrfToken, json: 'true' },
  });
  expect(response.ok(), `sign-in as ${credentials.email}`).toBe(true);
}

/** The session the browser context holds, as the app reports it. */
/**
 * Refused sign-ups and sign-ins count against their address (10 in 15 minutes, lib/data/auth-throttle).
 * A test refused on purpose comes from an address of its own (the e2e storefront trusts one proxy
 * hop, playwright.config.ts), so the refusals of the whole run never add up to throttle another test.
 * Only for pages without Klarna's widget: the emulator's cross-origin calls allow no extra header.
 */
export function ownAddress(n: number): { 'X-Forwarded-For': string } {
  return { 'X-Forwarded-For': `198.51.100.${n}` };
}

export async function sessionEmail(request: APIRequestContext): Promise<string | undefined> {
  const session = (await (await request.get('/api/auth/session')).json()) as { user?: { email?: string } };
  return session.user?.email;
}

export const test = base.extend<{
  auth: ReturnType<typeof authPage>;
  db: DbReader;
  admin: Credentials;
  shopper: Credentials;
  /** A page whose context is signed in as the seeded admin. */
  adminPage: Page;
  /** A page whose context is signed in as the seeded shopper. */
  shopperPage: Page;
  /** Details for a brand-new account, unique to this test. */
  newAccount: { name: string; email: string; password: string };
}>({
  auth: async ({ page }, use) => use(authPage(page)),

  db: async ({}, use) => {
    if (isPostgresUrl(E2E_DATABASE_URL)) throw new Error('The db fixture reads the SQLite e2e database only');
    const db = new Database(sqlitePath(E2E_DATABASE_URL), { readonly: true, fileMustExist: true });
    try {
      await use({
        userByEmail: (email) =>
          db
            .prepare<[string], { id: string; email: string; name: string | null; role: string }>(
              'SELECT id, email, name, role FROM "User" WHERE email = ?',
            )
            .get(email),
      });
    } finally {
      db.close();
    }
  },

  admin: async ({}, use) => use({ email: seededAdmin.email, password: seededAdmin.password }),
  shopper: async ({}, use) => use({ email: seededShopper.email, password: seededShopper.password }),

  adminPage: async ({ page, admin }, use) => {
    await signInViaApi(page.request, admin);
    await use(page);
  },

  shopperPage: async ({ page, shopper }, use) => {
    await signInViaApi(page.request, shopper);
    await use(page);
  },

  newAccount: async ({}, use) =>
    use({
      name: 'Nora Newcomer',
      email: `new-${randomUUID().slice(0, 8)}@example.com`,
      password: 'a-fine-password',
    }),
});

export { expect };
