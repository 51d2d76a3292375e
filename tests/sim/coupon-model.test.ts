import { CouponModel, SIM_TEMPLATES, type ModelTemplate } from '../../scripts/sim/coupon-model';
import { MemberLedger } from '../../scripts/sim/ledger-model';

// The simulation's coupon model is itself a set of rules: its prices are checked here against
// numbers worked out by hand (满50减10, 8折 最多减30, 无门槛减5, a gift item; a point pays a fen,
// at most half of what the coupons left).

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-03-02T04:00:00Z'); // 12:00 in Shanghai

function world() {
  const model = new CouponModel();
  const templates: ModelTemplate[] = SIM_TEMPLATES.map((spec, i) => ({ ...spec, templateId: `t${i}`, issued: 0, dryAnswered: false }));
  model.templates.push(...templates);
  const [fifty, eighty, five, mug] = templates;
  const issue = (t: ModelTemplate, id: string, member = 0) => {
    const v = model.validity(t, NOW - 86_400_000 * 2);
    return model.issue(t, member, id, v.validFrom ?? NOW - 86_400_000 * 2, v.validUntil, NOW - 86_400_000 * 2);
  };
  issue(fifty, 'a-fifty');
  issue(eighty, 'b-eighty');
  issue(five, 'c-five');
  issue(mug, 'd-mug');
  issue(fifty, 'e-theirs', 1);
  const ledger = new MemberLedger();
  ledger.purchase(300_000, 0, at('2026-03-01T04:00:00Z')); // 3,000 points
  return { model, ledger };
}

it.each([
  // list, coupons, points, expected: coupon fen, points spent, due (or the refusal)
  ['the best single coupon: 8折 on ¥60 takes ¥12 over 满50减10’s ¥10', 6_000, undefined, false, { selected: ['b-eighty'], couponFen: 1_200, pointsSpent: 0, dueFen: 4_800 }],
  ['8折 holds to its cap of ¥30 on ¥200', 20_000, ['b-eighty'], false, { selected: ['b-eighty'], couponFen: 3_000, pointsSpent: 0, dueFen: 17_000 }],
  ['8折 on ¥0.99: the price rounds down, 79 fen, so 20 fen off', 99, ['b-eighty'], false, { selected: ['b-eighty'], couponFen: 20, pointsSpent: 0, dueFen: 79 }],
  ['amounts off before percentages: ¥100 − ¥5 = ¥95, 8折 takes ¥19', 10_000, ['b-eighty', 'c-five'], false, { selected: ['c-five', 'b-eighty'], couponFen: 2_400, pointsSpent: 0, dueFen: 7_600 }],
  ['points pay half of what the coupons left: ¥90 → 4,500 of 3,000 held: 3,000', 10_000, ['a-fifty'], true, { selected: ['a-fifty'], couponFen: 1_000, pointsSpent: 3_000, dueFen: 6_000 }],
  ['a gift item takes nothing off and goes with a stackable coupon', 1_000, ['d-mug', 'c-five'], false, { selected: ['c-five', 'd-mug'], couponFen: 500, pointsSpent: 0, dueFen: 500 }],
])('%s', (_name, listFen, couponIds, usePoints, expected) => {
  const { model, ledger } = world();
  expect(model.price('record', { member: 0, listFen, couponIds, usePoints, ledger, now: NOW })).toMatchObject({ refused: null, ...expected });
});

it.each([
  ['below 满50', 4_999, ['a-fifty'], 'COUPON_BELOW_THRESHOLD'],
  ['another member’s coupon', 10_000, ['e-theirs'], 'COUPON_NOT_HELD'],
  ['满50减10 does not stack', 10_000, ['a-fifty', 'c-five'], 'COUPON_NOT_STACKABLE'],
  ['无门槛减5 claimed two days ago: valid since the next day', 10_000, ['c-five'], null],
  ['¥5 off then 8折 on nothing left', 500, ['c-five', 'b-eighty'], 'COUPON_NO_EFFECT'],
])('refuses: %s', (_name, listFen, couponIds, code) => {
  const { model, ledger } = world();
  expect(model.price('record', { member: 0, listFen, couponIds, usePoints: false, ledger, now: NOW }).refused).toBe(code);
});

it('refuses points above the cap, and above the balance first', () => {
  const { model, ledger } = world();
  const price = (pointsRequested: number) => model.price('record', { member: 0, listFen: 4_000, couponIds: [], usePoints: true, pointsRequested, ledger, now: NOW }).refused;
  expect([price(2_000), price(2_001), price(3_001)]).toEqual([null, 'POINTS_ABOVE_CAP', 'POINTS_ABOVE_BALANCE']);
});

it('judges coupons by state and end: used, ended, not yet valid; a quote judges a chosen one alike', () => {
  const { model, ledger } = world();
  model.use('a-fifty', { type: 'purchase', id: 'p1' });
  const eighty = model.coupon('b-eighty')!; // 3 days from 2026-02-28 (Shanghai): ends 2026-03-02 16:00 UTC
  expect(new Date(eighty.validUntil).toISOString()).toBe('2026-03-02T16:00:00.000Z');
  const record = (id: string, now: number) => model.price('record', { member: 0, listFen: 10_000, couponIds: [id], usePoints: false, ledger, now }).refused;
  expect([record('a-fifty', NOW), record('b-eighty', at('2026-03-02T16:00:00Z')), record('b-eighty', at('2026-03-02T15:59:59Z'))]).toEqual(['COUPON_USED', 'COUPON_EXPIRED', null]);
  expect(model.price('quote', { member: 0, listFen: 10_000, couponIds: ['a-fifty'], usePoints: false, ledger, now: NOW }).refused).toBe('COUPON_USED');
  expect(model.giveBack('b-eighty', at('2026-03-03T00:00:00Z'))).toBe('expired');
});
