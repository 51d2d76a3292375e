import type { couponsAdminActions, couponsMemberActions, couponsStaffActions } from '../contract/coupons';
import type { Handlers } from '../router/router';
import { createCouponTemplate, listCouponTemplates, pauseCouponTemplate, raiseCouponStock, resumeCouponTemplate, updateCouponTemplate } from './admin';
import { claimCoupon } from './claim';
import { couponIssueStatus, listCouponIssues, runCouponIssue, startCouponIssue } from './batch-issue';
import { pointsMall, redeemMallItem } from './mall';
import { couponCenter, myCoupons } from './member';
import { couponDetail, giftCode } from './detail';
import { previewGiftCoupon, redeemGiftCoupon, undoGiftRedemption } from './gift-redemption';

export const couponsAdminHandlers: Handlers<typeof couponsAdminActions> = {
  createCouponTemplate: (ctx, input) => createCouponTemplate(ctx, input),
  updateCouponTemplate: (ctx, input) => updateCouponTemplate(ctx, input),
  pauseCouponTemplate: (ctx, input) => pauseCouponTemplate(ctx, input),
  resumeCouponTemplate: (ctx, input) => resumeCouponTemplate(ctx, input),
  raiseCouponStock: (ctx, input) => raiseCouponStock(ctx, input),
  listCouponTemplates: (ctx) => listCouponTemplates(ctx),
  startCouponIssue: (ctx, input) => startCouponIssue(ctx, input),
  runCouponIssue: (ctx, input) => runCouponIssue(ctx, input),
  couponIssueStatus: (ctx, input) => couponIssueStatus(ctx, input),
  listCouponIssues: (ctx) => listCouponIssues(ctx),
};

export const couponsMemberHandlers: Handlers<typeof couponsMemberActions> = {
  couponCenter: (ctx) => couponCenter(ctx),
  claimCoupon: (ctx, input) => claimCoupon(ctx, input),
  myCoupons: (ctx, input) => myCoupons(ctx, input),
  couponDetail: (ctx, input) => couponDetail(ctx, input),
  giftCode: (ctx, input) => giftCode(ctx, input),
  pointsMall: (ctx) => pointsMall(ctx),
  redeemMallItem: (ctx, input) => redeemMallItem(ctx, input),
};

export const couponsStaffHandlers: Handlers<typeof couponsStaffActions> = {
  previewGiftCoupon: (ctx, input) => previewGiftCoupon(ctx, input),
  redeemGiftCoupon: (ctx, input) => redeemGiftCoupon(ctx, input),
  undoGiftRedemption: (ctx, input) => undoGiftRedemption(ctx, input),
};
