import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, OPERATOR, onASeededCloudEachTest, register, requestId } from '../support/world';
import { TEMPLATE, createTemplate } from './helpers';

// Bad input on every coupon action: a typed error naming the field, and nothing changed.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-coupon-member';
const fixed = (from: string, until: string) => ({ type: 'fixed', from, until });

const CASES: [string, string, string, () => Record<string, unknown>, string, string][] = [
  // fn, action, caller, data, code, field
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, stock: 0 }), 'INVALID_INPUT', 'stock'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, benefit: { kind: 'amount_off', amountFen: 2000 } }), 'INVALID_INPUT', 'benefit.thresholdFen'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, benefit: { kind: 'percent_off', ratePercent: 100, capFen: 100 } }), 'INVALID_INPUT', 'benefit.ratePercent'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, benefit: { kind: 'percent_off', ratePercent: 80, amountFen: 100 } }), 'INVALID_INPUT', 'benefit.capFen'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, benefit: { kind: 'cashback', amountFen: 100 } }), 'INVALID_INPUT', 'benefit.kind'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, benefit: { kind: 'amount_off', amountFen: 3000, thresholdFen: 2000 } }), 'INVALID_INPUT', 'benefit.amountFen'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, validity: fixed('2026-06-20T00:00:00+08:00', '2026-06-19T00:00:00+08:00') }), 'INVALID_INPUT', 'validity.until'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, validity: { type: 'days_after_claim', days: 0, startNextDay: false } }), 'INVALID_INPUT', 'validity.days'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, hours: { from: '25:00', to: '26:00' } }), 'INVALID_INPUT', 'hours.from'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, weekdays: [0] }), 'INVALID_INPUT', 'weekdays.0'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, minTierCode: 'platinum' }), 'INVALID_INPUT', 'minTierCode'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, storeIds: ['store-nowhere'] }), 'STORE_NOT_FOUND', 'storeIds'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, perMemberLimit: 2, perMemberPerDayLimit: 3 }), 'INVALID_INPUT', 'perMemberPerDayLimit'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, name: '   ' }), 'INVALID_INPUT', 'name'],
  ['admin', 'createCouponTemplate', OPERATOR, () => ({ ...TEMPLATE, extra: 1 }), 'INVALID_INPUT', 'extra'],
  ['admin', 'updateCouponTemplate', OPERATOR, () => ({ templateId: 'ct-none', template: { ...TEMPLATE, stock: -1 } }), 'INVALID_INPUT', 'template.stock'],
  ['admin', 'updateCouponTemplate', OPERATOR, () => ({ templateId: 'ct-none', template: { ...TEMPLATE, minTierCode: 'platinum' } }), 'INVALID_INPUT', 'template.minTierCode'],
  ['admin', 'updateCouponTemplate', OPERATOR, () => ({ templateId: 'ct-none', template: TEMPLATE }), 'COUPON_TEMPLATE_NOT_FOUND', ''],
  ['admin', 'pauseCouponTemplate', OPERATOR, () => ({ templateId: 'a/b' }), 'INVALID_INPUT', 'templateId'],
  ['admin', 'pauseCouponTemplate', OPERATOR, () => ({ templateId: 'ct-none' }), 'COUPON_TEMPLATE_NOT_FOUND', ''],
  ['admin', 'resumeCouponTemplate', OPERATOR, () => ({}), 'INVALID_INPUT', 'templateId'],
  ['admin', 'resumeCouponTemplate', OPERATOR, () => ({ templateId: 'ct-none' }), 'COUPON_TEMPLATE_NOT_FOUND', ''],
  ['admin', 'raiseCouponStock', OPERATOR, () => ({ templateId: 'ct-x', add: -5 }), 'INVALID_INPUT', 'add'],
  ['admin', 'raiseCouponStock', OPERATOR, () => ({ templateId: 'ct-x', add: 1.5 }), 'INVALID_INPUT', 'add'],
  ['admin', 'raiseCouponStock', OPERATOR, () => ({ templateId: 'ct-none', add: 5 }), 'COUPON_TEMPLATE_NOT_FOUND', ''],
  ['admin', 'listCouponTemplates', OPERATOR, () => ({ all: true }), 'INVALID_INPUT', 'all'],
  ['member', 'couponCenter', M, () => ({ x: 1 }), 'INVALID_INPUT', 'x'],
  ['member', 'claimCoupon', M, () => ({ templateId: 42 }), 'INVALID_INPUT', 'templateId'],
  ['member', 'claimCoupon', M, () => ({ templateId: 'ct-none' }), 'COUPON_TEMPLATE_NOT_FOUND', ''],
  ['member', 'myCoupons', M, () => ({ status: 'lost' }), 'INVALID_INPUT', 'status'],
  ['member', 'myCoupons', M, () => ({ status: 'available', cursor: 'nope' }), 'INVALID_INPUT', 'cursor'],
  ['member', 'couponDetail', M, () => ({ couponId: 'a/b' }), 'INVALID_INPUT', 'couponId'],
  ['member', 'couponDetail', M, () => ({ couponId: 'c-none' }), 'COUPON_NOT_HELD', ''],
  ['member', 'giftCode', M, () => ({ couponId: 'c-none' }), 'COUPON_NOT_HELD', ''],
  ['member', 'pointsMall', M, () => ({ x: 1 }), 'INVALID_INPUT', 'x'],
  ['member', 'redeemMallItem', M, () => ({ templateId: 'a b' }), 'INVALID_INPUT', 'templateId'],
  ['member', 'redeemMallItem', M, () => ({ templateId }), 'NOT_IN_MALL', ''],
  ['admin', 'startCouponIssue', OPERATOR, () => ({ templateId, memberNos: [], reason: '测试发放' }), 'INVALID_INPUT', 'memberNos'],
  ['admin', 'startCouponIssue', OPERATOR, () => ({ templateId, memberNos: ['1234567890'], reason: '' }), 'INVALID_INPUT', 'reason'],
  ['admin', 'startCouponIssue', OPERATOR, () => ({ templateId: 'ct-none', memberNos: ['1234567890'], reason: '测试发放' }), 'COUPON_TEMPLATE_NOT_FOUND', ''],
  ['admin', 'runCouponIssue', OPERATOR, () => ({ jobId: 'job-none' }), 'COUPON_ISSUE_NOT_FOUND', ''],
  ['admin', 'couponIssueStatus', OPERATOR, () => ({ jobId: 'a/b' }), 'INVALID_INPUT', 'jobId'],
  ['admin', 'couponIssueStatus', OPERATOR, () => ({ jobId: 'job-none' }), 'COUPON_ISSUE_NOT_FOUND', ''],
  ['admin', 'listCouponIssues', OPERATOR, () => ({ x: 1 }), 'INVALID_INPUT', 'x'],
  ['staff', 'previewGiftCoupon', CASHIER, () => ({ token: 'short' }), 'INVALID_INPUT', 'token'],
  ['staff', 'previewGiftCoupon', CASHIER, () => ({ token: 'G1.forged-token.AAAAAAAAAAAAAAAA' }), 'GIFT_CODE_INVALID', ''],
  ['staff', 'redeemGiftCoupon', CASHIER, () => ({ token: 'G1.forged-token.AAAAAAAAAAAAAAAA' }), 'GIFT_CODE_INVALID', ''],
  ['staff', 'undoGiftRedemption', CASHIER, () => ({ redemptionId: 'a/b' }), 'INVALID_INPUT', 'redemptionId'],
  ['staff', 'priceCheckout', CASHIER, () => ({ code: 'C1.not-a-real-ticket', amountFen: 0 }), 'INVALID_INPUT', 'amountFen'],
  ['staff', 'priceCheckout', CASHIER, () => ({ code: 'C1.not-a-real-ticket', amountFen: 100, couponIds: ['a/b'] }), 'INVALID_INPUT', 'couponIds.0'],
  ['staff', 'priceCheckout', CASHIER, () => ({ code: 'C1.not-a-real-ticket', amountFen: 100, pointsRequested: 1.5 }), 'INVALID_INPUT', 'pointsRequested'],
  ['staff', 'priceCheckout', CASHIER, () => ({ code: 'C1.not-a-real-ticket', amountFen: 100 }), 'MEMBER_CODE_INVALID', ''],
  ['staff', 'recordPurchase', CASHIER, () => ({ code: 'C1.not-a-real-ticket', amountFen: 100, expectedRemainderFen: -1 }), 'INVALID_INPUT', 'expectedRemainderFen'],
  ['staff', 'recordPurchase', CASHIER, () => ({ code: 'C1.not-a-real-ticket', amountFen: 100, usePoints: 'yes' }), 'INVALID_INPUT', 'usePoints'],
  ['staff', 'recordPurchase', CASHIER, () => ({ code: 'C1.not-a-real-ticket', amountFen: 100, couponIds: ['c1234567', 'c2345678', 'c3456789', 'c4567890', 'c5678901', 'c6789012'] }), 'INVALID_INPUT', 'couponIds'],
  ['staff', 'recordPurchase', CASHIER, () => ({ code: 'C1.not-a-real-ticket', amountFen: 100 }), 'MEMBER_CODE_INVALID', ''],
];

