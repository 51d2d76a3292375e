import type { InviteStatus, InviteView } from '@contract';
import { formatPoints } from '../../utils/format';

// How one invited friend's progress reads in 我的邀请: a status word in Chinese, its tone, and the
// steps done out of 已打开 → 已注册 → 已消费 → 奖励到账.

export const INVITE_STEPS = ['已打开', '已注册', '已消费', '奖励到账'] as const;

export const INVITE_STATUS_TEXT: Record<InviteStatus, string> = {
  registered: '已注册',
  pending: '待发放',
  flagged: '审核中',
  rewarded: '已到账',
  cancelled: '已取消',
  clawed_back: '已扣回',
  rejected: '未通过',
  capped: '超出上限',
};

export type InviteTone = 'progress' | 'waiting' | 'done' | 'ended';

export const INVITE_STATUS_TONE: Record<InviteStatus, InviteTone> = {
  registered: 'progress',
  pending: 'waiting',
  flagged: 'waiting',
  rewarded: 'done',
  cancelled: 'ended',
  clawed_back: 'ended',
  rejected: 'ended',
  capped: 'ended',
};

/** Steps done (1–4): every listed friend opened and registered; a qualified one also bought. */
export function stepsDone(invite: Pick<InviteView, 'status' | 'qualifiedAt'>): number {
  if (invite.status === 'rewarded') return 4;
  if (invite.qualifiedAt || invite.status !== 'registered') return 3;
  return 2;
}

/** The line under a friend's name: what happens next, or why it ended. */
export function inviteNote(invite: Pick<InviteView, 'status' | 'points' | 'holdUntil'>, formatDate: (iso: string) => string): string {
  switch (invite.status) {
    case 'registered':
      return '好友完成首次消费后，你将获得奖励';
    case 'pending':
      return invite.holdUntil ? `${formatPoints(invite.points)} 积分将于 ${formatDate(invite.holdUntil)} 后发放` : `${formatPoints(invite.points)} 积分待发放`;
    case 'flagged':
      return '奖励正在人工审核';
    case 'rewarded':
      return `${formatPoints(invite.points)} 积分已到账`;
    case 'cancelled':
      return '好友的消费已退款，奖励取消';
    case 'clawed_back':
      return `好友的消费已退款，${formatPoints(invite.points)} 积分已扣回`;
    case 'rejected':
      return '奖励审核未通过';
    case 'capped':
      return '已超出活动的邀请奖励上限';
  }
}
