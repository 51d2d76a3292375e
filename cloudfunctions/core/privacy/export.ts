import type { ExportResult } from '../contract/profile';
import { COUPON_CLAIMS, COUPONS } from '../coupons/collections';
import { COUPON_REDEMPTIONS } from '../coupons/gift-redemption';
import { ACCOUNTS, ASSETS, accountId } from '../ledger/accounts';
import { LEDGER_ENTRIES, type LedgerEntryDoc } from '../ledger/entries';
import { type IdempotencyKey, replayIfSeen, requestKey, runOnce } from '../ledger/idempotency';
import { requireMember } from '../members/lookup';
import { PAYMENT_ORDERS } from '../payments/orders';
import { getCloud } from '../platform/cloud';
import type { Database } from '../platform/cloud';
import { type StoredDoc, findDocs } from '../platform/documents';
import { PURCHASES } from '../purchases/collections';
import type { HandlerContext } from '../router/context';
import { WALLET_REFUNDS } from '../wallet/refund-sending';
import { CHECKINS, CHECKIN_MEMBERS } from '../engagement/checkin';
import { PAID_MEMBERSHIPS } from '../membership/collections';
import { SUBSCRIBE_QUOTAS } from '../notify/quota';
import { INVITE_VISITS, type InviteVisitDoc, REWARDS, type RewardDoc } from '../referral/collections';
import { CONSENTS, DATA_EXPORTS, type DataExportDoc, type PrivacyMemberDoc } from './collections';
import { POLICY_DOCUMENTS } from './documents';
import { consentViews, policyState } from './consents';
import { decryptPhone } from './phone-crypto';

/** How long the temporary link works (the file stays until 注销, or until it is cleaned up). */
export const EXPORT_LINK_SECONDS = 3600;
const PAGE = 1000;

/** Every document of `collection` matching `where`, in _id order, a page of 1,000 at a time. */
async function readAll<T extends StoredDoc>(db: Database, collection: string, where: Record<string, unknown>): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const after = all.length ? { _id: db.command.gt(all[all.length - 1]._id) } : {};
    const page = await findDocs<T>(db.collection(collection).where({ ...where, ...after }).orderBy('_id', 'asc').limit(PAGE));
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

/** Drops other people from a document: cashiers' openids, who used a coupon at the till. */
function withoutOthers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutOthers);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'staffOpenid' && k !== 'lastAnswer').map(([k, v]) => [k, withoutOthers(v)]));
  }
  return value;
}

/** A ledger entry's actor as the member may read it: a member or WeChat Pay by id, staff and operators by role only. */
function entryForExport(entry: LedgerEntryDoc): unknown {
  const actor = entry.actor.type === 'staff' || entry.actor.type === 'operator' ? { type: entry.actor.type } : entry.actor;
  // An inviter's reward is `<campaign>:<invitee member id>:inviter`: the invitee is someone else.
  const source = entry.source?.type === 'referral' && /:inviter$/.test(entry.source.id) ? { ...entry.source, id: entry.source.id.replace(/:[^:]+:inviter$/, ':*:inviter') } : entry.source;
  return { ...entry, actor, source };
}

/**
 * A referral reward as this member may read it: the other member of the pair is left out (their
 * member id; for an inviter, also the invitee's purchase and WeChat risk rank, which are the
 * invitee's). The reward's id names the invitee, so an inviter's copy goes without it.
 */
export function rewardForExport(reward: RewardDoc, memberId: string): Record<string, unknown> {
  const { inviterId: _inviter, inviteeId: _invitee, ...rest } = reward;
  if (reward.role === 'inviter' && reward.memberId === memberId) {
    const { _id: _rewardId, qualifiedBy: _qualifiedBy, riskRank: _riskRank, ...own } = rest;
    return { ...own, asInviter: true };
  }
  if (reward.memberId !== memberId) {
    // Earned by the member who invited this one, by this one's qualifying purchase or top-up.
    const { memberId: _receiver, paidPostingId: _paid, clawbackPostingId: _clawback, ...about } = rest;
    return { ...about, earnedByYourInviter: true };
  }
  return rest;
}

