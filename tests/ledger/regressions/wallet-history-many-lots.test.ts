import type { LocalCloud } from '../../../scripts/local-cloud';
import { callAs } from '../../support/cloud';
import { CASHIER, balances, memberCode, onASeededCloudEachTest, register, requestId, topUp } from '../../support/world';

// A wallet payment that spans six top-ups writes 12 wallet entries (ids <posting>:000 … :011).
// The row's balanceAfter must be the wallet balance after the whole posting.

let cloud: LocalCloud;
let memberId: string;
onASeededCloudEachTest((seeded) => (cloud = seeded));
beforeEach(async () => {
  ({ memberId } = await register(cloud, 'openid-M'));
});

it('shows the balance after a payment that drew on six top-ups', async () => {
  for (let i = 0; i < 6; i++) await topUp(cloud, 'openid-M', 'p100'); // 6 × 120.00 = 720.00
  const code = await memberCode(cloud, 'openid-M');
  const paid = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 700_00, walletFen: 700_00 }, requestId());
  expect(paid.ok).toBe(true);
  const b = balances(cloud, memberId);
  expect(b.principal + b.bonus).toBe(20_00);

  const page = await callAs(cloud, 'openid-M', 'member', 'history', { book: 'wallet', limit: 20 });
  const [row] = page.data.items;
  expect(row.amount).toBe(-700_00);
  expect(row.balanceAfter).toBe(20_00);
});

it('shows the balance after refunding that payment back into the six top-ups', async () => {
  for (let i = 0; i < 6; i++) await topUp(cloud, 'openid-M', 'p100');
  const code = await memberCode(cloud, 'openid-M');
  const paid = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 700_00, walletFen: 700_00 }, requestId());
  const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: paid.data.purchaseId }, requestId());
  expect(refund.ok).toBe(true);
  const page = await callAs(cloud, 'openid-M', 'member', 'history', { book: 'wallet', limit: 20 });
  expect(page.data.items[0]).toMatchObject({ amount: 700_00, balanceAfter: 720_00 });
});

async function allRows(limit: number, extra: Record<string, unknown> = {}) {
  const rows: any[] = [];
  let before: string | undefined;
  do {
    const page = await callAs(cloud, 'openid-M', 'member', 'history', { book: 'wallet', limit, ...extra, ...(before ? { before } : {}) });
    rows.push(...page.data.items);
    before = page.data.nextCursor ?? undefined;
  } while (before);
  return rows;
}

it('never splits one posting over two rows, whatever the page size', async () => {
  for (let i = 0; i < 3; i++) await topUp(cloud, 'openid-M', 'p100');
  const code = await memberCode(cloud, 'openid-M');
  // One payment across three lots: six entries, more than one page's batch of 4 × 1 + 1.
  expect((await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: 300_00, walletFen: 300_00 }, requestId())).ok).toBe(true);
  const rows = await allRows(1);
  expect(rows.map((r) => r.amount)).toEqual([-300_00, 120_00, 120_00, 120_00]);
});

it('filtered by kind, a row still shows the balance after it', async () => {
  await topUp(cloud, 'openid-M', 'p100');
  const pay = async (fen: number) => {
    const code = await memberCode(cloud, 'openid-M');
    expect((await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: fen, walletFen: fen }, requestId())).ok).toBe(true);
  };
  await pay(38_50);
  await topUp(cloud, 'openid-M', 'p100');
  await pay(1); // one fen: from one asset only (here the principal), the other does not move
  const all = await allRows(20);
  expect(all[0]).toMatchObject({ amount: -1, balanceAfter: 240_00 - 38_51 });
  // The client offers no kind filter for the wallet, but the API takes one.
  const payments = await allRows(20, { kind: 'wallet_pay' });
  expect(payments.map((r) => r.balanceAfter)).toEqual([240_00 - 38_51, 120_00 - 38_50]);
});
