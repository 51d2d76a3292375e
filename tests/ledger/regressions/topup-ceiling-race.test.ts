import type { LocalCloud } from '../../../scripts/local-cloud';
import { checkLedger } from '../../../cloudfunctions/core/ledger/check';
import { callAs } from '../../support/cloud';
import { TEST_BRAND, acceptStoredValueAgreement, account, balances, onASeededCloudEachTest, register, requestId, seedWorld, setClock } from '../../support/world';

// Thirty createTopup calls at once at a ¥1,000 ceiling placed thirty orders and, once paid, put
// ¥18,000 in the wallet: each counted the unpaid orders with a query outside its transaction and
// none of them conflicted. The room an unpaid order holds now lives on a document its transaction
// reads and writes.

const CEILING = 500_00; // p100 (pay 100, get 120) fits four times: 480.00
let cloud: LocalCloud;
let memberId: string;
let errorLog: jest.SpyInstance;
onASeededCloudEachTest((seeded) => (cloud = seeded));
beforeEach(async () => {
  errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  await seedWorld({ wallet: { ...TEST_BRAND.wallet, maxBalanceFen: CEILING } });
  ({ memberId } = await register(cloud, 'openid-M'));
  await acceptStoredValueAgreement(cloud, 'openid-M');
});
afterEach(() => errorLog.mockRestore());

const orders = () => cloud.db.dump('payment_orders') as { _id: string; principalFen: number; bonusFen: number; status: string }[];

it('thirty concurrent top-up orders place no more than fits under the ceiling, and paying them all stays under it', async () => {
  const answers = await Promise.all(Array.from({ length: 30 }, () => callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, requestId())));
  const placed = answers.filter((a) => a.ok);
  // Every refusal is the ceiling or, for a call that lost the race too often, BUSY (nothing placed).
  for (const refused of answers.filter((a) => !a.ok)) expect(['WALLET_LIMIT_EXCEEDED', 'BUSY']).toContain(refused.code);
  expect(placed.length).toBeGreaterThanOrEqual(1);
  expect(placed.length).toBeLessThanOrEqual(4);
  expect(orders()).toHaveLength(placed.length);
  expect(orders().reduce((t, o) => t + o.principalFen + o.bonusFen, 0)).toBeLessThanOrEqual(CEILING);

  for (const order of placed) await cloud.services.completePayment(order.data.outTradeNo);
  const { principal, bonus } = balances(cloud, memberId);
  expect(principal + bonus).toBe(placed.length * 120_00);
  expect(principal + bonus).toBeLessThanOrEqual(CEILING);
  // Paid orders hold nothing any more: the room left is the ceiling minus the balance.
  expect(account(cloud, memberId, 'wallet_principal').topupHolds).toEqual([]);
  expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
});

it('an unpaid order stops holding room after WeChat Pay’s two hours without any job, and a late payment is still credited', async () => {
  setClock('2026-03-10T04:00:00Z');
  const first = await Promise.all(Array.from({ length: 6 }, () => callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, requestId())));
  const unpaid = first.filter((a) => a.ok);
  expect(unpaid.length).toBeLessThanOrEqual(4);
  const full = await callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, requestId());
  if (unpaid.length === 4) expect(full).toMatchObject({ ok: false, code: 'WALLET_LIMIT_EXCEEDED' });

  setClock('2026-03-10T06:00:01Z'); // every one of those orders is past its time_expire
  const again = await Promise.all(Array.from({ length: 6 }, () => callAs(cloud, 'openid-M', 'member', 'createTopup', { packageId: 'p100' }, requestId())));
  const fresh = again.filter((a) => a.ok);
  expect(fresh.length).toBeGreaterThanOrEqual(1);
  expect(fresh.length).toBeLessThanOrEqual(4);
  // Only the new orders are held; the expired ones were dropped when the document was read.
  expect(account(cloud, memberId, 'wallet_principal').topupHolds.map((h: any) => h.outTradeNo).sort()).toEqual(fresh.map((a) => a.data.outTradeNo).sort());

  // Money that arrives is always credited, even for an order past its two hours.
  await cloud.services.completePayment(unpaid[0].data.outTradeNo);
  expect(balances(cloud, memberId)).toMatchObject({ principal: 100_00, bonus: 20_00 });
  expect(account(cloud, memberId, 'wallet_principal').topupHolds).toHaveLength(fresh.length);
  expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
});
