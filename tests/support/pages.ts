import type { Browser, Page } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { screenshot, startBrowserStack } from './browser';

// What the browser journeys do to a page of the H5 build. Taro keeps the pages it came from in the
// document, hidden: only shown ones count, so every helper here looks at shown elements only.

let started: Awaited<ReturnType<typeof startBrowserStack>> | undefined;

/**
 * Starts the whole stack before the suite (the H5 build over a seeded cloud, and Chromium) and
 * closes it after; `onStart` gets it (inside the same beforeAll) to keep what the suite reads.
 * signIn and open go to this stack's address.
 */
export function useBrowserStack(onStart: (stack: { cloud: LocalCloud; browser: Browser }) => void | Promise<void>): void {
  beforeAll(async () => {
    started = await startBrowserStack();
    await onStart(started);
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
}

function baseUrl(): string {
  if (!started) throw new Error('no browser stack: call useBrowserStack() in the suite');
  return started.cloud.url;
}

/** Signs in through the local login page as `who` and waits for the member card. */
export async function signIn(page: Page, who: string): Promise<void> {
  await page.goto(`${baseUrl()}/#/pages/dev-login/index`);
  await page.locator(`#login-${who}`).click();
  await page.locator('#member-points').filter({ visible: true }).waitFor({ timeout: 30_000 });
}

/** Goes to `route` (as in app.config, with an optional query) and waits until it is the one page at rest. */
export async function open(page: Page, route: string): Promise<void> {
  const url = `${baseUrl()}/#/${route}`;
  // Going to the address the page is already at changes nothing in the app (no page is shown
  // again, nothing reloads): a test that does it would read a stale page.
  if (page.url() === url) throw new Error(`already at ${route}: open another page first`);
  await page.goto(url);
  await settled(page, `/${route.split('?')[0]}`);
}

/** The Taro pages in the document, each as `id display left`, for a failure's message. */
async function pagesNow(page: Page): Promise<string> {
  const pages = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).map((p) => `${p.id} ${getComputedStyle(p).display} ${Math.round(p.getBoundingClientRect().left)}`));
  return JSON.stringify(pages);
}

/** One Taro page shown, at rest (the pages it covers hidden, no page sliding), and it is `path`. */
export async function settled(page: Page, path: string): Promise<void> {
  await page
    .waitForFunction(
      (route) => {
        const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
        const sliding = document.getAnimations().some((a) => a.constructor.name === 'CSSTransition' && a.playState === 'running');
        return !sliding && shown.length === 1 && shown[0].id.split('?')[0] === route && Math.abs(shown[0].getBoundingClientRect().left) < 1;
      },
      path,
      { timeout: 30_000 },
    )
    .catch(async (error) => {
      throw new Error(`the page never came to rest: ${await pagesNow(page)}: ${(error as Error).message}`);
    });
}

/**
 * Taps something that opens a page and waits until that new page (not one in the document before
 * the tap, and of `route` when given) is the only one shown, at rest: while it slides in, the page
 * it covers (perhaps an earlier page of the same route) is shown too.
 */
export async function openByClick(page: Page, selector: string, route?: string): Promise<void> {
  const before = await page.evaluate(() => Array.from(document.querySelectorAll('.taro_page')).map((p) => p.id));
  await click(page, selector);
  await page
    .waitForFunction(
      ([known, path]) => {
        const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
        const sliding = document.getAnimations().some((a) => a.constructor.name === 'CSSTransition' && a.playState === 'running');
        return (
          !sliding &&
          shown.length === 1 &&
          !known.includes(shown[0].id) &&
          (path === null || shown[0].id.split('?')[0] === path) &&
          Math.abs(shown[0].getBoundingClientRect().left) < 1
        );
      },
      [before, route ?? null] as const,
      { timeout: 30_000 },
    )
    .catch(async (error) => {
      throw new Error(`${selector} opened no new page${route ? ` ${route}` : ''} at rest: ${await pagesNow(page)}: ${(error as Error).message}`);
    });
}

/** The text of the shown element matching `selector` (whitespace collapsed). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).filter({ visible: true }).first().textContent({ timeout: 20_000 })) ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until a shown element matching `selector` has this text (a string matches exactly). */
export async function waitForText(page: Page, selector: string, expected: string | RegExp, timeout = 30_000): Promise<void> {
  const source = typeof expected === 'string' ? `^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : expected.source;
  const flags = typeof expected === 'string' ? '' : expected.flags;
  await page
    .waitForFunction(
      ([sel, src, fl]) =>
        Array.from(document.querySelectorAll(sel)).some(
          (el) => el.getClientRects().length > 0 && new RegExp(src, fl).test((el.textContent ?? '').replace(/\s+/g, ' ').trim()),
        ),
      [selector, source, flags] as const,
      { timeout },
    )
    .catch(async (error) => {
      const shown = await page.locator(selector).filter({ visible: true }).allTextContents().catch(() => []);
      throw new Error(`${selector} never read ${String(expected)} (shown: ${JSON.stringify(shown)}): ${(error as Error).message}`);
    });
}

/** Types into the shown Taro Input `id` (a custom element around a native input). */
export async function typeInto(page: Page, id: string, text: string): Promise<void> {
  const input = page.locator(`#${id} input, input#${id}`).filter({ visible: true }).first();
  await input.click();
  await input.fill(text);
}

export async function click(page: Page, selector: string): Promise<void> {
  await page.locator(selector).filter({ visible: true }).first().click({ timeout: 20_000 });
}

export async function shown(page: Page, selector: string): Promise<void> {
  await page.locator(selector).filter({ visible: true }).first().waitFor({ timeout: 30_000 });
}

/** The shown modal's text (checked against `expected` if given), then its confirm button. */
export async function confirmModal(page: Page, expected?: string | RegExp): Promise<string> {
  // (The modal's own box is empty: its mask and dialog are fixed; they are what shows.)
  const text = page.locator('.taro__modal .taro-modal__text').filter({ visible: true });
  await text.waitFor({ timeout: 20_000 });
  const seen = ((await text.textContent()) ?? '').trim();
  if (typeof expected === 'string') expect(seen).toBe(expected);
  else if (expected) expect(seen).toMatch(expected);
  await page.locator('.taro__modal .taro-model__confirm').filter({ visible: true }).click();
  // Gone, or (Taro reuses the one modal) showing the next dialog's text.
  await page.waitForFunction(
    (was) => Array.from(document.querySelectorAll('.taro__modal .taro-modal__text')).every((el) => el.getClientRects().length === 0 || (el.textContent ?? '').trim() !== was),
    seen,
    { timeout: 20_000 },
  );
  return seen;
}

/** A still page (no page sliding in, no toast), saved whole. */
export async function shot(page: Page, name: string): Promise<void> {
  // Every shown Taro page at rest at x = 0 (one still sliding in is not), no transition running.
  await page.waitForFunction(
    () => {
      const sliding = document.getAnimations().some((a) => a.constructor.name === 'CSSTransition' && a.playState === 'running');
      const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
      return !sliding && shown.length > 0 && shown.every((p) => Math.abs(p.getBoundingClientRect().left) < 1);
    },
    undefined,
    { timeout: 15_000 },
  );
  await page
    .waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((t) => getComputedStyle(t).display === 'none'), undefined, { timeout: 10_000 })
    .catch(() => undefined);
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => {
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
    return Math.max(document.documentElement.scrollHeight, ...shown.map((p) => p.scrollHeight + p.getBoundingClientRect().top));
  });
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height + 60, 4000) });
  await screenshot(page, name);
  if (viewport && height > viewport.height) await page.setViewportSize(viewport);
}
