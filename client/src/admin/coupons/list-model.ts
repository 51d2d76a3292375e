import type { CouponChannel, CouponTemplateState, CouponTemplateView } from '@contract';
import { formatPoints } from '../../utils/format';

// The coupon template list as pure rules: labels, what is left, the filters, and which actions a
// row offers. The server refuses anything else again; this only keeps the page honest.

export type StateFilter = 'all' | CouponTemplateState;
export type ChannelFilter = 'all' | CouponChannel;

export const STATE_LABEL: Record<CouponTemplateState, string> = { active: '进行中', paused: '已暂停' };
export const CHANNEL_LABEL: Record<CouponChannel, string> = { center: '领券中心', mall: '积分商城', grant: '仅发放' };

/** 领券中心 / 积分商城 · 500 积分 / 仅发放. */
export function channelText(t: Pick<CouponTemplateView, 'channel' | 'pointsCost'>): string {
  return t.channel === 'mall' && t.pointsCost !== null ? `${CHANNEL_LABEL.mall} · ${formatPoints(t.pointsCost)} 积分` : CHANNEL_LABEL[t.channel];
}

/** Coupons the stock can still give: total stock less those issued (never below 0). */
export function remainingOf(t: Pick<CouponTemplateView, 'stock' | 'issued'>): number {
  return Math.max(0, t.stock - t.issued);
}

export function filterTemplates(templates: CouponTemplateView[], state: StateFilter, channel: ChannelFilter): CouponTemplateView[] {
  return templates.filter((t) => (state === 'all' || t.state === state) && (channel === 'all' || t.channel === channel));
}

export type RowAction = 'edit' | 'pause' | 'resume' | 'raise' | 'issue';

/**
 * What a manager may do with a template: edit only before the first coupon is issued (after that
 * the server answers COUPON_TEMPLATE_IN_USE); pause or resume; raise the stock; issue in a batch
 * while it is active. A reader gets nothing.
 */
export function rowActions(t: Pick<CouponTemplateView, 'issued' | 'state'>, mayEdit: boolean): RowAction[] {
  if (!mayEdit) return [];
  const actions: RowAction[] = [];
  if (t.issued === 0) actions.push('edit');
  actions.push(t.state === 'active' ? 'pause' : 'resume', 'raise');
  if (t.state === 'active') actions.push('issue');
  return actions;
}

/** The number typed into 追加库存: a whole number from 1 to 10,000,000, else null. */
export function parseStockAdd(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,8}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 1 && value <= 10_000_000 ? value : null;
}
