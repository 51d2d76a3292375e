import type { ChannelCodeResult } from '../contract';
import { STAFF, requireStoreScope } from '../access/roles';
import { loadBrandSettings } from '../brand/settings';
import { MEMBERS } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import type { Database } from '../platform/cloud';
import { getDocById } from '../platform/documents';
import { inBrandZone, startOfBrandDay } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { STORES, type StaffRecord, type StoreDoc } from '../stores/collections';
import { ensureInviteCode, h5PathFor, sceneFor, sharePathFor } from './codes';
import { GUIDE_CAMPAIGN, type InviteCodeDoc } from './collections';
import { wxacodeUrl } from './wxacode';

// 导购 channel codes: a staff member's own (staff subpackage) and a store's (console, to print at
// the till, within a store manager's own stores). Both are invite codes of campaign 'guide'.

async function boundCounts(ctx: HandlerContext, where: Record<string, unknown>): Promise<{ boundMembers: number; boundThisMonth: number }> {
  const { timeZone } = await loadBrandSettings(ctx.db, ctx.now);
  const monthStart = startOfBrandDay(inBrandZone(ctx.now, timeZone).format('YYYY-MM-01'), timeZone).toDate();
  const _ = (ctx.db as Database).command;
  const count = async (extra: object) => ((await ctx.db.collection(MEMBERS).where({ ...where, ...extra }).count()) as { total: number }).total;
  const [boundMembers, boundThisMonth] = await Promise.all([count({}), count({ 'guide.boundAt': _.gte(monthStart) })]);
  return { boundMembers, boundThisMonth };
}

async function result(ctx: HandlerContext, code: InviteCodeDoc, names: { name: string; storeName: string }, where: Record<string, unknown>): Promise<ChannelCodeResult> {
  const [url, counts] = await Promise.all([wxacodeUrl(ctx, code), boundCounts(ctx, where)]);
  return { code: code._id, scene: sceneFor(code._id), sharePath: sharePathFor(code._id), wxacodeUrl: url, h5Path: h5PathFor(code._id), ...names, ...counts };
}

export async function myChannelCode(ctx: HandlerContext): Promise<ChannelCodeResult> {
  const storeId = ctx.roles.staff!.storeId;
  const [staff, store] = await Promise.all([getDocById<StaffRecord>(ctx.db, STAFF, ctx.openid), getDocById<StoreDoc>(ctx.db, STORES, storeId)]);
  const code = await ensureInviteCode(ctx, { source: 'staff', sourceId: ctx.openid, campaignId: GUIDE_CAMPAIGN, storeId });
  return result(ctx, code, { name: staff?.name || '店员', storeName: store?.name ?? '' }, { 'guide.staffOpenid': ctx.openid });
}

/** Members bound in the store, through its own code or its staff's. */
export async function storeChannelCode(ctx: HandlerContext, input: { storeId: string }): Promise<ChannelCodeResult> {
  requireStoreScope(ctx, input.storeId);
  const store = await getDocById<StoreDoc>(ctx.db, STORES, input.storeId);
  if (!store) throw new BusinessError('STORE_NOT_FOUND', undefined, 'storeId');
  const code = await ensureInviteCode(ctx, { source: 'store', sourceId: input.storeId, campaignId: GUIDE_CAMPAIGN, storeId: input.storeId });
  return result(ctx, code, { name: store.name, storeName: store.name }, { 'guide.storeId': input.storeId });
}
