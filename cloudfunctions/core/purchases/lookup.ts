import { createHmac, timingSafeEqual } from 'crypto';
import type { CashierDayLog, MemberLookupResult } from '../contract';
import { BusinessError } from '../platform/business-error';
import { auditRead } from '../audit/log';
import { loadBrandSettings } from '../brand/settings';
import { readMemberAccounts, walletBalance } from '../ledger/read';
import { issueCheckoutTicket, memberCodeSecret, resolveMemberByCode, tillOf } from '../member-code';
import { findDocs } from '../platform/documents';
import { afterCursor, nextCursor } from '../platform/paging';
import { inBrandZone } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { PURCHASES, type PurchaseDoc } from './collections';
import { giftRedemptionsOfDay } from '../coupons/gift-day-log';
import { purchaseView, tierView } from './views';

/**
 * What staff see after scanning a member code: enough to serve, no more (the phone is masked),
 * and a checkout ticket to record the order with.
 */
export async function lookupMember(ctx: HandlerContext, input: { code: string }): Promise<MemberLookupResult> {
  const member = await resolveMemberByCode(ctx, input.code);
  const brand = await loadBrandSettings(ctx.db);
  const accounts = await readMemberAccounts(ctx.db, member._id);
  // The member code may be half a minute from expiring; the order goes with this ticket instead.
  const ticket = issueCheckoutTicket(member._id, tillOf(ctx), ctx.now, memberCodeSecret());
  // Nickname and masked phone shown to a cashier: a read of personal data, logged with the store.
  await auditRead(ctx, { kind: 'member', id: member._id, label: member.memberNo });
  return {
    checkoutTicket: ticket.token,
    ticketExpiresAt: ticket.expiresAt.toISOString(),
    memberNo: member.memberNo,
    nickname: member.nickname || `会员${member.memberNo.slice(-4)}`,
    maskedPhone: member.phoneMasked ?? null,
    tier: tierView(effectiveTier(member, brand, ctx.now)),
    points: accounts.points.balance,
    walletFen: walletBalance(accounts),
  };
}

/**
 * The cashier's log for the day: their purchases of today in the brand's zone,
 * a page at a time, and the day's totals counted by the database, not from a page.
 */
export async function myPurchases(ctx: HandlerContext, input: { before?: string; limit: number }): Promise<CashierDayLog> {
  const brand = await loadBrandSettings(ctx.db);
  // A later page stays on the day its first page showed, even if midnight passed in between. That
  // day comes from the cursor, so the cursor is signed: a crafted one cannot open another day.
  const before = input.before === undefined ? undefined : openDayCursor(ctx.openid, input.before);
  const shownAt = before ? new Date(Number(before.split('|')[0])) : ctx.now;
  const start = inBrandZone(shownAt, brand.timeZone).startOf('day');
  const end = start.add(1, 'day');
  const _ = ctx.db.command;
  const today = { staffOpenid: ctx.openid, createdAt: _.gte(start.toDate()).and(_.lt(end.toDate())) };
  const purchases = await findDocs<PurchaseDoc>(
    ctx.db.collection(PURCHASES).where(afterCursor(_, today, before)).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(input.limit + 1),
  );
  const page = purchases.slice(0, input.limit);
  const giftRedemptions = await giftRedemptionsOfDay(ctx, ctx.openid, start.toDate(), end.toDate());
  const { list } = (await ctx.db
    .collection(PURCHASES)
    .aggregate()
    .match(today)
    .group({ _id: '$status', count: _.aggregate.sum(1), paidFen: _.aggregate.sum('$paidFen'), discountFen: _.aggregate.sum('$discountFen'), couponsUsed: _.aggregate.sum('$couponCount') })
    .limit(10)
    .end()) as { list: { _id: string; count: number; paidFen: number; discountFen: number; couponsUsed: number }[] };
  const completed = list.find((group) => group._id === 'completed');
  return {
    day: start.format('YYYY-MM-DD'),
    count: list.reduce((total, group) => total + group.count, 0),
    takenFen: completed?.paidFen ?? 0,
    discountFen: completed?.discountFen ?? 0,
    couponsUsed: completed?.couponsUsed ?? 0,
    giftRedemptions,
    items: page.map(purchaseView),
    nextCursor: signDayCursor(ctx.openid, nextCursor(page, purchases.length > input.limit)),
  };
}

function dayCursorSignature(openid: string, cursor: string): string {
  return createHmac('sha256', memberCodeSecret()).update(`day-log\n${openid}\n${cursor}`).digest().subarray(0, 16).toString('base64url');
}

function signDayCursor(openid: string, cursor: string | null): string | null {
  return cursor && `${cursor}|${dayCursorSignature(openid, cursor)}`;
}

/** The cursor as the server handed it to this cashier, or INVALID_INPUT. */
function openDayCursor(openid: string, signed: string): string {
  const cut = signed.lastIndexOf('|');
  const cursor = signed.slice(0, cut);
  const given = Buffer.from(signed.slice(cut + 1));
  const expected = Buffer.from(dayCursorSignature(openid, cursor));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new BusinessError('INVALID_INPUT', undefined, 'before');
  return cursor;
}
