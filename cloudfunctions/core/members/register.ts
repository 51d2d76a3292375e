import { randomInt, randomUUID } from 'crypto';
import type { HandlerContext } from '../router/context';
import { type Tx, getDocById, txGet } from '../platform/documents';
import type { BrandSettings } from '../brand/settings';
import { entryTier } from '../brand/settings';
import { ACCOUNTS, newAccounts } from '../ledger/accounts';
import { giveWelcomeGiftNow, welcomeGiftMark } from '../engagement/welcome';
import { IDENTITIES, MEMBERS, MEMBER_NUMBERS, type IdentityDoc, type MemberDoc } from './collections';
import { bindAtRegistration, pendingVisitsOf } from '../referral/bind';
import { payReward } from '../referral/pay-reward';

export interface EnsuredMember {
  member: MemberDoc;
  registeredNow: boolean;
}

/**
 * Finds the caller's member record, registering them on their first call.
 *
 * The member, its identity and its zeroed balance documents are created in one transaction,
 * so later postings never meet a missing account. Race: two first calls from one openid both
 * see no identity and both write `identities/<openid>`; the database lets one commit and
 * reports a conflict to the other, whose retry then finds the identity. One member results.
 */
export async function ensureMember(ctx: HandlerContext, brand: BrandSettings): Promise<EnsuredMember> {
  const known = await getDocById<IdentityDoc>(ctx.db, IDENTITIES, ctx.openid);
  if (known) {
    const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, known.memberId);
    if (member) return { member, registeredNow: false };
    throw new Error(`identity ${ctx.openid} points at missing member ${known.memberId}`);
  }
  // Invite visits (core/referral): queried here, re-read by id in the transaction, which binds the earliest valid one.
  const visits = await pendingVisitsOf(ctx.db, ctx.openid);
  const ensured = await ctx.transaction(async (tx): Promise<EnsuredMember & { welcomeRewardId?: string | null }> => {
    const identity = await txGet<IdentityDoc>(tx, IDENTITIES, ctx.openid);
    if (identity) {
      const member = await txGet<MemberDoc>(tx, MEMBERS, identity.memberId);
      if (!member) throw new Error(`identity ${ctx.openid} points at missing member ${identity.memberId}`);
      return { member, registeredNow: false };
    }
    const member: MemberDoc = {
      _id: `m_${randomUUID().replace(/-/g, '')}`,
      memberNo: await unusedMemberNo(tx),
      openid: ctx.openid,
      nickname: '',
      avatarUrl: null,
      tierCode: entryTier(brand).code,
      tierReviewAt: null,
      registeredAt: ctx.now,
      // The welcome gift's outbox mark (core/engagement/welcome.ts), in the registration's transaction.
      ...welcomeGiftMark(brand, ctx.now),
    };
    const binding = visits.length ? await bindAtRegistration(ctx, tx, member, visits, brand.timeZone) : null;
    if (binding?.referral) member.referral = binding.referral;
    if (binding?.guide) member.guide = binding.guide;
    const { _id, ...memberFields } = member;
    await tx.collection(IDENTITIES).doc(ctx.openid).set({ data: { memberId: _id, createdAt: ctx.now } });
    await tx.collection(MEMBER_NUMBERS).doc(member.memberNo).set({ data: { memberId: _id } });
    await tx.collection(MEMBERS).doc(_id).set({ data: memberFields });
    for (const account of Object.values(newAccounts(_id))) {
      const { _id: id, ...fields } = account;
      await tx.collection(ACCOUNTS).doc(id).set({ data: fields });
    }
    return { member, registeredNow: true, welcomeRewardId: binding?.welcomeRewardId ?? null };
  });
  const { welcomeRewardId, ...result } = ensured;
  if (result.registeredNow) await giveWelcomeGiftNow(ctx, result.member);
  if (welcomeRewardId) {
    // Paid right after the commit; if this fails the referral-rewards job pays it (it stays 'approved').
    await payReward(ctx, welcomeRewardId).catch((error) => console.error(`welcome reward ${welcomeRewardId} not paid yet`, error));
  }
  return result;
}

/** Ten digits, the first never 0, so the number reads the same wherever it is printed. */
async function unusedMemberNo(tx: Tx): Promise<string> {
  for (;;) {
    const candidate = String(randomInt(1_000_000_000, 10_000_000_000));
    if (!(await txGet(tx, MEMBER_NUMBERS, candidate))) return candidate;
  }
}
