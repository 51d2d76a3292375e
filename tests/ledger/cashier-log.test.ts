import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { CASHIER, CASHIER_2, memberCode, register, requestId, onASeededCloudEachTest, setClock } from '../support/world';

// The cashier's 今日记录: today's purchases in the brand's zone, paged, with totals from the server.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

async function sell(cashier: string, amountFen: number) {
  const code = await memberCode(cloud, 'openid-M');
  const sold = await callAs(cloud, cashier, 'staff', 'recordPurchase', { code, amountFen }, requestId());
  expect(sold.ok).toBe(true);
  return sold.data.purchaseId as string;
}

it('pages through the day and totals it, refunds and other days and cashiers apart', async () => {
  await register(cloud, 'openid-M');
  setClock('2026-03-09T15:59:00Z'); // 23:59 the day before, in Shanghai
  await sell(CASHIER, 99_00);
  setClock('2026-03-09T16:01:00Z'); // 00:01 on 10 March
  const ids: string[] = [];
  for (let i = 1; i <= 25; i++) ids.push(await sell(CASHIER, i * 100));
  await sell(CASHIER_2, 50_00);
  const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: ids[0] }, requestId());
  expect(refund.ok).toBe(true);

  const first = await callAs(cloud, CASHIER, 'staff', 'myPurchases', {});
  expect(first.data).toMatchObject({ day: '2026-03-10', count: 25, takenFen: (325 - 1) * 100 });
  expect(first.data.items).toHaveLength(20);
  const second = await callAs(cloud, CASHIER, 'staff', 'myPurchases', { before: first.data.nextCursor });
  expect(second.data.items).toHaveLength(5);
  expect(second.data.nextCursor).toBeNull();
  const listed = [...first.data.items, ...second.data.items].map((p: { purchaseId: string }) => p.purchaseId);
  expect(listed).toHaveLength(25);
  expect(new Set(listed)).toEqual(new Set(ids));
  const times = [...first.data.items, ...second.data.items].map((p: { createdAt: string }) => p.createdAt);
  expect(times).toEqual([...times].sort().reverse()); // newest first
  expect([...first.data.items, ...second.data.items].find((p: { purchaseId: string }) => p.purchaseId === ids[0])).toMatchObject({ status: 'refunded' });
});
