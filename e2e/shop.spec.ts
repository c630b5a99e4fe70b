import Database from 'better-sqlite3';
import { E2E_DATABASE_URL, isPostgresUrl, sqlitePath } from './environment';
import { test as base, expect } from './fixtures';
import { seededName, seededPrice, seededTotal, shopPage, type ShopPage } from './pages/shop';

/** Read-only look at carts, to check what the shop wrote; tests never write behind its back. */
interface CartReader {
  byToken(token: string): { status: string; userId: string | null } | undefined;
  /** Quantity of a product in the user's open cart (0 when there is none). */
  openQuantity(email: string, slug: string): number;
}

const test = base.extend<{ shop: ShopPage; carts: CartReader }>({
  shop: async ({ page }, use) => use(shopPage(page)),
  carts: async ({}, use) => {
    if (isPostgresUrl(E2E_DATABASE_URL))
      throw new Error('The carts fixture reads the SQLite e2e database only');
    const db = new Database(sqlitePath(E2E_DATABASE_URL), { readonly: true, fileMustExist: true });
    try {
      await use({
        byToken: (token) =>
          db
            .prepare<[string], { status: string; userId: string | null }>(
              'SELECT status, userId FROM "Cart" WHERE token = ?',
            )
            .get(token),
        openQuantity: (email, slug) =>
          db
            .prepare<[string, string], { quantity: number }>(
              `SELECT COALESCE(SUM(i.quantity), 0) AS quantity FROM "CartItem" i
                 JOIN "Cart" c ON c.id = i.cartId JOIN "User" u ON u.id = c.userId JOIN "Product" p ON p.id = i.productId
               WHERE u.email = ? AND c.status = 'OPEN' AND p.slug = ?`,
            )
            .get(email, slug)?.quantity ?? 0,
      });
    } finally {
      db.close();
    }
  },
});

const OAK = 'oak-cutting-board';
const TOWEL = 'linen-tea-towel';

