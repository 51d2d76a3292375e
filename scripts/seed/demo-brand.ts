import type { LocalCloud } from '../local-cloud';
import { DEMO_MEMBER_OPENID, DEMO_OPERATOR_OPENID, DEMO_STAFF_OPENID } from './identities';

export const DEMO_STORE_ID = 'store-guomao';

/**
 * The demo brand: settings, one store, one staff member, one operator and one member.
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
        { code: 'green', name: '绿卡会员', color: '#3d8b6d', threshold: 0 },
        { code: 'gold', name: '金卡会员', color: '#c8a04a', threshold: 1000 },
        { code: 'black', name: '黑金会员', color: '#2b2b2b', threshold: 5000 },
      ],
    },
  });
  await db.collection('stores').doc(DEMO_STORE_ID).set({
    data: { name: '鹿角咖啡 国贸店', address: '北京市朝阳区建国门外大街1号', active: true, createdAt: now },
  });
  await db.collection('staff').doc(DEMO_STAFF_OPENID).set({
    data: { storeId: DEMO_STORE_ID, name: '王芳', active: true, boundAt: now },
  });
  await db.collection('operators').doc(DEMO_OPERATOR_OPENID).set({
    data: { name: '李明', roles: ['owner'], active: true, createdAt: now },
  });
  // The demo member registers the way every member does: through the member function.
  const me = (await cloud.host.invoke('member', { action: 'me', data: {} }, { openid: DEMO_MEMBER_OPENID })) as {
    ok: boolean;
    data?: { member: { memberNo: string } };
  };
  if (!me.ok || !me.data) throw new Error(`seeding the demo member failed: ${JSON.stringify(me)}`);
  await db.collection('members').where({ openid: DEMO_MEMBER_OPENID }).update({ data: { nickname: '小鹿' } });
}