/** An invite visit without who the code was of (a staff member's openid, another member's id). */
function visitForExport(visit: InviteVisitDoc): Record<string, unknown> {
  const { sourceId: _sourceId, ...rest } = visit;
  return rest;
}

/** Everything held about the member, as one JSON document. Only queries by their member id (invite visits: by their openid). */
export async function buildExport(ctx: HandlerContext, member: PrivacyMemberDoc): Promise<{ file: Record<string, unknown>; counts: Record<string, number> }> {
  const db = ctx.db;
  const memberId = member._id;
  const m = member as PrivacyMemberDoc & { phoneCipher?: string | null; phone?: string | null; phoneVerifiedAt?: Date | null; birthday?: string | null };
  const phone = m.phoneCipher ? decryptPhone(m.phoneCipher) : (m.phone ?? null);
  const [accounts, ledgerEntries, purchases, topupOrders, walletRefunds, coupons, couponRedemptions, couponClaims, consents, exports] = await Promise.all([
    findDocs<StoredDoc>(db.collection(ACCOUNTS).where({ _id: db.command.in(ASSETS.map((a) => accountId(memberId, a))) }).limit(ASSETS.length)),
    readAll<LedgerEntryDoc>(db, LEDGER_ENTRIES, { memberId }),
    readAll(db, PURCHASES, { memberId }),
    readAll(db, PAYMENT_ORDERS, { memberId }),
    readAll(db, WALLET_REFUNDS, { memberId }),
    readAll(db, COUPONS, { memberId }),
    readAll(db, COUPON_REDEMPTIONS, { memberId }),
    readAll(db, COUPON_CLAIMS, { memberId }),
    readAll(db, CONSENTS, { memberId }),
    readAll<DataExportDoc>(db, DATA_EXPORTS, { memberId }),
  ]);
  const [checkins, checkinMembers, subscribeQuotas, paidMemberships, inviteVisits, rewardsReceived, rewardsAboutMe] = await Promise.all([
    readAll(db, CHECKINS, { memberId }),
    readAll(db, CHECKIN_MEMBERS, { memberId }),
    readAll(db, SUBSCRIBE_QUOTAS, { memberId }),
    readAll(db, PAID_MEMBERSHIPS, { memberId }),
    member.openid ? readAll<InviteVisitDoc>(db, INVITE_VISITS, { openid: member.openid }) : Promise.resolve([] as InviteVisitDoc[]),
    readAll<RewardDoc>(db, REWARDS, { memberId }),
    readAll<RewardDoc>(db, REWARDS, { inviteeId: memberId }),
  ]);
  const rewards = [...new Map([...rewardsReceived, ...rewardsAboutMe].map((r) => [r._id, r])).values()];
  const planOrders = topupOrders.filter((o) => (o as { purpose?: string }).purpose === 'plan');
  const paymentOrders = topupOrders.filter((o) => (o as { purpose?: string }).purpose !== 'plan');
  const profile = {
    memberId,
    memberNo: member.memberNo,
    openid: member.openid,
    nickname: member.nickname,
    avatarUrl: member.avatarUrl,
    birthday: m.birthday ?? null,
    phone,
    phoneVerifiedAt: m.phoneVerifiedAt ?? null,
    tierCode: member.tierCode,
    tierOverride: member.tierOverride ? { code: member.tierOverride.code, until: member.tierOverride.until, reason: member.tierOverride.reason } : null,
    registeredAt: member.registeredAt,
    // Who invited the member (the campaign and code; the inviter's member id left out) and their 导购 (the store; the staff member left out).
    referral: member.referral ? { campaignId: member.referral.campaignId, code: member.referral.code, boundAt: member.referral.boundAt, qualifiedAt: member.referral.qualifiedAt, ended: member.referral.ended } : null,
    guide: member.guide ? { storeId: member.guide.storeId, code: member.guide.code, boundAt: member.guide.boundAt, until: member.guide.until, protectedUntil: member.guide.protectedUntil } : null,
  };
  const file = {
    exportedAt: ctx.now.toISOString(),
    note: '这是我们保存的关于你的全部数据（我的数据）。金额单位为分；积分为整数。',
    profile,
    policies: POLICY_DOCUMENTS.map((d) => policyState(member.privacy, d)),
    consentsNow: consentViews(member.privacy),
    accounts,
    ledgerEntries: ledgerEntries.map(entryForExport),
    purchases: withoutOthers(purchases),
    topupOrders: paymentOrders,
    planOrders,
    paidMembership: paidMemberships[0] ?? null,
    walletRefunds: withoutOthers(walletRefunds),
    coupons: withoutOthers(coupons),
    couponRedemptions: withoutOthers(couponRedemptions),
    couponClaims,
    consents,
    checkins,
    checkinStreak: checkinMembers[0] ?? null,
    subscribeQuotas: subscribeQuotas[0] ?? null,
    inviteVisits: inviteVisits.map(visitForExport),
    referralRewards: rewards.map((r) => rewardForExport(r, memberId)),
    exports: exports.map(({ _id, createdAt, counts }) => ({ _id, createdAt, counts })),
  };
  const counts = {
    profile: 1,
    accounts: accounts.length,
    ledgerEntries: ledgerEntries.length,
    purchases: purchases.length,
    topupOrders: paymentOrders.length,
    planOrders: planOrders.length,
    paidMembership: paidMemberships.length,
    walletRefunds: walletRefunds.length,
    coupons: coupons.length,
    couponRedemptions: couponRedemptions.length,
    couponClaims: couponClaims.length,
    consents: consents.length,
    checkins: checkins.length,
    checkinStreak: checkinMembers.length,
    subscribeQuotas: subscribeQuotas.length,
    inviteVisits: inviteVisits.length,
    referralRewards: rewards.length,
  };
  return { file, counts };
}

