import type { LocalCloud } from '../../scripts/local-cloud';
import type { BrandSettings, TierDefinition } from '../../cloudfunctions/core/brand/settings';
import { DEFAULT_BRAND } from '../../cloudfunctions/core/brand/settings';
import { evaluateTier } from '../../cloudfunctions/core/tiers/evaluate';
import { tierEvaluationJob } from '../../cloudfunctions/core/tiers/evaluation-job';
import { fallTarget, keepThresholdOf, tierAfterReview } from '../../cloudfunctions/core/tiers/retention';
import { jobContext } from '../overview/support';
import { callAs } from '../support/cloud';
import { TEST_BRAND, onASeededCloudEachTest, register, sdkDb, setClock } from '../support/world';

// 保级 (keep thresholds) and the downgrade policies, by hand: basic 0, silver 300, gold 1000
// (keep 600), black 5000 (keep 3000).

const benefits = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };
const TIERS: TierDefinition[] = [
  { code: 'basic', name: '普通', color: '#888888', threshold: 0, benefits },
  { code: 'silver', name: '银卡', color: '#aaaaaa', threshold: 300, benefits },
  { code: 'gold', name: '金卡', color: '#c8a04a', threshold: 1000, keepThreshold: 600, benefits },
  { code: 'black', name: '黑金', color: '#222222', threshold: 5000, keepThreshold: 3000, benefits },
];

describe('where a review puts a member (pure)', () => {
  it.each([
    // held,   growth, policy        → tier
    ['gold', 700, 'one_step', 'gold'], // 700 ≥ keep 600: kept
    ['gold', 700, 'by_growth', 'gold'],
    ['gold', 600, 'one_step', 'gold'], // exactly the keep threshold keeps
    ['gold', 599, 'by_growth', 'silver'],
    ['gold', 500, 'one_step', 'silver'],
    ['gold', 500, 'by_growth', 'silver'],
    ['gold', 100, 'one_step', 'silver'], // one step, whatever the growth
    ['gold', 100, 'by_growth', 'basic'], // straight to what 100 reaches
    ['black', 2999, 'one_step', 'gold'],
    ['black', 2999, 'by_growth', 'gold'],
    ['black', 200, 'one_step', 'gold'],
    ['black', 200, 'by_growth', 'basic'],
    ['black', 3000, 'by_growth', 'black'],
    ['silver', 299, 'one_step', 'basic'], // silver has no keep threshold: its threshold keeps it
    ['silver', 299, 'by_growth', 'basic'],
    ['silver', 1000, 'one_step', 'gold'], // growth that reaches higher always upgrades
    ['gold', 5200, 'one_step', 'black'],
    ['basic', 0, 'one_step', 'basic'],
    ['retired', 700, 'one_step', 'silver'], // a tier the brand no longer has: what the growth reaches
  ] as const)('%s with %i growth, %s → %s', (held, growth, downgrade, expected) => {
    expect(tierAfterReview(TIERS, { downgrade }, held, growth).code).toBe(expected);
  });

  it('no policy means by_growth; no keep threshold means the threshold', () => {
    expect(tierAfterReview(TIERS, {}, 'gold', 100).code).toBe('basic');
    expect(keepThresholdOf(TIERS[1])).toBe(300);
    expect(keepThresholdOf(TIERS[2])).toBe(600);
    expect(keepThresholdOf({ ...TIERS[2], keepThreshold: null })).toBe(1000);
    expect(fallTarget(TIERS, { downgrade: 'one_step' }, TIERS[0], 0).code).toBe('basic');
  });
});

