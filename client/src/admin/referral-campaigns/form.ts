import type { CampaignInput, CampaignView } from '@contract';
import { parseYuanToFen } from '../../utils/money-input';
import { fenToYuanText } from '../console/form-values';

// The 邀请活动 form: what the operator types (text fields), checked as they type, and turned into
// the contract's campaign input. The limits repeat campaignInput's (the client imports the
// contract as types only); the server checks them again.

export interface CampaignDraft {
  name: string;
  audience: 'all' | 'koc';
  windowDays: string;
  welcomeKind: 'none' | 'points' | 'coupon';
  welcomePoints: string;
  welcomeTemplateId: string;
  inviterPoints: string;
  qualifyKind: 'purchase' | 'topup';
  /** Yuan, as typed ("30", "29.90"). */
  qualifyMinYuan: string;
  holdDays: string;
  /** Empty: no cap. */
  capPerDay: string;
  capPerMonth: string;
  riskThreshold: string;
  posterTitle: string;
  posterText: string;
}

export type DraftField = keyof CampaignDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

export const EMPTY_DRAFT: CampaignDraft = {
  name: '',
  audience: 'all',
  windowDays: '7',
  welcomeKind: 'points',
  welcomePoints: '100',
  welcomeTemplateId: '',
  inviterPoints: '200',
  qualifyKind: 'purchase',
  qualifyMinYuan: '30',
  holdDays: '7',
  capPerDay: '',
  capPerMonth: '',
  riskThreshold: '3',
  posterTitle: '',
  posterText: '',
};

export function draftFrom(view: CampaignView): CampaignDraft {
  return {
    name: view.name,
    audience: view.audience,
    windowDays: String(view.windowDays),
    welcomeKind: view.welcome ? view.welcome.kind : 'none',
    welcomePoints: view.welcome?.kind === 'points' ? String(view.welcome.points) : '',
    welcomeTemplateId: view.welcome?.kind === 'coupon' ? view.welcome.templateId : '',
    inviterPoints: String(view.inviter.points),
    qualifyKind: view.qualify.kind,
    qualifyMinYuan: fenToYuanText(view.qualify.minFen),
    holdDays: String(view.holdDays),
    capPerDay: view.capPerDay === null ? '' : String(view.capPerDay),
    capPerMonth: view.capPerMonth === null ? '' : String(view.capPerMonth),
    riskThreshold: String(view.riskThreshold),
    posterTitle: view.posterTitle,
    posterText: view.posterText,
  };
}

/** A whole number in [min, max] from `text`, or an error message. */
function whole(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim();
  if (!/^\d{1,7}$/.test(t)) return `请填写${what}（整数）`;
  const n = Number(t);
  if (n < min || n > max) return `${what}应在 ${min}–${max} 之间`;
  return n;
}

function textLength(text: string): number {
  return Array.from(text.trim()).length;
}

/** Checks the draft; the input to send when it is valid, else an error per field. */
export function campaignInputFrom(draft: CampaignDraft): { input: CampaignInput; errors: null } | { input: null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const take = (field: DraftField, value: number | string): number => {
    if (typeof value === 'string') {
      errors[field] = value;
      return 0;
    }
    return value;
  };

  if (!draft.name.trim()) errors.name = '请填写活动名称';
  else if (textLength(draft.name) > 30) errors.name = '活动名称最多 30 个字';
  if (!draft.posterTitle.trim()) errors.posterTitle = '请填写海报标题';
  else if (textLength(draft.posterTitle) > 20) errors.posterTitle = '海报标题最多 20 个字';
  if (!draft.posterText.trim()) errors.posterText = '请填写海报文案';
  else if (textLength(draft.posterText) > 60) errors.posterText = '海报文案最多 60 个字';

  const windowDays = take('windowDays', whole(draft.windowDays, 1, 90, '有效天数'));
  const inviterPoints = take('inviterPoints', whole(draft.inviterPoints, 1, 100_000, '邀请人奖励积分'));
  const holdDays = take('holdDays', whole(draft.holdDays, 0, 60, '发放等待天数'));
  const riskThreshold = take('riskThreshold', whole(draft.riskThreshold, 1, 4, '风险等级阈值'));
  const capPerDay = draft.capPerDay.trim() ? take('capPerDay', whole(draft.capPerDay, 1, 1000, '每日上限')) : null;
  const capPerMonth = draft.capPerMonth.trim() ? take('capPerMonth', whole(draft.capPerMonth, 1, 10_000, '每月上限')) : null;
  if (capPerDay !== null && capPerMonth !== null && !errors.capPerDay && !errors.capPerMonth && capPerMonth < capPerDay) {
    errors.capPerMonth = '每月上限不应小于每日上限';
  }

  const minFen = parseYuanToFen(draft.qualifyMinYuan);
  if (minFen === null) errors.qualifyMinYuan = '请填写门槛金额（元，最多两位小数）';

  let welcome: CampaignInput['welcome'] = null;
  if (draft.welcomeKind === 'points') {
    welcome = { kind: 'points', points: take('welcomePoints', whole(draft.welcomePoints, 1, 100_000, '新人奖励积分')) };
  } else if (draft.welcomeKind === 'coupon') {
    const templateId = draft.welcomeTemplateId.trim();
    if (!/^[A-Za-z0-9_:-]{1,64}$/.test(templateId)) errors.welcomeTemplateId = '请填写券模板编号';
    welcome = { kind: 'coupon', templateId };
  }

  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    errors: null,
    input: {
      name: draft.name.trim(),
      audience: draft.audience,
      windowDays,
      welcome,
      inviter: { kind: 'points', points: inviterPoints },
      qualify: { kind: draft.qualifyKind, minFen: minFen! },
      holdDays,
      capPerDay,
      capPerMonth,
      riskThreshold,
      posterTitle: draft.posterTitle.trim(),
      posterText: draft.posterText.trim(),
    },
  };
}
