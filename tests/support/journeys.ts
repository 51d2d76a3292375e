import type { Browser, Page } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { phonePage } from './browser';
import { click, open, signIn, textOf, typeInto } from './pages';

// Steps more than one browser journey takes: a member's code read off the 会员码 page, the
// cashier scanning it, the quote's lines, the platform timer's tick.

/** The demo brand's staff member 王芳 (store-guomao), who works the till. */
export const STAFF = 'demo-staff-openid';

/** Opens the member's 会员码 page and answers the token once it has been drawn. */
export async function memberCodeOn(page: Page): Promise<string> {
  await open(page, 'pages/code/index');
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#member-code-token')).some((el) => (el.textContent ?? '').trim().startsWith('M1.')), undefined, { timeout: 30_000 });
  return (await textOf(page, '#member-code-token')).trim();
}

/** A new phone signed in as the cashier, with `memberCode` scanned: the member is on its screen. */
export async function cashierScanning(browser: Browser, memberCode: string): Promise<Page> {
  const staff = await phonePage(browser);
  await signIn(staff, STAFF);
  await open(staff, 'staff/home/index');
  await click(staff, '#staff-scan');
  await typeInto(staff, 'staff-code-input', memberCode);
  await click(staff, '#staff-code-submit');
  await staff.locator('#staff-member').filter({ visible: true }).waitFor({ timeout: 30_000 });
  return staff;
}

/** The quote's lines as the cashier's screen shows them: kind, label, fen and the amount text. */
export async function quoteLines(page: Page, container: string): Promise<{ kind: string; label: string; fen: number; amount: string }[]> {
  const lines = page.locator(`${container} .quote-line`).filter({ visible: true });
  const out: { kind: string; label: string; fen: number; amount: string }[] = [];
  for (let i = 0; i < (await lines.count()); i++) {
    const line = lines.nth(i);
    out.push({
      kind: (await line.getAttribute('data-kind')) ?? '',
      label: ((await line.locator('.quote-line__label').textContent()) ?? '').trim(),
      fen: Number(await line.getAttribute('data-fen')),
      amount: ((await line.locator('.quote-line__amount').textContent()) ?? '').trim(),
    });
  }
  return out;
}

/** One cron tick, as the platform's timer sends it; answers what the cron function did. */
export async function cronTick(cloud: LocalCloud): Promise<any> {
  const answer = (await cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 'every-15-minutes', Time: new Date().toISOString() }, {})) as { ok: boolean; data: any };
  expect(answer.ok).toBe(true);
  return answer.data;
}