describe('the periodic evaluation with 保级 (pure)', () => {
  const now = new Date('2026-07-01T00:00:00+08:00');
  const brand = (downgrade: 'one_step' | 'by_growth'): BrandSettings => ({ ...DEFAULT_BRAND, tiers: TIERS, tierPolicy: { windowMonths: 12, downgradeNoticeDays: 30, downgrade } });
  const gold = (extra: object = {}): any => ({ _id: 'm', tierCode: 'gold', tierReviewAt: now, ...extra });
  const growth = (total: number): any => ({ balance: total, months: { '2026-03': total } });
  const growthOf = (months: Record<string, number>): any => ({ balance: Object.values(months).reduce((a, b) => a + b, 0), months });

  it.each([
    ['one_step', 700, null, null],
    ['by_growth', 700, null, null],
    ['one_step', 500, 'silver', 'silver'],
    ['by_growth', 500, 'silver', 'silver'],
    ['one_step', 100, 'silver', 'silver'],
    ['by_growth', 100, 'basic', 'basic'],
  ] as const)('%s, gold with %i growth: notice to %s, then (growth unchanged) %s', (policy, total, noticeTo, after) => {
    const first = evaluateTier(gold(), growth(total), brand(policy), now);
    if (noticeTo === null) {
      expect(first).toEqual({ update: { tierCode: 'gold', downgradeNotice: null, tierReviewAt: new Date('2026-08-01T00:00:00+08:00') }, notify: null });
      return;
    }
    const effectiveAt = new Date('2026-07-31T00:00:00+08:00'); // 30 days' notice
    expect(first).toEqual({ update: { downgradeNotice: { toCode: noticeTo, effectiveAt }, tierReviewAt: effectiveAt }, notify: { toCode: noticeTo, effectiveAt } });
    // At the notice's end the target is decided again, on the growth then.
    const second = evaluateTier(gold({ downgradeNotice: { toCode: noticeTo, effectiveAt } }), growth(total), brand(policy), effectiveAt);
    expect(second.update).toMatchObject({ tierCode: after, downgradeNotice: null });
    expect(second.notify).toBeNull();
  });

  it('growth back above the keep threshold before the notice ends cancels it', () => {
    const effectiveAt = new Date('2026-07-31T00:00:00+08:00');
    const back = evaluateTier(gold({ downgradeNotice: { toCode: 'silver', effectiveAt } }), growthOf({ '2026-03': 500, '2026-07': 150 }), brand('one_step'), effectiveAt);
    expect(back.update).toMatchObject({ tierCode: 'gold', downgradeNotice: null });
  });

  it('by_growth at the notice end lands where the growth then reaches (100 → 400 meanwhile: silver, not basic)', () => {
    const effectiveAt = new Date('2026-07-31T00:00:00+08:00');
    const later = evaluateTier(gold({ downgradeNotice: { toCode: 'basic', effectiveAt } }), growthOf({ '2026-03': 100, '2026-07': 300 }), brand('by_growth'), effectiveAt);
    expect(later.update).toMatchObject({ tierCode: 'silver', downgradeNotice: null });
  });
});

describe('over the cloud', () => {
  let cloud: LocalCloud;
  onASeededCloudEachTest((seeded) => (cloud = seeded));
  const M = 'openid-keeper';

  async function brandWith(downgrade: 'one_step' | 'by_growth') {
    const tiers = [
      { ...TEST_BRAND.tiers[0] },
      { code: 'silver', name: '银卡', color: '#aaaaaa', threshold: 300, benefits: { pointsMultiplierPercent: 100 } },
      { ...TEST_BRAND.tiers[1], keepThreshold: 600 },
    ];
    await sdkDb().collection('settings').doc('brand').update({ data: { tiers, tierPolicy: { windowMonths: 12, downgradeNoticeDays: 30, downgrade } } });
  }

  async function goldWith(memberId: string, growth: number, reviewAt: string) {
    await sdkDb().collection('members').doc(memberId).update({ data: { tierCode: 'gold', tierReviewAt: new Date(reviewAt) } });
    await sdkDb().collection('accounts').doc(`${memberId}:growth`).update({ data: { balance: growth, months: { '2026-02': growth } } });
  }

  const member = (id: string) => (cloud.db.dump('members') as any[]).find((m) => m._id === id);
  const tick = () => tierEvaluationJob.run(jobContext(), Date.now() + 20_000);

  it.each([
    ['one_step', 700, 'gold', null],
    ['one_step', 500, 'gold', 'silver'],
    ['by_growth', 100, 'gold', 'green'],
    ['one_step', 100, 'gold', 'silver'],
  ] as const)('%s: gold with %i growth → still %s, notice to %s; 30 days on the notice takes effect', async (policy, growth, tierNow, noticeTo) => {
    await brandWith(policy);
    const { memberId } = await register(cloud, M);
    setClock('2026-07-01T00:00:05+08:00');
    await goldWith(memberId, growth, '2026-07-01T00:00:00+08:00');
    await tick();
    expect(member(memberId).tierCode).toBe(tierNow);
    expect(member(memberId).downgradeNotice?.toCode ?? null).toBe(noticeTo);

    const info = await callAs(cloud, M, 'member', 'tierInfo');
    expect(info.ok).toBe(true);
    expect(info.data.keep).toMatchObject({ threshold: 600, growthNeeded: Math.max(0, 600 - growth), fallsTo: { code: noticeTo ?? (policy === 'one_step' ? 'silver' : 'silver') } });
    expect(info.data.birthday).toEqual({ window: 'month', inWindow: false });

    setClock('2026-07-31T00:01:00+08:00');
    await tick();
    expect(member(memberId).tierCode).toBe(noticeTo ?? 'gold');
    expect(member(memberId).downgradeNotice).toBeNull();
  });
});
