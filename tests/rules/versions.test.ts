import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, OPERATOR, TEST_BRAND, balances, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';

// Rule versions over the emulator: a change applies from its moment, postings keep the version
// they used, history stays, refusals change nothing, the audit log keeps before and after.

let cloud: LocalCloud;
onASeededCloudEachTest((c) => (cloud = c));

const MANAGER = 'openid-rules-manager';
const ANALYST = 'openid-rules-analyst';
const STORE_MANAGER = 'openid-rules-store-manager';

beforeEach(async () => {
  const db = sdkDb();
  await db.collection('operators').doc(MANAGER).set({ data: { name: '张伟', role: 'manager', active: true } });
  await db.collection('operators').doc(ANALYST).set({ data: { name: '陈静', role: 'analyst', active: true } });
  await db.collection('operators').doc(STORE_MANAGER).set({ data: { name: '赵磊', role: 'store_manager', storeIds: ['store-test'], active: true } });
});

const NO_BENEFITS = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };
/** A test tier as the console sends it: every benefit named. */
const fullTier = (i: number) => ({ ...TEST_BRAND.tiers[i], benefits: { ...NO_BENEFITS, ...TEST_BRAND.tiers[i].benefits } });
// The points section as the server keeps it: the test brand's, with the checkout fields' defaults it adds when they are absent.
const points = (changes: Record<string, unknown> = {}) => ({ ...TEST_BRAND.points, pointsAsCash: { pointsPerYuan: 100, capPercent: 50 }, walletEarns: true, ...changes });

function save(section: string, value: unknown, effectiveAt?: string, openid = OPERATOR, rid = requestId()) {
  return callAs(cloud, openid, 'admin', 'saveRules', { section, value, ...(effectiveAt ? { effectiveAt } : {}) }, rid);
}

async function purchase(openid: string, amountFen: number) {
  const result = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, openid), amountFen, walletFen: 0 }, requestId());
  if (!result.ok) throw new Error(JSON.stringify(result));
  return { result, doc: cloud.db.dump('purchases').find((p: { _id: string }) => p._id === result.data.purchaseId) };
}

function rulesAudit() {
  return cloud.db.dump('audit_log').filter((e: { target: { kind: string } }) => e.target.kind === 'rules');
}

