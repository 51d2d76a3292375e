import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { OPERATOR, onASeededCloudEachTest, register, requestId } from '../support/world';
import { TEMPLATE, asPhone, createTemplate } from './helpers';

// Editing a template: only before anyone holds one of its coupons; after that, pause or raise.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const dump = (name: string) => cloud.db.dump(name) as any[];
const EDITED = { ...TEMPLATE, name: '满200减50', benefit: { kind: 'amount_off', amountFen: 5000, thresholdFen: 20000 }, stock: 16 };

it('a template nobody has claimed can be edited: new rules, stock split afresh, audited', async () => {
  const templateId = await createTemplate(cloud);
  const edited = await callAs(cloud, OPERATOR, 'admin', 'updateCouponTemplate', { templateId, template: EDITED }, requestId());
  expect(edited.data).toMatchObject({ templateId, name: '满200减50', stock: 16, issued: 0, state: 'active', summary: ['满200元减50元', '领取当日起7天内有效', '全部门店可用', '不可与其他券同时使用'] });
  expect(dump('coupon_stock').filter((s) => s.templateId === templateId).map((s) => s.stock)).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
  await register(cloud, 'openid-a');
  const claim = await callAs(cloud, 'openid-a', 'member', 'claimCoupon', { templateId }, requestId());
  expect(dump('coupons').find((c) => c._id === claim.data.couponId).rules).toMatchObject({ name: '满200减50', benefit: { amountFen: 5000, thresholdFen: 20000 } });
  const entry = dump('audit_log').find((e) => e.action === 'updateCouponTemplate');
  expect(entry).toMatchObject({ target: { kind: 'coupon_template', id: templateId }, before: { name: '满100减20' }, after: { name: '满200减50' } });
});

it('once a coupon is claimed the template refuses edits, changing nothing, and keeps the claimed coupon’s rules', async () => {
  const templateId = await createTemplate(cloud);
  await register(cloud, 'openid-a');
  await callAs(cloud, 'openid-a', 'member', 'claimCoupon', { templateId }, requestId());
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, OPERATOR, 'admin', 'updateCouponTemplate', { templateId, template: EDITED }, requestId())).toMatchObject({ ok: false, code: 'COUPON_TEMPLATE_IN_USE' });
  expect(snapshotAll(cloud)).toEqual(before);
});

it('an edit racing 20 claims: either it wins before any claim, or it is refused; no coupon mixes the two', async () => {
  for (let round = 0; round < 3; round++) {
    const templateId = await createTemplate(cloud, { stock: 100 });
    const openids = Array.from({ length: 20 }, (_, i) => `openid-r${round}-${i}`);
    for (const openid of openids) await register(cloud, openid);
    const [edit, ...claims] = await Promise.all([
      asPhone(cloud, OPERATOR, 'admin', 'updateCouponTemplate', { templateId, template: EDITED }),
      ...openids.map((openid) => asPhone(cloud, openid, 'member', 'claimCoupon', { templateId })),
    ]);
    expect(claims.every((c) => c.ok)).toBe(true);
    const names = new Set(dump('coupons').filter((c) => c.templateId === templateId).map((c) => c.rules.name));
    if (edit.ok) expect(names).toEqual(new Set(['满200减50']));
    else {
      expect(edit.code).toBe('COUPON_TEMPLATE_IN_USE');
      expect(names).toEqual(new Set(['满100减20']));
    }
    const issued = dump('coupon_stock').filter((s) => s.templateId === templateId).reduce((sum, s) => sum + s.issued, 0);
    expect(issued).toBe(20);
  }
});