test.describe('shopping', () => {
  test('browse, add two products, change a quantity, and the cart is still there after a reload', async ({
    page,
    shop,
  }) => {
    await shop.gotoHome();
    await shop.openCategory('Kitchen');
    await shop.openProduct(seededName(OAK));
    await expect(shop.price).toContainText(seededPrice(OAK, 'SE'));
    await shop.addToCart(2);
    await expect(shop.cartCount).toHaveText('2');

    await shop.openCategory('Kitchen');
    await shop.openProduct(seededName(TOWEL));
    await shop.addToCart();
    await expect(shop.cartCount).toHaveText('3');

    await shop.gotoCart();
    await expect(shop.cartLines).toHaveCount(2);
    await expect(shop.lineQuantity(seededName(OAK))).toHaveValue('2');
    await expect(shop.total).toHaveText(seededTotal('SE', [OAK, 2], [TOWEL, 1]));

    await shop.increase(seededName(TOWEL)).click();
    await expect(shop.lineQuantity(seededName(TOWEL))).toHaveValue('2');
    await expect(shop.total).toHaveText(seededTotal('SE', [OAK, 2], [TOWEL, 2]));
    await expect(shop.cartCount).toHaveText('4');

    await page.reload();
    await expect(shop.cartLines).toHaveCount(2);
    await expect(shop.lineQuantity(seededName(OAK))).toHaveValue('2');
    await expect(shop.lineQuantity(seededName(TOWEL))).toHaveValue('2');
    await expect(shop.total).toHaveText(seededTotal('SE', [OAK, 2], [TOWEL, 2]));
    await expect(shop.cartCount).toHaveText('4');
  });

  test('signing in keeps the cart: it is merged into the shopper’s cart', async ({
    page,
    shop,
    auth,
    shopper,
    carts,
  }) => {
    const beanie = 'merino-beanie';
    const before = carts.openQuantity(shopper.email, beanie);
    await shop.gotoProduct(beanie);
    await shop.addToCart();
    const token = (await page.context().cookies()).find((cookie) => cookie.name === 'cart');
    expect(token, 'the cart cookie').toBeDefined();
    expect(token).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await auth.gotoLogin('/cart');
    await auth.signIn(shopper);

    await expect(page).toHaveURL('/cart');
    await expect(shop.lineQuantity(seededName(beanie))).toHaveValue(String(before + 1));
    expect(carts.openQuantity(shopper.email, beanie)).toBe(before + 1);
    // Merged into the shopper's existing cart, or (if they had none) now theirs.
    const anonymousCart = carts.byToken(token!.value);
    expect(anonymousCart?.userId).not.toBeNull();
    expect(['MERGED', 'OPEN']).toContain(anonymousCart?.status);

    await page.reload();
    await expect(shop.lineQuantity(seededName(beanie))).toHaveValue(String(before + 1));
  });

  test('switching market shows prices in the new currency, with its tax wording', async ({ shop }) => {
    await shop.gotoProduct(OAK);
    await expect(shop.marketSelector).toHaveValue('SE');
    await expect(shop.price).toContainText(seededPrice(OAK, 'SE'));
    await expect(shop.price).toContainText('incl. VAT');

    await shop.chooseMarket('DE');
    await expect(shop.price).toContainText(seededPrice(OAK, 'DE'));
    await expect(shop.price).toContainText('incl. VAT');

    await shop.chooseMarket('US');
    await expect(shop.price).toContainText(seededPrice(OAK, 'US'));
    await expect(shop.price).toContainText('plus sales tax for your state, added at checkout');

    await shop.addToCart();
    await shop.gotoCart();
    await expect(shop.cartLine(seededName(OAK))).toContainText(seededPrice(OAK, 'US'));
  });

  test('a quantity outside 1–99 is refused with a clear message and adds nothing', async ({ page, shop }) => {
    await shop.gotoProduct(TOWEL);
    for (const quantity of ['0', '-1', '100']) {
      await shop.quantity.fill(quantity);
      await shop.addButton.click();
      await expect(page.getByText('Choose a quantity from 1 to 99.')).toBeVisible();
      await expect(shop.quantity).toHaveAttribute('aria-invalid', 'true');
    }
    await expect(shop.cartCount).toHaveText('0');
    await shop.gotoCart();
    await expect(page.getByText('Your cart is empty.')).toBeVisible();
  });

  test('search and sort a category through the URL', async ({ page }) => {
    await page.goto('/c/kitchen');
    await page.getByLabel('Search this category').fill('enamel');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/\/c\/kitchen\?q=enamel/);
    await expect(page.getByRole('link', { name: 'Enamel Coffee Pot', exact: true })).toBeVisible();
    await expect(page.getByTestId('result-count')).toHaveText(/^1 product matching “enamel”/);

    await page.goto('/c/kitchen?sort=price-desc');
    const names = await page.getByRole('main').getByRole('heading', { level: 3 }).allInnerTexts();
    expect(names[0]).toBe(seededName(OAK));
    expect(names.at(-1)).toBe(seededName(TOWEL));
  });
});

test.describe('bad addresses and cookies', () => {
  test('an unknown product or category shows the 404 page', async ({ page }) => {
    for (const path of ['/products/no-such-product', '/c/no-such-category', '/c/no-such-category?q=mug']) {
      const response = await page.goto(path);

      expect(response?.status(), path).toBe(404);
      await expect(
        page.getByRole('heading', { name: 'We could not find that page', level: 1 }),
      ).toBeVisible();
    }
  });

  test('a forged cart cookie reads as an empty cart, and the next add starts a new one', async ({
    page,
    shop,
    baseURL,
  }) => {
    await page.context().addCookies([{ name: 'cart', value: 'forged-or-expired', url: baseURL! }]);

    const response = await page.goto('/cart');
    expect(response?.status()).toBe(200);
    await expect(page.getByText('Your cart is empty.')).toBeVisible();

    await shop.gotoProduct(TOWEL);
    await shop.addToCart();
    await expect(shop.cartCount).toHaveText('1');
    const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'cart');
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
