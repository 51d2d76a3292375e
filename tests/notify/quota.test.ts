import type { LocalCloud } from '../../scripts/local-cloud';
import { acceptedByKey, sendWithQuota } from '../../cloudfunctions/core/notify/quota';
import { jobContext } from '../overview/support';
import { callAs, snapshotAll } from '../support/cloud';
import { OPERATOR, onASeededCloudEachTest, register, requestId, setClock } from '../support/world';
import { giveQuota } from './support';

// The subscribe-message quota: one message per accepted consent; a send spends one first, a
// send with none left is skipped and counted (never attempted); counters per template and day.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-subscriber';
const POINTS = 'local-template-points-expiry';
const COUPON = 'local-template-coupon-expiry';
const dump = (name: string) => cloud.db.dump(name) as any[];
const counter = (id: string) => dump('notify_counters').find((c) => c._id === id);
const quotaOf = (memberId: string) => dump('subscribe_quotas').find((q) => q._id === memberId)?.quotas ?? {};

function send(memberId: string, openid = M, data: Record<string, { value: string }> = { thing1: { value: '100 积分即将过期' }, date2: { value: '2026-06-30' } }) {
  return sendWithQuota(jobContext(), { memberId, openid, template: 'pointsExpiry', page: 'pages/index/index', data, timeZone: 'Asia/Shanghai' });
}

describe('acceptedByKey (pure)', () => {
  it.each([
    [{ [POINTS]: 'accept' }, { pointsExpiry: 1 }],
    [{ [POINTS]: 'accept', [COUPON]: 'reject' }, { pointsExpiry: 1 }],
    [{ [POINTS]: 'ban', [COUPON]: 'filter' }, {}],
    [{ [POINTS]: 'accept', [COUPON]: 'accept', 'local-template-monthly-pack': 'accept' }, { pointsExpiry: 1, couponExpiry: 1, monthlyPack: 1 }],
  ] as const)('%j → %j', (results, expected) => {
    expect(acceptedByKey(results as any)).toEqual(expected);
  });

  it('refuses an unknown template id on results', () => {
    expect(() => acceptedByKey({ 'someone-elses-template': 'accept' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'results' }));
  });
});

it('3 accepts → 3 sends; the 4th is skipped, counted and never attempted', async () => {
  setClock('2026-06-10T02:00:00Z');
  const { memberId } = await register(cloud, M);
  for (let i = 0; i < 3; i++) {
    const answer = await callAs(cloud, M, 'member', 'recordSubscribeConsent', { results: { [POINTS]: 'accept', [COUPON]: 'reject' } }, requestId());
    expect(answer).toMatchObject({ ok: true, data: { quotas: { pointsExpiry: i + 1 } } });
  }
  expect(quotaOf(memberId)).toEqual({ pointsExpiry: 3 });
  expect(counter('pointsExpiry:2026-06-10')).toMatchObject({ consents: 3, sent: 0, skippedNoQuota: 0 });

  expect(await send(memberId)).toBe('sent');
  expect(await send(memberId)).toBe('sent');
  expect(await send(memberId)).toBe('sent');
  expect(await send(memberId)).toBe('skipped_no_quota');
  expect(dump('outbox')).toHaveLength(3);
  expect(quotaOf(memberId)).toEqual({ pointsExpiry: 0 });
  expect(counter('pointsExpiry:2026-06-10')).toMatchObject({ template: 'pointsExpiry', day: '2026-06-10', consents: 3, sent: 3, skippedNoQuota: 1, failed: 0 });
  // The other template was refused: no quota, no consent counted.
  expect(counter('couponExpiry:2026-06-10')).toBeUndefined();
});

it('a retried consent (same request id) adds nothing and is counted once', async () => {
  setClock('2026-06-10T02:00:00Z');
  const { memberId } = await register(cloud, M);
  const id = requestId();
  const first = await callAs(cloud, M, 'member', 'recordSubscribeConsent', { results: { [POINTS]: 'accept' } }, id);
  const again = await callAs(cloud, M, 'member', 'recordSubscribeConsent', { results: { [POINTS]: 'accept' } }, id);
  expect(first).toMatchObject({ ok: true, data: { quotas: { pointsExpiry: 1 } } });
  expect(again).toMatchObject({ ok: true, data: { quotas: { pointsExpiry: 1 } } });
  expect(quotaOf(memberId)).toEqual({ pointsExpiry: 1 });
  expect(counter('pointsExpiry:2026-06-10').consents).toBe(1);
});

it('20 parallel sends on a quota of 3: exactly 3 sent, 17 skipped, the quota 0 and never below', async () => {
  setClock('2026-06-10T02:00:00Z');
  const { memberId } = await register(cloud, M);
  await giveQuota(cloud, M, { [POINTS]: 3 });
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => send(memberId)));
  expect(outcomes.filter((o) => o === 'sent')).toHaveLength(3);
  expect(outcomes.filter((o) => o === 'skipped_no_quota')).toHaveLength(17);
  expect(dump('outbox')).toHaveLength(3);
  expect(quotaOf(memberId)).toEqual({ pointsExpiry: 0 });
  expect(counter('pointsExpiry:2026-06-10')).toMatchObject({ sent: 3, skippedNoQuota: 17, consents: 3 });
});

