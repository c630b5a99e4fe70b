import { expect, type Page } from '@playwright/test';

/** The sign-in and sign-up pages, driven the way a shopper uses them: by label and role. */
export function authPage(page: Page) {
  const email = page.getByLabel('Email');
  const password = page.getByLabel('Password');

  return {
    email,
    password,
    name: page.getByLabel('Name'),
    heading: (name: string) => page.getByRole('heading', { name, level: 1 }),

    async gotoLogin(callbackUrl?: string) {
      await page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/login');
      await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    },

    async signIn(credentials: { email: string; password: string }) {
      await email.fill(credentials.email);
      await password.fill(credentials.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },

    async gotoSignUp() {
      await page.goto('/signup');
      await expect(page.getByRole('heading', { name: 'Create an account', level: 1 })).toBeVisible();
    },

    async signUp(details: { name: string; email: string; password: string }) {
      await page.getByLabel('Name').fill(details.name);
      await email.fill(details.email);
      await password.fill(details.password);
      await page.getByRole('button', { name: 'Create account' }).click();
    },
  };
}
