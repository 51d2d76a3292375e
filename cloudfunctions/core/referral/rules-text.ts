import type { QualificationSpec, RewardSpec } from '../contract';
import { yuanLabel } from '../platform/money-text';

// The campaign's rules in plain Chinese, one sentence per line, as the invite page and the poster
// show them. Pure: the same campaign always reads the same (tested by a table in tests/referral).

export interface RulesTextCampaign {
  windowDays: number;
  welcome: RewardSpec | null;
  inviter: { kind: 'points'; points: number };
  qualify: QualificationSpec;
  holdDays: number;
  capPerDay: number | null;
  capPerMonth: number | null;
}

const points = (n: number) => `${n.toLocaleString('en-US')} 积分`;

/** What the invitee gets on registering, in words; null when the campaign gives nothing. */
export function welcomeText(welcome: RewardSpec | null, couponName?: string | null): string | null {
  if (!welcome) return null;
  if (welcome.kind === 'points') return `注册即得 ${points(welcome.points)}`;
  return couponName ? `注册即得「${couponName}」优惠券` : '注册即得一张优惠券';
}

export function qualifyText(qualify: QualificationSpec): string {
  return qualify.kind === 'purchase' ? `首次消费实付满 ${yuanLabel(qualify.minFen)}` : `首次储值满 ${yuanLabel(qualify.minFen)}`;
}

export function capText(capPerDay: number | null, capPerMonth: number | null): string | null {
  if (capPerDay !== null && capPerMonth !== null) return `每人每天最多获得 ${capPerDay} 次邀请奖励，每月最多 ${capPerMonth} 次。`;
  if (capPerDay !== null) return `每人每天最多获得 ${capPerDay} 次邀请奖励。`;
  if (capPerMonth !== null) return `每人每月最多获得 ${capPerMonth} 次邀请奖励。`;
  return null;
}

export function rulesText(campaign: RulesTextCampaign, couponName?: string | null): string[] {
  const lines = [`好友通过你分享的链接或海报打开小程序，${campaign.windowDays} 天内注册成为新会员，即邀请成功。`];
  const welcome = welcomeText(campaign.welcome, couponName);
  if (welcome) lines.push(`好友${welcome}。`);
  lines.push(`好友${qualifyText(campaign.qualify)} 后，你可获得 ${points(campaign.inviter.points)}。`);
  lines.push(
    campaign.holdDays > 0
      ? `奖励在好友${campaign.qualify.kind === 'purchase' ? '消费' : '储值'} ${campaign.holdDays} 天后发放；期间如发生退款，奖励取消。`
      : '奖励审核通过后发放。',
  );
  lines.push('奖励发放后如好友退款，已发积分将被收回。');
  const caps = capText(campaign.capPerDay, campaign.capPerMonth);
  if (caps) lines.push(caps);
  lines.push('邀请自己或已是会员的好友不计入；异常账号的奖励需人工审核。');
  return lines;
}
