// The demo brand's people, offered on the local dev login page. Local only: none of this
// exists in the weapp build or in a real cloud environment.
export const DEMO_MEMBER_OPENID = 'demo-member-openid';
export const DEMO_STAFF_OPENID = 'demo-staff-openid';
export const DEMO_OPERATOR_OPENID = 'demo-operator-openid';
export const DEMO_MANAGER_OPENID = 'demo-manager-openid';
export const DEMO_ANALYST_OPENID = 'demo-analyst-openid';
export const DEMO_STORE_MANAGER_OPENID = 'demo-store-manager-openid';

export interface LocalIdentity {
  openid: string;
  label: string;
  role: 'member' | 'staff' | 'operator';
}

export const LOCAL_IDENTITIES: LocalIdentity[] = [
  { openid: DEMO_MEMBER_OPENID, label: '演示会员 小鹿', role: 'member' },
  { openid: DEMO_STAFF_OPENID, label: '店员 王芳（国贸店）', role: 'staff' },
  { openid: DEMO_OPERATOR_OPENID, label: '品牌主 李明', role: 'operator' },
  { openid: DEMO_MANAGER_OPENID, label: '运营经理 张伟', role: 'operator' },
  { openid: DEMO_ANALYST_OPENID, label: '数据分析 陈静（只读）', role: 'operator' },
  { openid: DEMO_STORE_MANAGER_OPENID, label: '店长 赵磊（国贸店）', role: 'operator' },
];
