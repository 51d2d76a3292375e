import type { LedgerEntryView, MemberDetail, MemberHistoryResult, MemberPage, PurchaseView, TierChangeView } from '../contract';
import { formatFen } from '../platform/money-text';
import { type BrandSettings, loadBrandSettings, tierByCode } from '../brand/settings';
import { AUDIT_LOG, type AuditEntryDoc, auditRead } from '../audit/log';
import { LEDGER_ENTRIES, type LedgerEntryDoc } from '../ledger/entries';
import { readMemberAccounts } from '../ledger/read';
import type { MemberDoc } from '../members/collections';
import { memberByNo } from '../members/lookup';
import { findDocs } from '../platform/documents';
import { afterCursor, nextCursor } from '../platform/paging';
import { PURCHASES, type PurchaseDoc } from '../purchases/collections';
import { purchaseView, tierView } from '../purchases/views';
import type { HandlerContext } from '../router/context';
import { currentWindowGrowth, effectiveTier } from '../tiers/member-tier';
import { sortedTiers } from '../tiers/rules';
import { masksPersonalData, shownNickname, shownPhone } from './search';

const TIER_CHANGES_SHOWN = 20;

/** When the member deleted their account (privacy/deletion.ts sets `deletedAt`), or null. */
function deletedAtOf(member: MemberDoc): string | null {
  const deletedAt = (member as MemberDoc & { deletedAt?: Date | null }).deletedAt;
  return deletedAt ? new Date(deletedAt).toISOString() : null;
}

/** The member page: profile, balances, tier, and the first page of each tab. Recorded as a read. */
export async function getMember(ctx: HandlerContext, input: { memberNo: string; limit: number }): Promise<MemberDetail> {
  const member = await memberByNo(ctx, input.memberNo);
  await auditRead(ctx, { kind: 'member', id: member._id, label: member.memberNo });
  const masked = masksPersonalData(ctx);
  const [brand, accounts, points, purchases, growth, tierChanges] = await Promise.all([
    loadBrandSettings(ctx.db),
    readMemberAccounts(ctx.db, member._id),
    entriesPage(ctx, member._id, 'points', undefined, input.limit),
    purchasesPage(ctx, member._id, undefined, input.limit),
    entriesPage(ctx, member._id, 'growth', undefined, input.limit),
    tierChangesOf(ctx, member),
  ]);
  const override = member.tierOverride && new Date(member.tierOverride.until) > ctx.now ? member.tierOverride : null;
  return {
    profile: {
      memberNo: member.memberNo,
      nickname: shownNickname(member, masked),
      phone: shownPhone(member, masked),
      avatarUrl: masked ? null : member.avatarUrl,
      joinedAt: new Date(member.registeredAt).toISOString(),
      deletedAt: deletedAtOf(member),
    },
    masked,
    balances: {
      points: accounts.points.balance,
      pointsDebt: accounts.points.debt,
      growth: accounts.growth.balance,
      growthInWindow: currentWindowGrowth(accounts.growth, brand, ctx.now),
      walletPrincipal: accounts.wallet_principal.balance,
      walletBonus: accounts.wallet_bonus.balance,
    },
    tier: tierView(effectiveTier(member, brand, ctx.now)),
    earnedTier: tierView(tierByCode(brand, member.tierCode)),
    override: override ? { tier: tierView(tierByCode(brand, override.code)), until: new Date(override.until).toISOString(), reason: override.reason } : null,
    downgradeNotice: member.downgradeNotice
      ? { to: tierView(tierByCode(brand, member.downgradeNotice.toCode)), effectiveAt: new Date(member.downgradeNotice.effectiveAt).toISOString() }
      : null,
    tiers: sortedTiers(brand.tiers).map((tier) => ({ ...tierView(tier), threshold: tier.threshold })),
    windowMonths: brand.tierPolicy.windowMonths,
    points,
    purchases,
    growth,
    tierChanges: tierChanges.map((change) => tierChangeView(change, brand)),
  };
}

