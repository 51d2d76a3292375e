import type { MemberLookupResult, PurchaseView } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { readMemberAccounts, walletBalance } from '../ledger/read';
import { issueCheckoutTicket, memberCodeSecret, resolveMemberByCode } from '../member-code';
import { findDocs } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { PURCHASES, type PurchaseDoc } from './collections';
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
  const ticket = issueCheckoutTicket(member._id, ctx.openid, ctx.now, memberCodeSecret());
  return {
    checkoutTicket: ticket.token,
    ticketExpiresAt: ticket.expiresAt.toISOString(),
    memberNo: member.memberNo,
    nickname: member.nickname || `会员${member.memberNo.slice(-4)}`,
    maskedPhone: member.phone ? `${member.phone.slice(0, 3)}****${member.phone.slice(-4)}` : null,
    tier: tierView(effectiveTier(member, brand, ctx.now)),
    points: accounts.points.balance,
    walletFen: walletBalance(accounts),
  };
}

/** The caller's own recent purchases, newest first: the cashier's log for the day. */
export async function myPurchases(ctx: HandlerContext, input: { limit: number }): Promise<{ items: PurchaseView[] }> {
  const purchases = await findDocs<PurchaseDoc>(
    ctx.db.collection(PURCHASES).where({ staffOpenid: ctx.openid }).orderBy('createdAt', 'desc').limit(input.limit),
  );
  return { items: purchases.map(purchaseView) };
}