let templateId = '';

beforeEach(async () => {
  await register(cloud, M);
  templateId = await createTemplate(cloud);
});

it.each(CASES)('%s.%s refuses %#', async (fn, action, caller, data, code, field) => {
  const before = snapshotAll(cloud);
  const answer = await callAs(cloud, caller, fn, action, data(), requestId());
  expect(answer).toMatchObject({ ok: false, code });
  expect(typeof answer.message).toBe('string');
  if (field) expect(answer.field).toBe(field);
  expect(snapshotAll(cloud)).toEqual(before);
});

it('covers every coupon action', () => {
  const { contract } = require('../../cloudfunctions/core/contract');
  const { couponsAdminActions, couponsMemberActions, couponsStaffActions } = require('../../cloudfunctions/core/contract/coupons');
  const checkout = ['priceCheckout', 'recordPurchase'];
  expect(new Set(CASES.map(([, action]) => action))).toEqual(new Set([...Object.keys(couponsAdminActions), ...Object.keys(couponsMemberActions), ...Object.keys(couponsStaffActions), ...checkout]));
  for (const name of Object.keys(couponsAdminActions)) expect(contract.admin[name]).toBeDefined();
  for (const name of Object.keys(couponsMemberActions)) expect(contract.member[name]).toBeDefined();
});
