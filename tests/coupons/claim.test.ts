import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { OPERATOR, onASeededCloudEachTest, register, requestId, setClock } from '../support/world';
import { asPhone, createTemplate } from './helpers';

// Claims through the member function over the emulator: stock and limits under concurrency,
// refusals that change nothing, validity computed at the claim in the brand's zone.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const dump = (name: string) => cloud.db.dump(name) as any[];
const issuedOf = (templateId: string) => dump('coupon_stock').filter((s) => s.templateId === templateId).reduce((sum, s) => sum + s.issued, 0);

async function members(count: number, prefix = 'openid-m'): Promise<string[]> {
  const openids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (const openid of openids) await register(cloud, openid);
  return openids;
}

it('500 members claiming against a stock of 100 get exactly 100 coupons; the other 400 are told OUT_OF_STOCK', async () => {
  const templateId = await createTemplate(cloud, { stock: 100 });
  const openids = await members(500);
  const answers = await Promise.all(openids.map((openid) => asPhone(cloud, openid, 'member', 'claimCoupon', { templateId })));
  expect(answers.filter((a) => a.ok)).toHaveLength(100);
  expect(answers.filter((a) => !a.ok).map((a) => a.code)).toEqual(Array(400).fill('OUT_OF_STOCK'));
  const coupons = dump('coupons');
  expect(coupons).toHaveLength(100);
  expect(new Set(coupons.map((c) => c.memberId)).size).toBe(100);
  expect(issuedOf(templateId)).toBe(100);
  const list = await callAs(cloud, OPERATOR, 'admin', 'listCouponTemplates', {});
  expect(list.data.templates[0]).toMatchObject({ templateId, stock: 100, issued: 100, redeemed: 0, expired: 0 });
}, 120_000);

it('20 parallel claims by one member with a limit of 1 give one coupon', async () => {
  const templateId = await createTemplate(cloud, { stock: 50, perMemberLimit: 1 });
  const [openid] = await members(1);
  const answers = await Promise.all(Array.from({ length: 20 }, () => asPhone(cloud, openid, 'member', 'claimCoupon', { templateId })));
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  expect(new Set(answers.filter((a) => !a.ok).map((a) => a.code))).toEqual(new Set(['CLAIM_LIMIT_REACHED']));
  expect(dump('coupons')).toHaveLength(1);
  expect(issuedOf(templateId)).toBe(1);
  expect(dump('coupon_claims')).toMatchObject([{ templateId, total: 1, dayCount: 1 }]);
});

it('a retried claim answers its first coupon', async () => {
  const templateId = await createTemplate(cloud, { stock: 5, perMemberLimit: 3 });
  const [openid] = await members(1);
  const id = requestId();
  const first = await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, id);
  const again = await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, id);
  expect(first.ok).toBe(true);
  expect(again).toEqual({ ...first, replayed: true });
  expect(dump('coupons')).toHaveLength(1);
});

it('the per-day limit counts brand-zone days: refused at 23:59 Shanghai, allowed at 00:00', async () => {
  const templateId = await createTemplate(cloud, { stock: 10, perMemberLimit: 5, perMemberPerDayLimit: 1 });
  const [openid] = await members(1);
  setClock('2026-06-10T15:00:00Z'); // 23:00 Shanghai
  expect((await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId())).ok).toBe(true);
  setClock('2026-06-10T15:59:00Z'); // 23:59
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId())).toMatchObject({ ok: false, code: 'DAILY_CLAIM_LIMIT_REACHED', message: '今天已领满，明天再来吧' });
  expect(snapshotAll(cloud)).toEqual(before);
  const center = await callAs(cloud, openid, 'member', 'couponCenter', {});
  expect(center.data.templates[0]).toMatchObject({ templateId, remainingStock: 9, remainingForMe: 0, blockedReason: '今天已领满，明天再来吧' });
  setClock('2026-06-10T16:00:00Z'); // 00:00 on the 11th
  expect((await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId())).ok).toBe(true);
  expect(dump('coupon_claims')).toMatchObject([{ total: 2, day: '2026-06-11', dayCount: 1 }]);
});

it('a paused template refuses and changes nothing; resumed, it serves again', async () => {
  const templateId = await createTemplate(cloud);
  const [openid] = await members(1);
  expect((await callAs(cloud, OPERATOR, 'admin', 'pauseCouponTemplate', { templateId }, requestId())).data).toMatchObject({ state: 'paused' });
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId())).toMatchObject({ ok: false, code: 'COUPON_TEMPLATE_PAUSED' });
  expect(snapshotAll(cloud)).toEqual(before);
  expect((await callAs(cloud, openid, 'member', 'couponCenter', {})).data.templates).toEqual([]);
  await callAs(cloud, OPERATOR, 'admin', 'resumeCouponTemplate', { templateId }, requestId());
  expect((await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId())).ok).toBe(true);
  const audits = dump('audit_log').filter((e) => e.target.id === templateId);
  expect(audits.map((e) => e.action)).toEqual(['createCouponTemplate', 'pauseCouponTemplate', 'resumeCouponTemplate']);
});

