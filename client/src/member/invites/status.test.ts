import type { InviteStatus } from '@contract';
import { INVITE_STATUS_TEXT, inviteNote, stepsDone } from './status';

const day = (iso: string) => iso.slice(0, 10);

describe('an invited friend in 我的邀请', () => {
  it.each<[InviteStatus, string | null, number, string]>([
    ['registered', null, 2, '好友完成首次消费后，你将获得奖励'],
    ['pending', '2026-03-01T00:00:00Z', 3, '200 积分将于 2026-03-08 后发放'],
    ['flagged', '2026-03-01T00:00:00Z', 3, '奖励正在人工审核'],
    ['rewarded', '2026-03-01T00:00:00Z', 4, '200 积分已到账'],
    ['cancelled', '2026-03-01T00:00:00Z', 3, '好友的消费已退款，奖励取消'],
    ['clawed_back', '2026-03-01T00:00:00Z', 3, '好友的消费已退款，200 积分已扣回'],
    ['rejected', '2026-03-01T00:00:00Z', 3, '奖励审核未通过'],
    ['capped', '2026-03-01T00:00:00Z', 3, '已超出活动的邀请奖励上限'],
  ])('%s', (status, qualifiedAt, steps, note) => {
    const invite = { status, qualifiedAt, points: 200, holdUntil: '2026-03-08T00:00:00Z' };
    expect(stepsDone(invite)).toBe(steps);
    expect(inviteNote(invite, day)).toBe(note);
  });

  it('names every status in Chinese', () => {
    expect(Object.values(INVITE_STATUS_TEXT)).toEqual(['已注册', '待发放', '审核中', '已到账', '已取消', '已扣回', '未通过', '超出上限']);
  });

  it('a pending reward without a hold date still says its points', () => {
    expect(inviteNote({ status: 'pending', points: 50, holdUntil: null }, day)).toBe('50 积分待发放');
  });
});
