import { guideDecision, newGuide } from '../../cloudfunctions/core/referral/guide';
import { visitBindable } from '../../cloudfunctions/core/referral/bind';
import { codeFromScene, inviteCodeFor, sceneFor } from '../../cloudfunctions/core/referral/codes';
import { rulesText, welcomeText } from '../../cloudfunctions/core/referral/rules-text';
import { CAMPAIGN } from './helpers';

// The pure rules of attribution, by tables with hand-written expectations.

const base = { windowDays: 7, welcome: CAMPAIGN.welcome, inviter: CAMPAIGN.inviter, qualify: CAMPAIGN.qualify, holdDays: 7, capPerDay: 5, capPerMonth: 20 } as const;

describe('rules text', () => {
  it.each([
    [
      'the demo campaign',
      base,
      [
        '好友通过你分享的链接或海报打开小程序，7 天内注册成为新会员，即邀请成功。',
        '好友注册即得 100 积分。',
        '好友首次消费实付满 ¥30 后，你可获得 300 积分。',
        '奖励在好友消费 7 天后发放；期间如发生退款，奖励取消。',
        '奖励发放后如好友退款，已发积分将被收回。',
        '每人每天最多获得 5 次邀请奖励，每月最多 20 次。',
        '邀请自己或已是会员的好友不计入；异常账号的奖励需人工审核。',
      ],
    ],
    [
      'a top-up campaign without welcome, hold or caps',
      { ...base, windowDays: 3, welcome: null, inviter: { kind: 'points', points: 1500 }, qualify: { kind: 'topup', minFen: 10050 }, holdDays: 0, capPerDay: null, capPerMonth: null },
      [
        '好友通过你分享的链接或海报打开小程序，3 天内注册成为新会员，即邀请成功。',
        '好友首次储值满 ¥100.50 后，你可获得 1,500 积分。',
        '奖励审核通过后发放。',
        '奖励发放后如好友退款，已发积分将被收回。',
        '邀请自己或已是会员的好友不计入；异常账号的奖励需人工审核。',
      ],
    ],
    [
      'a monthly cap only and a top-up hold',
      { ...base, qualify: { kind: 'topup', minFen: 5000 }, holdDays: 3, capPerDay: null, capPerMonth: 8 },
      [
        '好友通过你分享的链接或海报打开小程序，7 天内注册成为新会员，即邀请成功。',
        '好友注册即得 100 积分。',
        '好友首次储值满 ¥50 后，你可获得 300 积分。',
        '奖励在好友储值 3 天后发放；期间如发生退款，奖励取消。',
        '奖励发放后如好友退款，已发积分将被收回。',
        '每人每月最多获得 8 次邀请奖励。',
        '邀请自己或已是会员的好友不计入；异常账号的奖励需人工审核。',
      ],
    ],
  ] as const)('%s', (_label, campaign, expected) => {
    expect(rulesText(campaign as any)).toEqual(expected);
  });

  it.each([
    [null, undefined, null],
    [{ kind: 'points', points: 2000 }, undefined, '注册即得 2,000 积分'],
    [{ kind: 'coupon', templateId: 't1' }, '满100减20', '注册即得「满100减20」优惠券'],
    [{ kind: 'coupon', templateId: 't1' }, null, '注册即得一张优惠券'],
  ] as const)('welcome %j (%s) → %s', (welcome, name, expected) => {
    expect(welcomeText(welcome as any, name)).toBe(expected);
  });
});

describe('codes', () => {
  it('are 12 characters, the same for the same source, different for another', () => {
    const secret = 'a-test-secret-of-some-length';
    const code = inviteCodeFor('member', 'm_1', 'rc_1', secret);
    expect(code).toMatch(/^i[0-9A-Za-z]{11}$/);
    expect(inviteCodeFor('member', 'm_1', 'rc_1', secret)).toBe(code);
    expect(new Set([code, inviteCodeFor('member', 'm_1', 'rc_2', secret), inviteCodeFor('staff', 'm_1', 'rc_1', secret), inviteCodeFor('member', 'm_1', 'rc_1', `${secret}x`)]).size).toBe(4);
    expect(sceneFor(code)).toBe(`i=${code}`);
    expect(sceneFor(code).length).toBe(14);
  });

  it.each([
    ['i%3DiAbCdEfGhIjK', 'iAbCdEfGhIjK'],
    ['i=iAbCdEfGhIjK', 'iAbCdEfGhIjK'],
    ['x=1&i=iAbCdEfGhIjK', 'iAbCdEfGhIjK'],
    ['i=short', null],
    ['%E0%A4%A', null],
  ])('scene %s → %s', (scene, code) => {
    expect(codeFromScene(scene)).toBe(code);
  });
});

describe('the window edge', () => {
  const bindableUntil = new Date('2026-06-17T02:00:00.000Z');
  it.each([
    ['2026-06-10T02:00:00.000Z', true],
    ['2026-06-17T01:59:59.999Z', true],
    ['2026-06-17T02:00:00.000Z', true],
    ['2026-06-17T02:00:00.001Z', false],
  ])('registering at %s binds: %s', (now, expected) => {
    expect(visitBindable({ bindableUntil }, new Date(now))).toBe(expected);
  });
});

describe('导购 binding', () => {
  const t = (iso: string) => new Date(iso);
  const claim1 = { staffOpenid: 's1', storeId: 'st', code: 'c1' };
  const claim2 = { staffOpenid: 's2', storeId: 'st', code: 'c2' };
  const store = { staffOpenid: null, storeId: 'st', code: 'c3' };
  const bound = newGuide(claim1, t('2026-06-01T00:00:00Z'), { bindDays: null, protectionDays: 30 });
  const limited = newGuide(claim1, t('2026-06-01T00:00:00Z'), { bindDays: 10, protectionDays: 30 });

  it('computes until and protectedUntil', () => {
    expect(bound).toEqual({ ...claim1, boundAt: t('2026-06-01T00:00:00Z'), until: null, protectedUntil: t('2026-07-01T00:00:00Z') });
    expect(limited.until).toEqual(t('2026-06-11T00:00:00Z'));
  });

  it.each([
    ['no guide', null, claim2, '2026-06-02T00:00:00Z', 'bind'],
    ['same staff', bound, claim1, '2026-06-02T00:00:00Z', 'same'],
    ['other staff inside protection', bound, claim2, '2026-06-30T23:59:59Z', 'protected'],
    ['the store inside protection', bound, store, '2026-06-02T00:00:00Z', 'protected'],
    ['other staff at the end of protection', bound, claim2, '2026-07-01T00:00:00Z', 'bind'],
    ['binding ended (until passed) inside protection', limited, claim2, '2026-06-11T00:00:00Z', 'bind'],
    ['binding ended, same staff again', limited, claim1, '2026-06-12T00:00:00Z', 'bind'],
  ] as const)('%s → %s', (_label, current, claim, now, expected) => {
    expect(guideDecision(current as any, claim, t(now))).toBe(expected);
  });
});
