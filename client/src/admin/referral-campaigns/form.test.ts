import type { CampaignView } from '@contract';
import { campaignInputFrom, draftFrom, EMPTY_DRAFT, type CampaignDraft } from './form';

const filled: CampaignDraft = { ...EMPTY_DRAFT, name: '老带新', posterTitle: '喝咖啡也能交朋友', posterText: '好友注册得 100 积分' };

describe('the 邀请活动 form', () => {
  it('turns a filled draft into the campaign input, yuan into fen', () => {
    const { input, errors } = campaignInputFrom({ ...filled, qualifyMinYuan: '29.90', capPerDay: '5', capPerMonth: '' });
    expect(errors).toBeNull();
    expect(input).toEqual({
      name: '老带新',
      audience: 'all',
      windowDays: 7,
      welcome: { kind: 'points', points: 100 },
      inviter: { kind: 'points', points: 200 },
      qualify: { kind: 'purchase', minFen: 2990 },
      holdDays: 7,
      capPerDay: 5,
      capPerMonth: null,
      riskThreshold: 3,
      posterTitle: '喝咖啡也能交朋友',
      posterText: '好友注册得 100 积分',
    });
  });

  it.each<[Partial<CampaignDraft>, keyof CampaignDraft, string]>([
    [{ name: ' ' }, 'name', '请填写活动名称'],
    [{ name: '一'.repeat(31) }, 'name', '活动名称最多 30 个字'],
    [{ windowDays: '0' }, 'windowDays', '有效天数应在 1–90 之间'],
    [{ windowDays: '91' }, 'windowDays', '有效天数应在 1–90 之间'],
    [{ windowDays: '7.5' }, 'windowDays', '请填写有效天数（整数）'],
    [{ holdDays: '61' }, 'holdDays', '发放等待天数应在 0–60 之间'],
    [{ riskThreshold: '5' }, 'riskThreshold', '风险等级阈值应在 1–4 之间'],
    [{ qualifyMinYuan: '0' }, 'qualifyMinYuan', '请填写门槛金额（元，最多两位小数）'],
    [{ qualifyMinYuan: '1.234' }, 'qualifyMinYuan', '请填写门槛金额（元，最多两位小数）'],
    [{ capPerDay: '10', capPerMonth: '5' }, 'capPerMonth', '每月上限不应小于每日上限'],
    [{ capPerDay: '1001' }, 'capPerDay', '每日上限应在 1–1000 之间'],
    [{ welcomeKind: 'coupon', welcomeTemplateId: '' }, 'welcomeTemplateId', '请填写券模板编号'],
    [{ welcomePoints: '0' }, 'welcomePoints', '新人奖励积分应在 1–100000 之间'],
    [{ posterTitle: '一'.repeat(21) }, 'posterTitle', '海报标题最多 20 个字'],
    [{ posterText: '' }, 'posterText', '请填写海报文案'],
  ])('%o → %s', (change, field, message) => {
    const { input, errors } = campaignInputFrom({ ...filled, ...change });
    expect(input).toBeNull();
    expect(errors?.[field]).toBe(message);
  });

  it('a campaign without a welcome reward, qualifying by top-up', () => {
    const { input } = campaignInputFrom({ ...filled, welcomeKind: 'none', qualifyKind: 'topup', qualifyMinYuan: '100' });
    expect(input?.welcome).toBeNull();
    expect(input?.qualify).toEqual({ kind: 'topup', minFen: 10000 });
  });

  it('reads a saved campaign back into the same input', () => {
    const view: CampaignView = {
      campaignId: 'c1',
      name: 'KOC 专享',
      audience: 'koc',
      status: 'active',
      windowDays: 14,
      welcome: { kind: 'coupon', templateId: 'tpl-welcome' },
      inviter: { kind: 'points', points: 500 },
      qualify: { kind: 'purchase', minFen: 2905 },
      holdDays: 10,
      capPerDay: 3,
      capPerMonth: 30,
      riskThreshold: 2,
      posterTitle: '标题',
      posterText: '文案',
      rulesText: [],
      version: 2,
      updatedAt: '2026-01-01T00:00:00Z',
    };
    const draft = draftFrom(view);
    expect(draft.qualifyMinYuan).toBe('29.05');
    const { input } = campaignInputFrom(draft);
    const { campaignId: _id, status: _s, rulesText: _r, version: _v, updatedAt: _u, ...rest } = view;
    expect(input).toEqual(rest);
  });
});