it('refuses an unknown template, a tier below the minimum, and an empty stock, changing nothing', async () => {
  const gold = await createTemplate(cloud, { minTierCode: 'gold' });
  const one = await createTemplate(cloud, { stock: 1 });
  const [a, b] = await members(2);
  expect((await callAs(cloud, a, 'member', 'claimCoupon', { templateId: one }, requestId())).ok).toBe(true);
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, b, 'member', 'claimCoupon', { templateId: 'ct-nope' }, requestId())).toMatchObject({ ok: false, code: 'COUPON_TEMPLATE_NOT_FOUND' });
  expect(await callAs(cloud, b, 'member', 'claimCoupon', { templateId: gold }, requestId())).toMatchObject({ ok: false, code: 'TIER_TOO_LOW', message: '金卡及以上会员才能领取' });
  expect(await callAs(cloud, b, 'member', 'claimCoupon', { templateId: one }, requestId())).toMatchObject({ ok: false, code: 'OUT_OF_STOCK' });
  expect(snapshotAll(cloud)).toEqual(before);
});

it('a raised stock serves claims again', async () => {
  const templateId = await createTemplate(cloud, { stock: 1 });
  const [a, b] = await members(2);
  expect((await callAs(cloud, a, 'member', 'claimCoupon', { templateId }, requestId())).ok).toBe(true);
  expect((await callAs(cloud, b, 'member', 'claimCoupon', { templateId }, requestId())).code).toBe('OUT_OF_STOCK');
  const raised = await callAs(cloud, OPERATOR, 'admin', 'raiseCouponStock', { templateId, add: 3 }, requestId());
  expect(raised.data).toMatchObject({ stock: 4, issued: 1 });
  expect((await callAs(cloud, b, 'member', 'claimCoupon', { templateId }, requestId())).ok).toBe(true);
  expect(dump('coupon_stock').filter((s) => s.templateId === templateId).reduce((sum, s) => sum + s.stock, 0)).toBe(4);
});

it('N days from the claim, and from the next day, end at a Shanghai midnight; the coupon keeps the rules it was issued with', async () => {
  const sameDay = await createTemplate(cloud, { validity: { type: 'days_after_claim', days: 3, startNextDay: false } });
  const nextDay = await createTemplate(cloud, { validity: { type: 'days_after_claim', days: 3, startNextDay: true } });
  const [openid] = await members(1);
  setClock('2026-06-10T15:59:00Z'); // 23:59 Shanghai on the 10th
  const a = await callAs(cloud, openid, 'member', 'claimCoupon', { templateId: sameDay }, requestId());
  const b = await callAs(cloud, openid, 'member', 'claimCoupon', { templateId: nextDay }, requestId());
  // From the claim itself (the clock runs on from 23:59:00 while the test does).
  expect(Date.parse(a.data.validFrom) - Date.parse('2026-06-10T15:59:00Z')).toBeGreaterThanOrEqual(0);
  expect(Date.parse(a.data.validFrom) - Date.parse('2026-06-10T15:59:00Z')).toBeLessThan(30_000);
  expect(a.data.validUntil).toBe('2026-06-12T16:00:00.000Z');
  expect(b.data).toMatchObject({ validFrom: '2026-06-10T16:00:00.000Z', validUntil: '2026-06-13T16:00:00.000Z' });
  const coupon = dump('coupons').find((c) => c._id === a.data.couponId);
  expect(coupon).toMatchObject({ status: 'available', rules: { name: '满100减20', benefit: { kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 } } });

  setClock('2026-06-12T16:00:00Z'); // the first has just ended
  const available = await callAs(cloud, openid, 'member', 'myCoupons', { status: 'available' });
  const expired = await callAs(cloud, openid, 'member', 'myCoupons', { status: 'expired' });
  expect(available.data.coupons.map((c: any) => c.couponId)).toEqual([b.data.couponId]);
  expect(expired.data.coupons).toMatchObject([{ couponId: a.data.couponId, status: 'expired', summary: ['满100元减20元', '领取当日起3天内有效', '全部门店可用', '不可与其他券同时使用'] }]);
  const list = await callAs(cloud, OPERATOR, 'admin', 'listCouponTemplates', {});
  expect(list.data.templates.find((t: any) => t.templateId === sameDay)).toMatchObject({ issued: 1, expired: 1 });
  expect(list.data.templates.find((t: any) => t.templateId === nextDay)).toMatchObject({ issued: 1, expired: 0 });
});

