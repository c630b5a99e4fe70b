import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { checkoutPage } from './pages/checkout';

// Under prefers-reduced-motion nothing transitions or animates (WCAG 2.3.3), which axe cannot see.

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
