import type { LocalCloud } from '../../scripts/local-cloud';
import { OVERVIEW_STATS_ID, ROLLUP_PROGRESS_ID, STATS, sumAccounts } from '../../cloudfunctions/core/overview/rollup';
import { brandCalendar, storeDay } from '../../cloudfunctions/core/overview/figures';
import { callAs } from '../support/cloud';
import { CASHIER, OPERATOR, STORE, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock, topUp } from '../support/world';
import { fullScan, jobContext, rollup, storesOf } from './support';

let cloud: LocalCloud;
onASeededCloudEachTest((c) => (cloud = c));

const STORE_B = 'store-b';
const CASHIER_B = 'openid-cashier-b';
const ANALYST = 'openid-analyst';
/** Wednesday 2026-05-06, 12:00 in Shanghai; the week began on Monday 2026-05-04 00:00 (+08). */
const NOW = '2026-05-06T04:00:00Z';

async function ok(promise: Promise<any>): Promise<any> {
  const answer = await promise;
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  return answer.data;
}

async function buy(cashier: string, openid: string, amountFen: number, walletFen = 0): Promise<string> {
  const data = await ok(callAs(cloud, cashier, 'staff', 'recordPurchase', { code: await memberCode(cloud, openid), amountFen, walletFen }, requestId()));
  return data.purchaseId;
}

const overview = (openid = OPERATOR) => ok(callAs(cloud, openid, 'admin', 'overview'));

/**
 * Four members registered at the week's edges, purchases and refunds at two stores over two
 * days, top-ups, a wallet payment, and a points debt (points spent, then their purchase refunded).
 */
async function seedBrand() {
  const db = sdkDb();
  await db.collection('stores').doc(STORE_B).set({ data: { name: '二号店', address: '二号路', active: true } });
  await db.collection('staff').doc(CASHIER_B).set({ data: { storeId: STORE_B, name: '收银员乙', active: true } });
  await db.collection('operators').doc(ANALYST).set({ data: { name: '分析', role: 'analyst', active: true } });

  setClock('2026-04-20T04:00:00Z');
  const old = await register(cloud, 'openid-old');
  await topUp(cloud, 'openid-old', 'p100');
  setClock('2026-05-03T17:00:00Z'); // Monday 01:00
  const monday = await register(cloud, 'openid-monday');
  setClock('2026-05-05T15:59:00Z'); // Tuesday 23:59
  await register(cloud, 'openid-tuesday');
  const yesterdays = await buy(CASHIER, 'openid-old', 2000);
  setClock('2026-05-05T16:01:00Z'); // Wednesday 00:01
  await register(cloud, 'openid-today');

  setClock(NOW);
  const first = await buy(CASHIER, 'openid-monday', 10000);
  await ok(callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo: monday.memberNo, amount: -80, reason: '兑换礼品' }, requestId()));
  await buy(CASHIER, 'openid-old', 3000);
  await buy(CASHIER_B, 'openid-old', 12000, 6000);
  await topUp(cloud, 'openid-today', 'p500');
  await ok(callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: first }, requestId()));
  await ok(callAs(cloud, OPERATOR, 'admin', 'refundPurchase', { purchaseId: yesterdays, reason: '顾客退货' }, requestId()));
  return { old };
}

