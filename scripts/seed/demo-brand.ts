import { DEFAULT_BRAND } from '../../cloudfunctions/core/brand/settings';
import { phoneFields } from '../../cloudfunctions/core/privacy/phone-crypto';
import { STORED_VALUE_AGREEMENT_VERSION } from '../../cloudfunctions/core/privacy/documents';
import type { LocalCloud } from '../local-cloud';
import { seedDemoCoupons } from './demo-coupons';
import { seedDemoReferral } from './demo-referral';
import { seedDemoMembership } from './demo-membership';
import { seedDemoEngagement } from './demo-engagement';
import { DEMO_ANALYST_OPENID, DEMO_MANAGER_OPENID, DEMO_MEMBER_OPENID, DEMO_OPERATOR_OPENID, DEMO_STAFF_OPENID, DEMO_STORE_MANAGER_OPENID } from './identities';

export const DEMO_STORE_ID = 'store-guomao';
/** The demo member's phone: a cashier finds 小鹿 by it (找会员 → 手机号). */
export const DEMO_MEMBER_PHONE = '13800138000';

/**
 * The demo brand: settings, one store, one staff member, an operator of each role and one member.
 * Idempotent: every write is by id, so seeding twice leaves the same state.
 */
export async function seedDemoBrand(cloud: LocalCloud): Promise<void> {
  const db = require('wx-server-sdk').database();
  const now = new Date();
  await db.collection('settings').doc('brand').set({
    data: {
      name: '鹿角咖啡',
      logoText: '鹿',
      primaryColor: '#2f5d50',
      timeZone: 'Asia/Shanghai',
      tiers: [
        { code: 'green', name: '绿卡会员', color: '#3d8b6d', threshold: 0, benefits: { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 200, freeItems: [], freeCouponTemplateIds: [] } },
        { code: 'gold', name: '金卡会员', color: '#c8a04a', threshold: 1000, benefits: { pointsMultiplierPercent: 125, discountPercent: 95, birthdayMultiplierPercent: 300, freeItems: ['生日免费中杯饮品'], freeCouponTemplateIds: [] } },
        { code: 'black', name: '黑金会员', color: '#2b2b2b', threshold: 5000, benefits: { pointsMultiplierPercent: 150, discountPercent: 90, birthdayMultiplierPercent: 300, freeItems: ['生日免费大杯饮品', '每月一杯免费升杯'], freeCouponTemplateIds: [] } },
      ],
      tierPolicy: { windowMonths: 12, downgradeNoticeDays: 30 },
      // The platform's defaults: 1 point and 1 growth per yuan, expiry at the end of the next
      // year, packages of 100/300/500 yuan, a ¥5,000 ceiling.
      points: DEFAULT_BRAND.points,
      wallet: DEFAULT_BRAND.wallet,
    },
  });
  await db.collection('stores').doc(DEMO_STORE_ID).set({
    data: { name: '鹿角咖啡 国贸店', address: '北京市朝阳区建国门外大街1号', active: true, createdAt: now },
  });
  await db.collection('staff').doc(DEMO_STAFF_OPENID).set({
    data: { storeId: DEMO_STORE_ID, name: '王芳', active: true, boundAt: now },
  });
  await db.collection('operators').doc(DEMO_OPERATOR_OPENID).set({
    data: { name: '李明', role: 'owner', active: true, createdAt: now },
  });
  // One operator of each other role, so the console can be seen as each of them.
  const others: [string, object][] = [
    [DEMO_MANAGER_OPENID, { name: '张伟', role: 'manager' }],
    [DEMO_ANALYST_OPENID, { name: '陈静', role: 'analyst' }],
    [DEMO_STORE_MANAGER_OPENID, { name: '赵磊', role: 'store_manager', storeIds: [DEMO_STORE_ID] }],
  ];
  for (const [openid, fields] of others) await db.collection('operators').doc(openid).set({ data: { ...fields, active: true, createdAt: now } });
  // The demo member registers the way every member does: through the member function.
  const me = (await cloud.host.invoke('member', { action: 'me', data: {} }, { openid: DEMO_MEMBER_OPENID })) as {
    ok: boolean;
    data?: { member: { memberNo: string } };
  };
  if (!me.ok || !me.data) throw new Error(`seeding the demo member failed: ${JSON.stringify(me)}`);
  // The demo member's verified phone, stored as a real one is (encrypted, masked, hashed; never in clear).
  // `phone` is removed from data seeded before the number was encrypted.
  const phone = phoneFields(DEMO_MEMBER_PHONE);
  await db.collection('members').where({ openid: DEMO_MEMBER_OPENID }).update({
    data: { nickname: '小鹿', ...phone, phoneVerifiedAt: now, phone: db.command.remove() },
  });
  // The number is hers alone, as bindPhone would have recorded it.
  const { data: [demoMember] } = await db.collection('members').where({ openid: DEMO_MEMBER_OPENID }).limit(1).get();
  await db.collection('phone_owners').doc(phone.phoneHash).set({ data: { memberId: demoMember._id, at: now } });
  if (!(await hasHistory(db))) await demoHistory(cloud);
  await seedDemoCoupons(invoker(cloud));
  await seedDemoReferral(invoker(cloud));
  await seedDemoMembership(invoker(cloud));
  await seedDemoEngagement(invoker(cloud));
}

function invoker(cloud: LocalCloud) {
  return async (openid: string, fn: string, action: string, data: unknown, requestId?: string) => {
    const result = (await cloud.host.invoke(fn, { action, data, requestId }, { openid })) as { ok: boolean; data?: any; replayed?: boolean };
    if (!result.ok) throw new Error(`seed ${fn}.${action} failed: ${JSON.stringify(result)}`);
    return result.data;
  };
}

async function hasHistory(db: any): Promise<boolean> {
  const { total } = await db.collection('purchases').where({ staffOpenid: DEMO_STAFF_OPENID }).count();
  return total > 0;
}

/** A few visits and a top-up, made the way staff and members make them, so the demo looks lived in. */
async function demoHistory(cloud: LocalCloud): Promise<void> {
  const invoke = invoker(cloud);
  await invoke(DEMO_MEMBER_OPENID, 'member', 'acceptPolicy', { document: 'stored_value', version: STORED_VALUE_AGREEMENT_VERSION }, 'seed-accept-stored-value');
  const order = await invoke(DEMO_MEMBER_OPENID, 'member', 'createTopup', { packageId: 'p300' }, 'seed-topup-p300');
  await cloud.services.completePayment(order.outTradeNo);
  const visits = [{ amountFen: 3800 }, { amountFen: 45600 }, { amountFen: 52800, walletFen: 8600 }, { amountFen: 6500 }];
  for (const [index, visit] of visits.entries()) {
    const { token } = await invoke(DEMO_MEMBER_OPENID, 'member', 'memberCode', {});
    await invoke(DEMO_STAFF_OPENID, 'staff', 'recordPurchase', { code: token, walletFen: 0, ...visit }, `seed-visit-${index + 1}`);
  }
}