it('a send WeChat refuses is counted as failed and its quota stays spent', async () => {
  setClock('2026-06-10T02:00:00Z');
  const { memberId } = await register(cloud, M);
  await giveQuota(cloud, M, { [POINTS]: 2 });
  const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  // thing1 over 20 characters: the service answers 47003.
  expect(await send(memberId, M, { thing1: { value: '这是一条远远超过二十个字符长度限制的提醒消息内容啊' }, date2: { value: '2026-06-30' } })).toBe('failed');
  expect(dump('outbox')).toHaveLength(0);
  expect(quotaOf(memberId)).toEqual({ pointsExpiry: 1 });
  expect(counter('pointsExpiry:2026-06-10')).toMatchObject({ failed: 1, sent: 0 });
  expect(warned).toHaveBeenCalledWith('subscribe message not sent', 47003);
  warned.mockRestore();
});

it('counts on the brand-zone day: 16:00 UTC is already the next day in Shanghai', async () => {
  setClock('2026-06-10T15:59:00Z');
  const { memberId } = await register(cloud, M);
  await giveQuota(cloud, M, { [POINTS]: 2 });
  await send(memberId);
  setClock('2026-06-10T16:00:00Z');
  await send(memberId);
  expect(counter('pointsExpiry:2026-06-10')).toMatchObject({ sent: 1, consents: 2 });
  expect(counter('pointsExpiry:2026-06-11')).toMatchObject({ sent: 1, consents: 0 });
});

it('subscribeMessageStats sums the days asked for, per template', async () => {
  setClock('2026-06-10T02:00:00Z');
  const { memberId } = await register(cloud, M);
  await giveQuota(cloud, M, { [POINTS]: 1, [COUPON]: 1 });
  await send(memberId);
  await send(memberId);
  setClock('2026-06-12T02:00:00Z');
  await send(memberId);
  const stats = await callAs(cloud, OPERATOR, 'admin', 'subscribeMessageStats', { from: '2026-06-10', to: '2026-06-12' });
  expect(stats).toMatchObject({ ok: true, data: { from: '2026-06-10', to: '2026-06-12' } });
  expect(stats.data.rows).toEqual([
    { template: 'pointsExpiry', sent: 1, skippedNoQuota: 2, failed: 0, consents: 1 },
    { template: 'tierChange', sent: 0, skippedNoQuota: 0, failed: 0, consents: 0 },
    { template: 'couponExpiry', sent: 0, skippedNoQuota: 0, failed: 0, consents: 1 },
    { template: 'membershipExpiry', sent: 0, skippedNoQuota: 0, failed: 0, consents: 0 },
    { template: 'monthlyPack', sent: 0, skippedNoQuota: 0, failed: 0, consents: 0 },
  ]);
  const oneDay = await callAs(cloud, OPERATOR, 'admin', 'subscribeMessageStats', { from: '2026-06-12', to: '2026-06-12' });
  expect(oneDay.data.rows[0]).toEqual({ template: 'pointsExpiry', sent: 0, skippedNoQuota: 1, failed: 0, consents: 0 });
});

describe('bad input → a typed error and no state change', () => {
  it.each([
    ['recordSubscribeConsent', { results: {} }],
    ['recordSubscribeConsent', { results: { 'someone-elses-template': 'accept' } }],
    ['recordSubscribeConsent', { results: { [POINTS]: 'accept', [COUPON]: 'accept', 'local-template-tier-change': 'accept', 'local-template-monthly-pack': 'accept' } }],
    ['recordSubscribeConsent', { results: { [POINTS]: 'maybe' } }],
    ['recordSubscribeConsent', { results: { [POINTS]: 'accept' }, extra: 1 }],
    ['recordSubscribeConsent', {}],
  ])('member.%s %j', async (action, input) => {
    setClock('2026-06-10T02:00:00Z');
    await register(cloud, M);
    await giveQuota(cloud, M, { [POINTS]: 1 });
    // Outside the comparison: the refusal's request record, and the call's count under the
    // action's perMinute limit (the router takes it before the input is looked at).
    const { requests: _r, rate_limits: _l, ...before } = snapshotAll(cloud);
    const answer = await callAs(cloud, M, 'member', action, input, requestId());
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const { requests: _r2, rate_limits: _l2, ...after } = snapshotAll(cloud);
    expect(after).toEqual(before);
  });

  it.each([
    [{ from: '2026-06-12', to: '2026-06-10' }],
    [{ from: '2026-02-30', to: '2026-03-01' }],
    [{ from: '2026-01-01', to: '2026-12-31' }],
    [{ from: '20260610', to: '2026-06-12' }],
    [{ from: '2026-06-10' }],
  ])('admin.subscribeMessageStats %j', async (input) => {
    const before = snapshotAll(cloud);
    const answer = await callAs(cloud, OPERATOR, 'admin', 'subscribeMessageStats', input);
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(snapshotAll(cloud)).toEqual(before);
  });

  it('a caller who is not a member is refused and gets no quota document', async () => {
    const answer = await callAs(cloud, 'openid-stranger', 'member', 'recordSubscribeConsent', { results: { [POINTS]: 'accept' } }, requestId());
    expect(answer).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    expect(dump('subscribe_quotas')).toHaveLength(0);
  });
});
