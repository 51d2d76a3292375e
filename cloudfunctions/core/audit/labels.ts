import { OPERATOR_ROLE_LABELS, isOperatorRole } from '../access/operator-roles';
import type { AuditTargetKind } from './log';

// What an operator reads in the log and its CSV: Chinese names of actions, target kinds and
// roles. An action missing here (a capability added later) shows its own name.

export const ACTION_LABELS: Record<string, string> = {
  // members and their balances
  adjustPoints: '调整积分',
  setTierOverride: '设置等级',
  refundPurchase: '退款',
  searchMembers: '查找会员',
  getMember: '查看会员',
  memberHistory: '查看会员明细',
  setMemberBirthday: '修改会员生日',
  lookupMember: '扫码查看会员',
  findMemberByPhone: '按手机号查找会员',
  startBulkGrant: '发起批量发放',
  addBulkGrantMembers: '上传批量发放名单',
  runBulkGrant: '执行批量发放',
  startCouponIssue: '批量发券',
  // stores and staff
  createStore: '新建门店',
  createStaffBindingCode: '生成店员绑定码',
  deactivateStaff: '停用店员',
  bindStaff: '店员绑定',
  // operators
  createOperatorInvite: '邀请运营人员',
  changeOperatorRole: '修改运营角色',
  disableOperator: '停用运营人员',
  bindOperator: '运营人员绑定',
  // rules
  saveRules: '保存规则',
  cancelScheduledRules: '取消待生效规则',
  // the log itself
  exportAudit: '导出审计日志',
};

export function actionLabel(action: string): string {
  return Object.prototype.hasOwnProperty.call(ACTION_LABELS, action) ? ACTION_LABELS[action] : action;
}

export const TARGET_KIND_LABELS: Record<AuditTargetKind, string> = {
  member: '会员',
  store: '门店',
  staff: '店员',
  operator: '运营人员',
  rules: '规则',
  coupon_template: '优惠券',
  purchase: '消费',
  job: '批量任务',
  audit: '审计日志',
};

export function targetKindLabel(kind: string): string {
  return Object.prototype.hasOwnProperty.call(TARGET_KIND_LABELS, kind) ? TARGET_KIND_LABELS[kind as AuditTargetKind] : kind;
}

export function actorRoleLabel(role: string): string {
  if (isOperatorRole(role)) return OPERATOR_ROLE_LABELS[role];
  if (role === 'staff') return '店员';
  if (role === 'member') return '会员';
  return role;
}

/** A person's name as an analyst sees it: the first character, then '*' ("王芳" → "王*"). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return `${chars[0]}*`;
}

/** A phone number as an analyst sees it: 13800008000 → 138****8000. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
