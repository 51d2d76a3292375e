import type { LocalCloud } from '../../../scripts/local-cloud';
import { callAs } from '../../support/cloud';
import { CASHIER, CASHIER_2, memberCode, onASeededCloudEachTest, register, requestId, setClock } from '../../support/world';

// 今日记录 loaded at 23:55 (Shanghai) and scrolled at 00:05: the second page continues the list
// the cursor came from. Answering it with the new day's (empty) filter ends the list after 20 of
// the 25 purchases the header still counts.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));
beforeEach(() => register(cloud, 'openid-M'));

it('the next page of the day log after midnight continues the day it was opened on', async () => {
  setClock('2026-03-10T15:30:00Z'); // 23:30 on 10 March in Shanghai
  for (let i = 1; i <= 25; i++) {
    const code = await memberCode(cloud, 'openid-M');
    expect((await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: i * 100 }, requestId())).ok).toBe(true);
  }
  setClock('2026-03-10T15:55:00Z');
  const first = await callAs(cloud, CASHIER, 'staff', 'myPurchases', {});
  expect(first.data).toMatchObject({ day: '2026-03-10', count: 25 });
  expect(first.data.items).toHaveLength(20);
  setClock('2026-03-10T16:05:00Z'); // 00:05 on 11 March
  const second = await callAs(cloud, CASHIER, 'staff', 'myPurchases', { before: first.data.nextCursor });
  expect(second.data.items).toHaveLength(5);
});

// The cursor carries the day the log was opened on. Unsigned, a cashier could write one with
// last week's time and read that day's log; now only a cursor the server handed this cashier works.
it('refuses a crafted cursor for another day, and another cashier’s cursor', async () => {
  setClock('2026-03-09T04:00:00Z');
  for (let i = 1; i <= 3; i++) {
    const code = await memberCode(cloud, 'openid-M');
    expect((await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: i * 100 }, requestId())).ok).toBe(true);
  }
  setClock('2026-03-10T04:00:00Z');
  for (let i = 1; i <= 3; i++) {
    const code = await memberCode(cloud, 'openid-M');
    expect((await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code, amountFen: i * 100 }, requestId())).ok).toBe(true);
  }
  const first = await callAs(cloud, CASHIER, 'staff', 'myPurchases', { limit: 1 });
  expect(first.data).toMatchObject({ day: '2026-03-10', count: 3 });
  const [, id, signature] = first.data.nextCursor.split('|');
  const yesterdayNight = String(Date.parse('2026-03-09T15:00:00Z'));
  for (const before of [`${yesterdayNight}|${id}`, `${yesterdayNight}|${id}|${signature}`, `${yesterdayNight}|zzzzzzzz|AAAAAAAAAAAAAAAAAAAAAA`]) {
    expect(await callAs(cloud, CASHIER, 'staff', 'myPurchases', { before })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'before' });
  }
  expect(await callAs(cloud, CASHIER_2, 'staff', 'myPurchases', { before: first.data.nextCursor })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  const second = await callAs(cloud, CASHIER, 'staff', 'myPurchases', { before: first.data.nextCursor, limit: 5 });
  expect(second.data.items).toHaveLength(2);
});