it('myCoupons pages newest first', async () => {
  const templateId = await createTemplate(cloud, { stock: 30, perMemberLimit: 25 });
  const [openid] = await members(1);
  for (let i = 0; i < 23; i++) expect((await callAs(cloud, openid, 'member', 'claimCoupon', { templateId }, requestId())).ok).toBe(true);
  const first = await callAs(cloud, openid, 'member', 'myCoupons', { status: 'available' });
  expect(first.data.coupons).toHaveLength(20);
  const second = await callAs(cloud, openid, 'member', 'myCoupons', { status: 'available', cursor: first.data.nextCursor });
  expect(second.data.coupons).toHaveLength(3);
  expect(second.data.nextCursor).toBeNull();
  expect(new Set([...first.data.coupons, ...second.data.coupons].map((c: any) => c.couponId)).size).toBe(23);
});

it('a member sees only their own coupons', async () => {
  const templateId = await createTemplate(cloud);
  const [a, b] = await members(2);
  await callAs(cloud, a, 'member', 'claimCoupon', { templateId }, requestId());
  expect((await callAs(cloud, b, 'member', 'myCoupons', { status: 'available' })).data.coupons).toEqual([]);
});

it('no claim the stock could serve fails: 300 members at once against a stock of 10,000 all get one', async () => {
  const templateId = await createTemplate(cloud, { stock: 10_000 });
  const openids = await members(300);
  const answers = await Promise.all(openids.map((openid) => asPhone(cloud, openid, 'member', 'claimCoupon', { templateId })));
  expect(answers.filter((a) => !a.ok)).toEqual([]);
  expect(issuedOf(templateId)).toBe(300);
}, 120_000);

it('a stock smaller than the shards (3 over 8) still gives exactly 3 to 12 members at once', async () => {
  const templateId = await createTemplate(cloud, { stock: 3 });
  const openids = await members(12);
  const answers = await Promise.all(openids.map((openid) => asPhone(cloud, openid, 'member', 'claimCoupon', { templateId })));
  expect(answers.filter((a) => a.ok)).toHaveLength(3);
  expect(answers.filter((a) => !a.ok).map((a) => a.code)).toEqual(Array(9).fill('OUT_OF_STOCK'));
  expect(dump('coupons')).toHaveLength(3);
});

it('the coupon center shows remaining stock, the caller’s own remaining limit, and why a template is out of reach', async () => {
  setClock('2026-06-10T02:00:00Z');
  const everyday = await createTemplate(cloud, { name: '每日券', stock: 10, perMemberLimit: 3, perMemberPerDayLimit: 2 });
  const gold = await createTemplate(cloud, { name: '金卡券', minTierCode: 'gold' });
  const ended = await createTemplate(cloud, { name: '已结束', validity: { type: 'fixed', from: '2026-06-01T00:00:00+08:00', until: '2026-07-01T00:00:00+08:00' } });
  const [a, b] = await members(2);
  await callAs(cloud, a, 'member', 'claimCoupon', { templateId: everyday }, requestId());
  setClock('2026-07-02T00:00:00Z'); // the fixed window has ended
  const center = await callAs(cloud, a, 'member', 'couponCenter', {});
  const byId = Object.fromEntries(center.data.templates.map((t: any) => [t.templateId, t]));
  expect(Object.keys(byId).sort()).toEqual([everyday, gold].sort());
  expect(byId[everyday]).toMatchObject({ name: '每日券', remainingStock: 9, remainingForMe: 2, blockedReason: null });
  expect(byId[gold]).toMatchObject({ remainingStock: 100, remainingForMe: 1, blockedReason: '金卡及以上会员才能领取' });
  expect(ended).toBeTruthy();
  const other = await callAs(cloud, b, 'member', 'couponCenter', {});
  expect(other.data.templates.find((t: any) => t.templateId === everyday)).toMatchObject({ remainingStock: 9, remainingForMe: 2 });
});

it('a member with an operator’s gold override may claim a gold template', async () => {
  const gold = await createTemplate(cloud, { minTierCode: 'gold' });
  const [openid] = await members(1);
  const member = dump('members').find((m) => m.openid === openid);
  const until = new Date(Date.now() + 86_400_000).toISOString();
  const override = await callAs(cloud, OPERATOR, 'admin', 'setTierOverride', { memberNo: member.memberNo, tierCode: 'gold', until, reason: '活动升级' }, requestId());
  expect(override.ok).toBe(true);
  expect((await callAs(cloud, openid, 'member', 'claimCoupon', { templateId: gold }, requestId())).ok).toBe(true);
});