/**
 * 我的数据: builds the file, uploads it to `exports/<memberId>/<time>-<request>.json` and answers a
 * temporary link. Once per request id: a retry answers the first file's link. The upload happens
 * before the record (no call-outs inside a transaction); a crash between them leaves a file no
 * record names, which 注销 does not find — the price of not calling out inside the transaction.
 */
export async function exportMyData(ctx: HandlerContext, input: Record<string, never>): Promise<ExportResult> {
  const key: IdempotencyKey = { scope: `member:${ctx.openid}:exportMyData`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  const member = (await requireMember(ctx)) as PrivacyMemberDoc;
  const { file, counts } = await buildExport(ctx, member);
  const stamp = ctx.now.toISOString().replace(/[-:.]/g, '');
  const cloudPath = `exports/${member._id}/${stamp}-${requestKey(key.scope, key.requestId).slice(0, 8)}.json`;
  const cloud = getCloud();
  const { fileID } = (await cloud.uploadFile({ cloudPath, fileContent: Buffer.from(JSON.stringify(file, null, 2), 'utf8') })) as { fileID: string };
  const linked = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: EXPORT_LINK_SECONDS }] })) as { fileList?: { tempFileURL?: string }[] };
  const url = linked.fileList?.[0]?.tempFileURL;
  if (!url) throw new Error(`no temporary link for ${fileID}`);
  return runOnce(ctx, key, async (tx, postingId) => {
    const record: Omit<DataExportDoc, '_id'> = { memberId: member._id, fileId: fileID, cloudPath, createdAt: ctx.now, counts };
    await tx.collection(DATA_EXPORTS).doc(postingId).set({ data: record });
    return { url, fileId: fileID, expiresAt: new Date(ctx.now.getTime() + EXPORT_LINK_SECONDS * 1000).toISOString(), counts };
  });
}