/** A later page of one of the member page's tabs. Recorded as a read, like the page. */
export async function memberHistory(ctx: HandlerContext, input: { memberNo: string; book: 'points' | 'growth' | 'purchases'; before?: string; limit: number }): Promise<MemberHistoryResult> {
  const member = await memberByNo(ctx, input.memberNo);
  await auditRead(ctx, { kind: 'member', id: member._id, label: member.memberNo });
  if (input.book === 'purchases') return { book: 'purchases', ...(await purchasesPage(ctx, member._id, input.before, input.limit)) };
  return { book: input.book, ...(await entriesPage(ctx, member._id, input.book, input.before, input.limit)) };
}

/** A member's entries on one asset, newest first (as the member's own history reads them). */
async function entriesPage(ctx: HandlerContext, memberId: string, asset: 'points' | 'growth', before: string | undefined, limit: number): Promise<MemberPage<LedgerEntryView>> {
  const _ = ctx.db.command;
  const entries = await findDocs<LedgerEntryDoc>(
    ctx.db
      .collection(LEDGER_ENTRIES)
      .where(afterCursor(_, { memberId, asset }, before))
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(limit + 1),
  );
  const page = entries.slice(0, limit);
  return {
    items: page.map((e) => ({
      entryId: e._id,
      asset,
      kind: e.kind,
      amount: e.amount,
      balanceAfter: e.balanceAfter,
      reason: e.reason,
      createdAt: new Date(e.createdAt).toISOString(),
    })),
    nextCursor: nextCursor(page, entries.length > limit),
  };
}

async function purchasesPage(ctx: HandlerContext, memberId: string, before: string | undefined, limit: number): Promise<MemberPage<PurchaseView>> {
  const purchases = await findDocs<PurchaseDoc>(
    ctx.db
      .collection(PURCHASES)
      .where(afterCursor(ctx.db.command, { memberId }, before))
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(limit + 1),
  );
  const page = purchases.slice(0, limit);
  return { items: page.map(purchaseView), nextCursor: nextCursor(page, purchases.length > limit) };
}

type TierChange = { at: Date; override: AuditEntryDoc } | { at: Date; upgrade: PurchaseDoc };

/**
 * What is on record of the member's tier moving: operators' overrides (the audit log) and
 * purchases that upgraded the member. The monthly evaluation keeps no history of its own.
 */
async function tierChangesOf(ctx: HandlerContext, member: MemberDoc): Promise<TierChange[]> {
  const _ = ctx.db.command;
  const [overrides, upgrades] = await Promise.all([
    findDocs<AuditEntryDoc>(
      ctx.db.collection(AUDIT_LOG).where({ 'target.kind': 'member', 'target.id': member._id, action: 'setTierOverride', read: false }).orderBy('at', 'desc').limit(TIER_CHANGES_SHOWN),
    ),
    findDocs<PurchaseDoc>(ctx.db.collection(PURCHASES).where({ memberId: member._id, upgradedFrom: _.exists(true) }).orderBy('createdAt', 'desc').limit(TIER_CHANGES_SHOWN)),
  ]);
  const changes: TierChange[] = [
    ...overrides.map((override) => ({ at: new Date(override.at), override })),
    ...upgrades.map((upgrade) => ({ at: new Date(upgrade.createdAt), upgrade })),
  ];
  return changes.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, TIER_CHANGES_SHOWN);
}

function safeTier(brand: BrandSettings, code: string | undefined) {
  if (!code) return null;
  const tier = brand.tiers.find((t) => t.code === code);
  return tier ? tierView(tier) : { code, name: code, color: '#999999' };
}

function tierChangeView(change: TierChange, brand: BrandSettings): TierChangeView {
  if ('override' in change) {
    const after = (change.override.after ?? {}) as { tierOverride?: { code?: string; until?: Date | string } };
    return {
      at: change.at.toISOString(),
      kind: 'override',
      to: safeTier(brand, after.tierOverride?.code),
      from: null,
      until: after.tierOverride?.until ? new Date(after.tierOverride.until).toISOString() : null,
      reason: change.override.reason,
      by: change.override.actor.openid,
    };
  }
  return {
    at: change.at.toISOString(),
    kind: 'upgrade',
    to: null,
    from: safeTier(brand, change.upgrade.upgradedFrom),
    until: null,
    reason: `消费 ${formatFen(change.upgrade.amountFen)}${change.upgrade.status === 'refunded' ? '（已退款）' : ''}`,
    by: null,
  };
}