it('answers members, ledger totals and today per store as hand-counted, and as a full scan computes them', async () => {
  await seedBrand();
  const before = await overview();
  // No rollup pass has finished: the ledger figures are missing, never scanned on open.
  expect(before.ledger).toBeNull();

  const pass = await rollup();
  expect(pass).toMatchObject({ done: true, failed: 0 });
  const figures = await overview();
  expect(figures.members).toEqual({ total: 4, newToday: 1, newThisWeek: 3 });
  // Points: old earned 20 + 30 + 120 and lost the 20 of the refunded purchase = 150; monday
  // earned 100, spent 80, then the refund takes the 100: 20 from the balance, 80 owed.
  expect(figures.ledger).toEqual({
    points: { outstanding: 150, debt: 80 },
    // p100 (10000 + 2000) less a 6000 wallet payment drawn 5000 : 1000, and p500 (50000 + 10000).
    wallet: { principalFen: 10000 - 5000 + 50000, bonusFen: 2000 - 1000 + 10000 },
    asOf: expect.stringMatching(/^2026-05-06T04:00:0/),
  });
  expect(figures.today).toEqual({
    day: '2026-05-06',
    stores: [
      { storeId: STORE, name: '测试门店', purchases: 2, amountFen: 13000, refunds: 2, refundFen: 12000 },
      { storeId: STORE_B, name: '二号店', purchases: 1, amountFen: 12000, refunds: 0, refundFen: 0 },
    ],
    total: { purchases: 3, amountFen: 25000, refunds: 2, refundFen: 12000 },
  });

  const scan = fullScan(cloud, new Date(NOW));
  expect(scan.fromAccounts).toEqual(scan.fromEntries);
  expect({ points: figures.ledger.points, wallet: figures.ledger.wallet }).toEqual(scan.fromEntries);
  expect(storesOf(figures)).toEqual(scan.stores);

  // An analyst reads the same figures; a store manager reads their store's day and nothing brand-wide.
  expect(await overview(ANALYST)).toEqual({ ...figures, now: expect.any(String) });
  await sdkDb().collection('operators').doc('openid-sm').set({ data: { name: '店长', role: 'store_manager', storeIds: [STORE], active: true } });
  expect(await overview('openid-sm')).toEqual({
    now: expect.any(String),
    scope: 'stores',
    members: null,
    ledger: null,
    today: {
      day: figures.today.day,
      stores: [{ storeId: STORE, name: '测试门店', purchases: 2, amountFen: 13000, refunds: 2, refundFen: 12000 }],
      total: { purchases: 2, amountFen: 13000, refunds: 2, refundFen: 12000 },
    },
  });
});

it('gives the same figures when a pass is interrupted after one chunk and resumed, and publishes only whole passes', async () => {
  await seedBrand();
  const whole = await rollup({ chunkSize: 3 });
  const published = await overview();

  // A later pass, stopped after its first chunk: the published figures stay those of the last whole pass.
  setClock('2026-05-06T05:00:00Z');
  await ok(callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo: (await register(cloud, 'openid-old')).memberNo, amount: 7, reason: '补发' }, requestId()));
  const part = await rollup({ chunkSize: 3, maxChunks: 1 });
  expect(part).toMatchObject({ processed: 1, done: false });
  const progress = cloud.db.dump(STATS).find((d) => d._id === ROLLUP_PROGRESS_ID);
  expect(progress).toMatchObject({ cursor: expect.any(String), chunks: 1 });
  expect(await overview()).toMatchObject({ ledger: published.ledger });

  // A crash in the middle of the next chunk: nothing of it is kept, the failure is recorded.
  let calls = 0;
  const crashing = jobContext({
    transaction: async (work) => {
      calls += 1;
      if (calls === 2) throw new Error('function instance lost');
      return jobContext().transaction(work);
    },
  });
  const crashed = await rollup({ chunkSize: 3 }, crashing);
  expect(crashed).toMatchObject({ done: false, failed: 1 });
  expect(cloud.db.dump('job_failures')).toEqual([expect.objectContaining({ job: 'overview-rollup', error: 'function instance lost' })]);

  const resumed = await rollup({ chunkSize: 3 });
  expect(resumed).toMatchObject({ done: true, failed: 0 });
  const figures = await overview();
  expect(figures.ledger.points.outstanding).toBe(published.ledger.points.outstanding + 7);
  expect({ points: figures.ledger.points, wallet: figures.ledger.wallet }).toEqual(fullScan(cloud, new Date()).fromEntries);
  expect(whole.processed).toBe(Math.ceil((cloud.db.dump('accounts').length + 1) / 3));
  expect(cloud.db.dump(STATS).find((d) => d._id === OVERVIEW_STATS_ID)).toMatchObject({ accounts: cloud.db.dump('accounts').length, passStartedAt: expect.any(Date) });
});

it('counts every account once when two ticks run the pass at the same time', async () => {
  await seedBrand();
  const results = await Promise.all([rollup({ chunkSize: 2 }), rollup({ chunkSize: 2 }), rollup({ chunkSize: 2 })]);
  expect(results.some((r) => r.done)).toBe(true);
  const figures = await overview();
  expect({ points: figures.ledger.points, wallet: figures.ledger.wallet }).toEqual(fullScan(cloud, new Date(NOW)).fromEntries);
  expect(cloud.db.dump(STATS).find((d) => d._id === OVERVIEW_STATS_ID).accounts).toBe(cloud.db.dump('accounts').length);
});

