import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices; no rule is turned off. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/** The desktop and phone widths every page is checked at. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * Runs axe on the page as it is now (frames included, so Klarna's widget and pop-up are checked
 * too) and fails with every violation, of every impact, listed with its elements.
 */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n'),
  );
  // Soft, so one run lists the violations of every state of a journey.
  expect.soft(found, `axe violations on ${state}`).toEqual([]);
}

/**
 * axe's `color-contrast` rule on one control (its own text and its children's) as it is drawn now,
 * e.g. while hovered or focused, once every transition has finished. Returns what fails, and what
 * axe could not decide.
 */
export async function textContrastProblems(page: Page, control: Locator): Promise<string[]> {
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  await control.evaluate((element) => element.setAttribute('data-contrast-check', ''));
  try {
    const { violations, incomplete } = await new AxeBuilder({ page })
      .withRules(['color-contrast'])
      .include('[data-contrast-check]')
      .analyze();
    // "Incomplete" is axe unable to tell (text over an image, a gradient): not a pass either.
    return [...violations, ...incomplete].flatMap((result) =>
      result.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    );
  } finally {
    await control.evaluate((element) => element.removeAttribute('data-contrast-check'));
  }
}

/** Every page file under app/ (page.tsx and not-found.tsx), as paths relative to app/. */
export function appPageFiles(): string[] {
  const appDir = path.resolve(import.meta.dirname, '../../app');
  return readdirSync(appDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /(^|\/)(page|not-found)\.tsx$/.test(file))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** How the focused element shows focus: its thickest indicator and that indicator's contrast. */
export interface FocusIndicator {
  element: string;
  width: number;
  contrast: number;
}

/**
 * The focused element's focus indicator: its outline, or else a solid box-shadow ring (Tailwind's
 * `ring`), measured against the background it is drawn on (the nearest opaque one around it).
 * Colours are resolved through a canvas, so any CSS colour syntax (oklch included) is compared.
 */
export async function focusIndicator(page: Page): Promise<FocusIndicator> {
  return page.evaluate(async () => {
    const element = document.activeElement as HTMLElement;
    // A ring that fades in is measured once it has finished.
    await Promise.all(element.getAnimations().map((animation) => animation.finished));
    const style = getComputedStyle(element);
    const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    const rgb = (color: string, over = 'white'): [number, number, number] => {
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = over;
      canvas.fillRect(0, 0, 1, 1);
      canvas.fillStyle = color;
      canvas.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0] = canvas.getImageData(0, 0, 1, 1).data;
      return [r, g, b];
    };
    const luminance = ([r, g, b]: [number, number, number]) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    let backdrop = 'white';
    for (let node = element.parentElement; node; node = node.parentElement) {
      const background = getComputedStyle(node).backgroundColor;
      if (rgb(background, 'black').join() === rgb(background, 'white').join()) {
        backdrop = background;
        break;
      }
    }
    let color: string | null = null;
    let width = 0;
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) {
      color = style.outlineColor;
      width = parseFloat(style.outlineWidth);
    } else {
      // A ring is a box-shadow with no blur: "<color> 0px 0px 0px <spread>"; the widest one counts.
      for (const shadow of style.boxShadow.split(/,(?![^(]*\))/)) {
        const match = /^(.*\))\s+0px\s+0px\s+0px\s+(\d+(?:\.\d+)?)px/.exec(shadow.trim());
        if (match?.[1] && match[2] && parseFloat(match[2]) > width) {
          color = match[1];
          width = parseFloat(match[2]);
        }
      }
    }
    const name =
      `${element.tagName.toLowerCase()}` +
      (element.id ? `#${element.id}` : '') +
      ` "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`;
    if (!color) return { element: name, width: 0, contrast: 1 };
    const [lighter, darker] = [luminance(rgb(color, backdrop)), luminance(rgb(backdrop))].sort(
      (a, b) => b - a,
    );
    return { element: name, width, contrast: (lighter! + 0.05) / (darker! + 0.05) };
  });
}

/**
 * Presses Tab from the top of the page until focus comes back round (or `limit` presses), and
 * returns the focus indicator of every control it reached.
 */
export async function tabThroughPage(page: Page, limit = 80): Promise<FocusIndicator[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const seen: FocusIndicator[] = [];
  const visited = new Set<string>();
  for (let press = 0; press < limit; press++) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body || element.tagName === 'IFRAME') return null;
      const path: number[] = [];
      for (let node: Element | null = element; node?.parentElement; node = node.parentElement)
        path.unshift([...node.parentElement.children].indexOf(node));
      return path.join('/');
    });
    if (key === null) continue;
    if (visited.has(key)) break;
    visited.add(key);
    seen.push(await focusIndicator(page));
  }
  return seen;
}

/**
 * What in each frame of the page makes it scroll sideways or cuts text off: the page itself wider
 * than the viewport (naming the elements that stick out, outside any scroll region of their own),
 * and boxes that hide overflowing text. Visually hidden text (1 px boxes) is not counted.
 */
async function overflowProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    const found = await frame
      .evaluate(() => {
        const describe = (element: Element) =>
          `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
        const scrollsItself = (element: Element) => {
          for (let node = element.parentElement; node && node !== document.body; node = node.parentElement)
            if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) return true;
          return false;
        };
        const out: string[] = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth + 1) {
          const wide = [...document.body.querySelectorAll('*')]
            .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
            .filter((element) => !scrollsItself(element))
            .slice(-3)
            .map(describe);
          out.push(
            `${location.pathname} scrolls sideways (${root.scrollWidth} > ${root.clientWidth}): ${wide.join(', ')}`,
          );
        }
        for (const element of document.body.querySelectorAll('*')) {
          const style = getComputedStyle(element);
          if (!['hidden', 'clip'].includes(style.overflowX) || element.clientWidth <= 1) continue;
          if (element.scrollWidth > element.clientWidth + 1 && (element.textContent ?? '').trim())
            out.push(`${location.pathname}: text cut off in ${describe(element)}`);
        }
        return out;
      })
      .catch(() => [] as string[]);
    problems.push(...found);
  }
  return problems;
}

/**
 * WCAG 1.4.10 and 1.4.4: the page as it is now, at 320 CSS px wide and then with text at 200 % on
 * a desktop width, neither scrolls sideways nor cuts text off. The viewport is restored after.
 */
export async function expectReflow(page: Page, state: string): Promise<void> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  await page.setViewportSize({ width: 320, height: viewport.height });
  expect.soft(await overflowProblems(page), `${state} at 320 px wide`).toEqual([]);

  await page.setViewportSize({ width: 1280, height: 900 });
  const fontSizes = page.frames().map((frame) =>
    frame.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    }),
  );
  await Promise.allSettled(fontSizes);
  expect.soft(await overflowProblems(page), `${state} with text at 200 %`).toEqual([]);
  await Promise.allSettled(
    page.frames().map((frame) =>
      frame.evaluate(() => {
        document.documentElement.style.fontSize = '';
      }),
    ),
  );
  await page.setViewportSize(viewport);
}
