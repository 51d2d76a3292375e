import type { MemberDoc } from '../members/collections';
import { MEMBERS } from '../members/collections';
import type { Database } from '../platform/cloud';
import { type Tx, findDocs, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { INVITE_VISITS, type InviteVisitDoc, type MemberGuide, type MemberReferral, REWARDS, type RewardDoc } from './collections';
import { referralEvent } from './events';
import { newGuide } from './guide';
import { txGuideSettings } from './guide-settings';
import { readSource, txReader } from './source';

// Binding at registration (called from members/register.ts ensureMember, inside its transaction).
// The visitor's pending visits are queried before the transaction (`pendingVisitsOf`); here each
// is re-read by id, earliest first, and the first VALID member visit becomes `member.referral`,
// the first valid staff/store visit `member.guide`. Valid: still pending, registered no later than
// bindableUntil (exactly at the edge binds), the source still active (re-read here), not the caller,
// no cycle through the inviter's own inviters. Two registrations of one openid resolve to one member
// (the identity document), so the binding is written once, by the transaction that commits.

/** At most this many visits are considered (the earliest ones). */
const MAX_VISITS = 20;
/** How far up the inviter's own chain a cycle is looked for. */
const MAX_CHAIN = 20;

export async function pendingVisitsOf(db: Database, openid: string): Promise<InviteVisitDoc[]> {
  return findDocs<InviteVisitDoc>(db.collection(INVITE_VISITS).where({ openid, outcome: 'pending' }).orderBy('firstOpenAt', 'asc').limit(MAX_VISITS));
}

export interface Binding {
  referral: MemberReferral | null;
  guide: MemberGuide | null;
  /** The invitee's welcome reward written 'approved' in the transaction; pay it after the commit. */
  welcomeRewardId: string | null;
}

/** Within the window: registering exactly at bindableUntil binds, a millisecond later does not. */
export function visitBindable(visit: Pick<InviteVisitDoc, 'bindableUntil'>, now: Date): boolean {
  return now.getTime() <= new Date(visit.bindableUntil).getTime();
}

export const welcomeRewardId = (campaignId: string, inviteeId: string) => `${campaignId}:${inviteeId}:invitee`;

/**
 * Whether following `inviter`'s own inviters reaches the new member: its id, or the same person
 * (its openid: an earlier record of this visitor, e.g. data repaired by hand). A loop among the
 * others ends the walk.
 */
async function makesCycle(tx: Tx, inviter: MemberDoc, member: Pick<MemberDoc, '_id' | 'openid'>): Promise<boolean> {
  const seen = new Set<string>([inviter._id]);
  let current: MemberDoc | null = inviter;
  for (let step = 0; step < MAX_CHAIN && current?.referral?.inviterId; step++) {
    const next: string = current.referral.inviterId;
    if (next === member._id) return true;
    if (seen.has(next)) return false;
    seen.add(next);
    current = await txGet<MemberDoc>(tx, MEMBERS, next);
    if (current?.openid === member.openid) return true;
  }
  return false;
}

/**
 * Decides and writes the binding inside the registration transaction: the visits' outcomes, the
 * welcome reward, the events. Answers the member fields to set (the caller writes the member).
 */
export async function bindAtRegistration(ctx: HandlerContext, tx: Tx, member: MemberDoc, candidates: InviteVisitDoc[], timeZone: string): Promise<Binding> {
  const binding: Binding = { referral: null, guide: null, welcomeRewardId: null };
  const ordered = [...candidates].sort((a, b) => new Date(a.firstOpenAt).getTime() - new Date(b.firstOpenAt).getTime() || (a._id < b._id ? -1 : 1));
  const read = txReader(tx);
  for (const candidate of ordered) {
    const visit = await txGet<InviteVisitDoc>(tx, INVITE_VISITS, candidate._id);
    if (!visit || visit.outcome !== 'pending' || visit.openid !== ctx.openid) continue;
    const isMemberCode = visit.source === 'member';
    let outcome: InviteVisitDoc['outcome'] = 'superseded';
    if (!visitBindable(visit, ctx.now)) outcome = 'expired';
    else if (isMemberCode ? !binding.referral : !binding.guide) {
      const source = await readSource(read, visit);
      const self = isMemberCode ? source.inviter?._id === member._id || source.inviter?.openid === ctx.openid : visit.source === 'staff' && visit.sourceId === ctx.openid;
      if (self || (isMemberCode && source.active && (await makesCycle(tx, source.inviter!, member)))) outcome = 'self';
      else if (!source.active) outcome = 'inactive';
      else if (isMemberCode && member.referral) outcome = 'superseded';
      else {
        outcome = 'bound';
        if (isMemberCode) {
          binding.referral = { inviterId: visit.sourceId, campaignId: visit.campaignId, code: visit.code, boundAt: ctx.now, qualifiedAt: null, ended: false };
          await referralEvent(tx, { kind: 'register', campaignId: visit.campaignId, source: 'member', sourceId: visit.sourceId, memberId: member._id, at: ctx.now, timeZone });
          const welcome = source.campaign!.welcome;
          if (welcome) {
            const rewardId = welcomeRewardId(visit.campaignId, member._id);
            const reward: Omit<RewardDoc, '_id'> = {
              role: 'invitee',
              campaignId: visit.campaignId,
              memberId: member._id,
              inviteeId: member._id,
              inviterId: visit.sourceId,
              status: 'approved',
              points: welcome.kind === 'points' ? welcome.points : 0,
              couponTemplateId: welcome.kind === 'coupon' ? welcome.templateId : null,
              qualifiedBy: null,
              holdUntil: null,
              riskRank: null,
              paidPostingId: null,
              clawbackPostingId: null,
              createdAt: ctx.now,
              decidedAt: ctx.now,
              paidAt: null,
              day: null,
              month: null,
              note: null,
            };
            await tx.collection(REWARDS).doc(rewardId).set({ data: reward });
            binding.welcomeRewardId = rewardId;
          }
        } else {
          const claim = { staffOpenid: source.staffOpenid, storeId: source.storeId!, code: visit.code };
          binding.guide = newGuide(claim, ctx.now, await txGuideSettings(tx));
          await referralEvent(tx, { kind: 'guide_bound', campaignId: visit.campaignId, source: visit.source, sourceId: visit.sourceId, storeId: source.storeId, memberId: member._id, at: ctx.now, timeZone });
        }
      }
    }
    await tx.collection(INVITE_VISITS).doc(visit._id).update({ data: { outcome, memberId: member._id } });
  }
  return binding;
}
