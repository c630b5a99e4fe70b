import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './admin-fixtures';
import { checkoutPage } from './pages/checkout';

// What axe sees only in the state a page rests in: animations under prefers-reduced-motion, and
// text contrast while a control is hovered and focused (WCAG 2.3.3, 1.4.3, 1.4.11).

/** Every element that still moves for longer than a blink: its transition or animation time. */
async function movingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seconds = (value: string) =>
      Math.max(
        ...value
          .split(',')
          .map((part) => (part.trim().endsWith('ms') ? parseFloat(part) / 1000 : parseFloat(part))),
      );
    const moving: string[] = [];
    for (const element of document.querySelectorAll('*')) {
      const style = getComputedStyle(element);
      const transition = style.transitionProperty !== 'none' ? seconds(style.transitionDuration) : 0;
      const animation = style.animationName !== 'none' ? seconds(style.animationDuration) : 0;
      if (Math.max(transition, animation) > 0.01)
        moving.push(
          `${element.tagName.toLowerCase()}.${element.className} (${Math.max(transition, animation)} s)`,
        );
    }
    return moving;
  });
}

/**
 * Hovers and focuses each visible link and button that looks different from those before it (one
 * per class list: controls styled alike change alike), runs axe's colour-contrast rule on it in
 * that state, and returns the controls that fail.
 */
async function lowContrastWhenActive(page: Page): Promise<string[]> {
  const controls = page.locator(
    'main a:visible, main button:visible:enabled, header a:visible, footer a:visible',
  );
  const failing: string[] = [];
  const styles = new Set<string>();
  for (const control of await controls.all()) {
    const style = await control.evaluate((element) => `${element.tagName} ${element.className}`);
    if (styles.has(style)) continue;
    styles.add(style);
    await control.evaluate((element) => element.setAttribute('data-contrast-check', ''));
    await control.hover();
    await control.focus();
    const { violations } = await new AxeBuilder({ page })
      .include('[data-contrast-check]')
      .withRules(['color-contrast'])
      .analyze();
    for (const violation of violations)
      for (const node of violation.nodes)
        failing.push(`${node.target.join(' ')}: ${node.failureSummary ?? ''}`);
    await control.evaluate((element) => element.removeAttribute('data-contrast-check'));
  }
  return failing;
}

test.describe('with prefers-reduced-motion', () => {
  test.use({ contextOptions: { reducedMotion: 'reduce' } });
  for (const path of ['/', '/login', '/signup', '/checkout']) {
    test(`nothing on ${path} animates`, async ({ page, context }) => {
      await checkoutPage(page).chooseMarket(context, 'SE');
      if (path === '/checkout') await checkoutPage(page).addToCart('linen-tea-towel');
      await page.goto(path);
      await expect(page.getByRole('main')).toBeVisible();
      expect(await movingElements(page)).toEqual([]);
    });
  }
});

test.describe('contrast while hovered and focused', () => {
  for (const path of ['/', '/products/linen-tea-towel', '/cart', '/login', '/accessibility']) {
    test(`every link and button on ${path}`, async ({ page, context }) => {
      test.setTimeout(180_000);
      await checkoutPage(page).chooseMarket(context, 'SE');
      if (path === '/cart') await checkoutPage(page).addToCart('linen-tea-towel');
      await page.goto(path);
      expect(await lowContrastWhenActive(page)).toEqual([]);
    });
  }

  test('every link and button on an admin order', async ({ adminPage: page, placeOrder, orderPage }) => {
    test.setTimeout(180_000);
    const order = placeOrder([{ slug: 'linen-tea-towel', quantity: 1 }]);
    await orderPage.open(order.id);
    expect(await lowContrastWhenActive(page)).toEqual([]);
  });
});