it('runs from the cron tick, then waits ten minutes before the next pass', async () => {
  await seedBrand();
  const tick = async () => ok(cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' }) as Promise<any>);
  const first = await tick();
  expect(first.jobs).toContainEqual({ name: 'overview-rollup', processed: 1, done: true, failed: 0 });
  setClock('2026-05-06T04:09:00Z');
  expect((await tick()).jobs).toContainEqual({ name: 'overview-rollup', processed: 0, done: true, failed: 0 });
  setClock('2026-05-06T04:10:05Z');
  expect((await tick()).jobs).toContainEqual({ name: 'overview-rollup', processed: 1, done: true, failed: 0 });
  expect((await overview()).ledger.asOf).toMatch(/^2026-05-06T04:10:0/);
});

describe('pure parts', () => {
  it.each([
    // now (UTC), brand day, day start, week start (Monday 00:00 in Shanghai)
    ['2026-05-06T04:00:00Z', '2026-05-06', '2026-05-05T16:00:00.000Z', '2026-05-03T16:00:00.000Z'],
    ['2026-05-03T15:59:59Z', '2026-05-03', '2026-05-02T16:00:00.000Z', '2026-04-26T16:00:00.000Z'], // Sunday 23:59:59
    ['2026-05-03T16:00:00Z', '2026-05-04', '2026-05-03T16:00:00.000Z', '2026-05-03T16:00:00.000Z'], // Monday 00:00
    ['2026-01-01T01:00:00Z', '2026-01-01', '2025-12-31T16:00:00.000Z', '2025-12-28T16:00:00.000Z'], // a Thursday, week from 2025
  ])('brandCalendar(%s)', (now, day, dayStart, weekStart) => {
    const calendar = brandCalendar(new Date(now), 'Asia/Shanghai');
    expect({ day: calendar.day, dayStart: calendar.dayStart.toISOString(), weekStart: calendar.weekStart.toISOString() }).toEqual({ day, dayStart, weekStart });
    expect(calendar.dayEnd.getTime() - calendar.dayStart.getTime()).toBe(86_400_000);
  });

  it('sums points, debt, principal and bonus apart, ignoring growth', () => {
    const sums = sumAccounts([
      { _id: 'a:points', asset: 'points', balance: 120, debt: 0 },
      { _id: 'b:points', asset: 'points', balance: 0, debt: 35 },
      { _id: 'a:growth', asset: 'growth', balance: 999 },
      { _id: 'a:wallet_principal', asset: 'wallet_principal', balance: 5000 },
      { _id: 'a:wallet_bonus', asset: 'wallet_bonus', balance: 1000 },
    ]);
    expect(sums).toEqual({ points: 120, debt: 35, principalFen: 5000, bonusFen: 1000, accounts: 5 });
  });

  it('lists active stores, and closed ones only when they had business today, busiest first', () => {
    const stores = [
      { _id: 's1', name: '一号店', active: true },
      { _id: 's2', name: '二号店', active: true },
      { _id: 's3', name: '旧店', active: false },
      { _id: 's4', name: '关店', active: false },
    ];
    const result = storeDay(stores, [{ _id: 's2', n: 2, fen: 3000 }, { _id: 's3', n: 1, fen: 100 }], [{ _id: 's2', n: 1, fen: 1000 }, { _id: 'gone', n: 1, fen: 50 }]);
    expect(result).toEqual({
      stores: [
        { storeId: 's2', name: '二号店', purchases: 2, amountFen: 3000, refunds: 1, refundFen: 1000 },
        { storeId: 's3', name: '旧店', purchases: 1, amountFen: 100, refunds: 0, refundFen: 0 },
        { storeId: 'gone', name: '', purchases: 0, amountFen: 0, refunds: 1, refundFen: 50 },
        { storeId: 's1', name: '一号店', purchases: 0, amountFen: 0, refunds: 0, refundFen: 0 },
      ],
      total: { purchases: 3, amountFen: 3100, refunds: 2, refundFen: 1050 },
    });
  });
});