describe('a points rate changed now', () => {
  it('applies to the next purchase, which records the new version; the earlier one keeps its own', async () => {
    const { memberId } = await register(cloud, 'openid-shopper');
    const first = await purchase('openid-shopper', 10000);
    expect(first.result.data.pointsEarned).toBe(100);
    expect(first.doc.ruleVersions).toEqual({ points: 0, tiers: 0 });

    const saved = await save('points', points({ pointsPerYuan: 2 }));
    expect(saved).toMatchObject({ ok: true, data: { section: 'points', version: 1, inForce: true, changes: ['每消费 ¥1 积分 1 → 2', '¥100 的消费将获得 200 积分（现为 100）', '已完成的消费保留原积分，不按新规则重算'] } });

    const second = await purchase('openid-shopper', 10000);
    expect(second.result.data.pointsEarned).toBe(200);
    expect(second.doc.ruleVersions).toEqual({ points: 1, tiers: 0 });
    expect(balances(cloud, memberId).points).toBe(300);

    const firstNow = cloud.db.dump('purchases').find((p: { _id: string }) => p._id === first.doc._id);
    expect(firstNow).toMatchObject({ pointsEarned: 100, ruleVersions: { points: 0, tiers: 0 } });

    // A refund of the first purchase takes back what it earned (100), not what the new rate would give.
    const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: first.doc._id }, requestId());
    expect(refund.ok).toBe(true);
    expect(balances(cloud, memberId).points).toBe(200);
  });

  it('keeps every version: history, version 0 from the hand-written document, the audit entry with before and after', async () => {
    await save('points', points({ pointsPerYuan: 2 }));
    await save('points', points({ pointsPerYuan: 3 }), undefined, MANAGER);

    const versions = cloud.db.dump('rule_versions').filter((v: { section: string }) => v.section === 'points');
    expect(versions.map((v: { version: number; value: { pointsPerYuan: number } }) => [v.version, v.value.pointsPerYuan]).sort()).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);

    const audit = rulesAudit();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      actor: { openid: MANAGER, role: 'manager' },
      action: 'saveRules',
      target: { kind: 'rules', id: 'points', label: '积分规则' },
      before: { version: 1, value: { pointsPerYuan: 2 } },
      after: { version: 2, value: { pointsPerYuan: 3 } },
    });

    const rules = await callAs(cloud, ANALYST, 'admin', 'getRules');
    expect(rules.ok).toBe(true);
    expect(rules.data.current.points).toMatchObject({ version: 2, value: { pointsPerYuan: 3 } });
    expect(rules.data.current.tiers).toMatchObject({ version: 0, effectiveAt: null, value: { tiers: [{ code: 'green' }, { code: 'gold' }, { code: 'black' }] } });
    expect(rules.data.history.map((h: { version: number; status: string }) => [h.version, h.status])).toEqual([
      [2, 'in_force'],
      [1, 'superseded'],
      [0, 'superseded'],
    ]);
    expect(rules.data.history[0]).toMatchObject({ createdBy: { openid: MANAGER, name: '张伟', role: 'manager' }, changes: ['每消费 ¥1 积分 2 → 3', '¥100 的消费将获得 300 积分（现为 200）', '已完成的消费保留原积分，不按新规则重算'] });
  });

  it('records the points version on a manual grant', async () => {
    const { memberNo, memberId } = await register(cloud, 'openid-shopper');
    await save('points', points({ expiry: { type: 'days', days: 30 } }));
    const grant = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 50, reason: '补偿' }, requestId());
    expect(grant.ok).toBe(true);
    const entry = cloud.db.dump('ledger_entries').find((e: { memberId: string; kind: string }) => e.memberId === memberId && e.kind === 'grant');
    expect(entry.ruleVersions).toEqual({ points: 1 });
    const audit = cloud.db.dump('audit_log').find((e: { action: string }) => e.action === 'adjustPoints');
    expect(audit.after).toMatchObject({ ruleVersions: { points: 1 } });
  });
});

describe('a version scheduled for tomorrow', () => {
  it('does not apply today, applies once the clock passes its moment, and stays in history', async () => {
    setClock('2026-03-10T04:00:00Z');
    await register(cloud, 'openid-shopper');
    const saved = await save('points', points({ pointsPerYuan: 5 }), '2026-03-11T00:00:00+08:00');
    expect(saved).toMatchObject({ ok: true, data: { version: 1, inForce: false, effectiveAt: '2026-03-10T16:00:00.000Z' } });

    const today = await purchase('openid-shopper', 10000);
    expect(today.result.data.pointsEarned).toBe(100);
    expect(today.doc.ruleVersions.points).toBe(0);
    const before = await callAs(cloud, OPERATOR, 'admin', 'getRules');
    expect(before.data.current.points.version).toBe(0);
    expect(before.data.scheduled.points).toEqual([{ section: 'points', version: 1, effectiveAt: '2026-03-10T16:00:00.000Z', value: points({ pointsPerYuan: 5 }) }]);

    setClock('2026-03-10T16:00:01Z');
    const tomorrow = await purchase('openid-shopper', 10000);
    expect(tomorrow.result.data.pointsEarned).toBe(500);
    expect(tomorrow.doc.ruleVersions.points).toBe(1);
    const after = await callAs(cloud, OPERATOR, 'admin', 'getRules');
    expect(after.data.current.points).toMatchObject({ version: 1, effectiveAt: '2026-03-10T16:00:00.000Z' });
    expect(after.data.scheduled.points).toEqual([]);
  });

  it('can be cancelled before its moment (audited), then never applies; its number is not reused', async () => {
    setClock('2026-03-10T04:00:00Z');
    await register(cloud, 'openid-shopper');
    await save('points', points({ pointsPerYuan: 5 }), '2026-03-11T00:00:00+08:00');
    const cancelled = await callAs(cloud, MANAGER, 'admin', 'cancelScheduledRules', { section: 'points', version: 1 }, requestId());
    expect(cancelled).toEqual({ ok: true, data: { section: 'points', version: 1, cancelled: true } });
    expect(cloud.db.dump('rule_versions').find((v: { _id: string }) => v._id === 'points-000001')).toMatchObject({ value: { pointsPerYuan: 5 }, cancelledBy: { openid: MANAGER } });
    expect(rulesAudit()[1]).toMatchObject({ action: 'cancelScheduledRules', before: { version: 1, status: 'scheduled' }, after: { version: 1, status: 'cancelled' } });

    setClock('2026-03-12T04:00:00Z');
    expect((await purchase('openid-shopper', 10000)).result.data.pointsEarned).toBe(100);
    const again = await save('points', points({ pointsPerYuan: 4 }));
    expect(again.data.version).toBe(2);
    const rules = await callAs(cloud, OPERATOR, 'admin', 'getRules');
    expect(rules.data.history.find((h: { version: number }) => h.version === 1).status).toBe('cancelled');
  });

  it('cannot be cancelled once in force', async () => {
    setClock('2026-03-10T04:00:00Z');
    await save('points', points({ pointsPerYuan: 5 }), '2026-03-11T00:00:00+08:00');
    setClock('2026-03-11T04:00:00Z');
    const before = snapshotAll(cloud);
    const refused = await callAs(cloud, OPERATOR, 'admin', 'cancelScheduledRules', { section: 'points', version: 1 }, requestId());
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'version' });
    expect(snapshotAll(cloud)).toEqual(before);
  });
});

