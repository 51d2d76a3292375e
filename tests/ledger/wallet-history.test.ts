import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { CASHIER, memberCode, onASeededCloudEachTest, register, requestId, topUp } from '../support/world';

// 储值明细: one row per wallet movement, with its principal/bonus split and the whole balance after.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));
beforeEach(() => register(cloud, 'openid-M'));

async function payFromWallet(amountFen: number) {
  const code = await memberCode(cloud, 'openid-M');
  const paid = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen, walletFen: amountFen }, requestId());
  expect(paid.ok).toBe(true);
}

async function allRows(limit: number) {
  const rows: any[] = [];
  let before: string | undefined;
  do {
    const page = await callAs(cloud, 'openid-M', 'member', 'history', { book: 'wallet', limit, ...(before ? { before } : {}) });
    expect(page.data.items.length).toBeLessThanOrEqual(limit);
    rows.push(...page.data.items);
    before = page.data.nextCursor ?? undefined;
  } while (before);
  return rows;
}

it('shows a top-up and a payment as one row each, split beneath', async () => {
  await topUp(cloud, 'openid-M', 'p100');
  await payFromWallet(1); // one fen: all bonus (floor(1 × 100/120) = 0 principal), principal untouched
  await payFromWallet(38_50);
  const rows = await allRows(20);
  // Principal spent so far is floor(38.51 × 100/120) = 32.09; the bonus takes the rest.
  expect(rows.map((r) => [r.reason, r.amount, r.split, r.balanceAfter])).toEqual([
    ['门店消费', -38_50, { principal: -32_09, bonus: -6_41 }, 120_00 - 38_51],
    ['门店消费', -1, { principal: 0, bonus: -1 }, 120_00 - 1],
    ['储值', 120_00, { principal: 100_00, bonus: 20_00 }, 120_00],
  ]);
});

it('pages by movement without splitting one, and the balances chain', async () => {
  await topUp(cloud, 'openid-M', 'p100');
  for (let i = 0; i < 24; i++) await payFromWallet(1_00);
  const rows = await allRows(7);
  expect(rows).toHaveLength(25);
  expect(new Set(rows.map((r) => r.entryId)).size).toBe(25);
  for (let i = 0; i + 1 < rows.length; i++) expect(rows[i].balanceAfter).toBe(rows[i + 1].balanceAfter + rows[i].amount);
  expect(rows.slice(0, 24).every((r) => r.amount === -1_00 && r.split.principal + r.split.bonus === -1_00)).toBe(true);
  expect(rows[0].balanceAfter).toBe(120_00 - 24_00);
});