describe('refusals change nothing', () => {
  it.each([
    ['a rate over 100', 'points', points({ pointsPerYuan: 101 }), undefined, 'value.pointsPerYuan', '每元积分须在 0–100 之间'],
    ['thresholds not increasing', 'tiers', { tiers: [fullTier(0), { ...fullTier(1), threshold: 0 }], tierPolicy: TEST_BRAND.tierPolicy }, undefined, 'value.tiers.1.threshold', '金卡的门槛须高于上一等级（0）'],
    ['a ceiling over ¥5,000', 'wallet', { ...TEST_BRAND.wallet, maxBalanceFen: 600000 }, undefined, 'value.maxBalanceFen', '储值上限须在 1–500,000 分 之间'],
    ['a colour that is not hex', 'brand', { name: '测试咖啡', logoText: '测', primaryColor: 'red' }, undefined, 'value.primaryColor', '主色须为 #rrggbb 格式的颜色'],
    ['a moment in the past', 'points', points({ pointsPerYuan: 2 }), '2020-01-01T00:00:00+08:00', 'effectiveAt', '生效时间已过，请选择立即生效或一个将来的时间'],
    ['a moment more than a year ahead', 'points', points({ pointsPerYuan: 2 }), '2099-01-01T00:00:00+08:00', 'effectiveAt', '生效时间最多可设在一年以内'],
  ])('%s', async (_name, section, value, effectiveAt, field, message) => {
    const before = snapshotAll(cloud);
    const refused = await save(section, value, effectiveAt);
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT', field });
    if (message) expect(refused.message).toBe(message);
    expect(refused.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(snapshotAll(cloud)).toEqual(before);
  });

  it('refuses a store manager and an analyst with FORBIDDEN', async () => {
    const before = snapshotAll(cloud);
    for (const openid of [STORE_MANAGER, ANALYST]) {
      expect(await save('points', points({ pointsPerYuan: 2 }), undefined, openid)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await callAs(cloud, STORE_MANAGER, 'admin', 'getRules')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(snapshotAll(cloud)).toEqual(before);
  });

  it('refuses a sixth scheduled version of a section', async () => {
    setClock('2026-03-10T04:00:00Z');
    for (let day = 11; day <= 15; day++) expect((await save('points', points({ pointsPerYuan: day }), `2026-03-${day}T00:00:00+08:00`)).ok).toBe(true);
    const before = snapshotAll(cloud);
    expect(await save('points', points({ pointsPerYuan: 16 }), '2026-03-16T00:00:00+08:00')).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'effectiveAt' });
    expect(snapshotAll(cloud)).toEqual(before);
  });
});

describe('saving', () => {
  it('replays a retried save: one version, one audit entry', async () => {
    const rid = requestId();
    const first = await save('brand', { name: '新咖啡', logoText: '新', primaryColor: '#112233' }, undefined, OPERATOR, rid);
    const again = await save('brand', { name: '新咖啡', logoText: '新', primaryColor: '#112233' }, undefined, OPERATOR, rid);
    expect(again).toEqual({ ...first, replayed: true });
    expect(cloud.db.dump('rule_versions').filter((v: { section: string }) => v.section === 'brand')).toHaveLength(2); // versions 0 and 1
    expect(rulesAudit()).toHaveLength(1);
    const whoami = await callAs(cloud, OPERATOR, 'admin', 'whoami');
    expect(whoami.data.brandName).toBe('新咖啡');
  });

  it('numbers concurrent saves of one section consecutively', async () => {
    const results = await Promise.all([2, 3, 4, 5, 6].map((rate, i) => save('points', points({ pointsPerYuan: rate }), undefined, i % 2 ? MANAGER : OPERATOR)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.data.version).sort()).toEqual([1, 2, 3, 4, 5]);
    const numbers = cloud.db.dump('rule_versions').filter((v: { section: string }) => v.section === 'points').map((v: { version: number }) => v.version);
    expect(numbers.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rulesAudit()).toHaveLength(5);
    // The settings document keeps only the version in force (every one took effect at once).
    const settings = cloud.db.dump('settings').find((s: { _id: string }) => s._id === 'brand');
    expect(settings.versions.points).toHaveLength(1);
    expect(settings.versions.points[0].version).toBe(5);
  });

  it('leaves other sections untouched, and a tiers save reaches purchases', async () => {
    await register(cloud, 'openid-shopper');
    const current = (await callAs(cloud, OPERATOR, 'admin', 'getRules')).data.current.tiers.value;
    expect(current.tiers).toEqual([0, 1, 2].map(fullTier));
    const tiers = { ...current, tiers: current.tiers.map((t: any) => (t.code === 'green' ? { ...t, benefits: { ...t.benefits, pointsMultiplierPercent: 300 } } : t)) };
    const saved = await save('tiers', tiers);
    expect(saved.ok).toBe(true);
    expect(saved.data.changes).toEqual(['绿卡积分倍数 ×1 → ×3']);
    const bought = await purchase('openid-shopper', 10000);
    expect(bought.result.data.pointsEarned).toBe(300);
    expect(bought.doc.ruleVersions).toEqual({ points: 0, tiers: 1 });
  });
});

describe('previewRules', () => {
  it('answers the problems of an invalid value without saving', async () => {
    const before = snapshotAll(cloud);
    const preview = await callAs(cloud, MANAGER, 'admin', 'previewRules', { section: 'points', value: points({ pointsPerYuan: 101, reminderDays: 91 }) });
    expect(preview).toEqual({
      ok: true,
      data: {
        problems: [
          { field: 'pointsPerYuan', message: '每元积分须在 0–100 之间' },
          { field: 'reminderDays', message: '到期提醒须在 0–90 天 之间' },
        ],
        comparedWith: 0,
        changes: [],
        supersededBy: [],
      },
    });
    expect(snapshotAll(cloud)).toEqual(before);
  });

  it('compares with the version in force at the proposed moment', async () => {
    setClock('2026-03-10T04:00:00Z');
    await save('points', points({ pointsPerYuan: 5 }), '2026-03-11T00:00:00+08:00');
    const later = await callAs(cloud, MANAGER, 'admin', 'previewRules', { section: 'points', value: points({ pointsPerYuan: 6 }), effectiveAt: '2026-03-12T00:00:00+08:00' });
    expect(later.data).toMatchObject({ comparedWith: 1, changes: ['每消费 ¥1 积分 5 → 6', '¥100 的消费将获得 600 积分（现为 500）', '已完成的消费保留原积分，不按新规则重算'] });
    const now = await callAs(cloud, MANAGER, 'admin', 'previewRules', { section: 'points', value: points({ pointsPerYuan: 6 }) });
    expect(now.data.comparedWith).toBe(0);
    // A change from now on is overtaken by version 1 at its moment: the preview says so.
    expect(now.data.supersededBy).toEqual([{ version: 1, effectiveAt: '2026-03-10T16:00:00.000Z' }]);
    expect(later.data.supersededBy).toEqual([]);
  });
});
