import { inBrandZone } from '../platform/time';
import type { CampaignDoc, MemberReferral } from './collections';

// Whether a purchase or a top-up qualifies the invitee, and what the inviter's reward becomes.
// Pure: the hook (qualify.ts) reads the member, the campaign and the inviter's cap counters in
// the purchase's or top-up's transaction and writes what this decides.

export interface QualifyingEvent {
  kind: 'purchase' | 'topup';
  /** The purchase id (its posting id) or the top-up's outTradeNo. */
  id: string;
  /** What the member paid: remainder plus wallet for a purchase (after member price, coupons and points), the principal for a top-up. */
  amountFen: number;
}

export type NotQualified = 'no_referral' | 'ended' | 'already_qualified' | 'no_campaign' | 'kind_mismatch' | 'below_minimum';

/** The checks that need nothing read: when these fail the hook reads nothing more. */
export function mayQualify(referral: MemberReferral | null | undefined): NotQualified | null {
  if (!referral) return 'no_referral';
  if (referral.ended) return 'ended';
  if (referral.qualifiedAt) return 'already_qualified';
  return null;
}

/** The inviter's cap counters' ids and the brand-zone day and month a qualification at `now` counts in. */
export function capPeriods(inviterId: string, campaignId: string, now: Date, timeZone: string) {
  const local = inBrandZone(now, timeZone);
  const day = local.format('YYYY-MM-DD');
  const month = local.format('YYYY-MM');
  return { day, month, dayCounterId: `${inviterId}:${campaignId}:${day}`, monthCounterId: `${inviterId}:${campaignId}:${month}` };
}

export type QualifyDecision =
  | { qualified: false; why: NotQualified }
  | {
      qualified: true;
      /** 'capped': over the inviter's day or month cap, never paid (and not counted). */
      status: 'pending' | 'capped';
      cappedBy: 'day' | 'month' | null;
      points: number;
      holdUntil: Date;
      day: string;
      month: string;
    };

export interface QualifyFacts {
  referral: MemberReferral | null | undefined;
  campaign: Pick<CampaignDoc, 'qualify' | 'holdDays' | 'capPerDay' | 'capPerMonth' | 'inviter'> | null;
  event: QualifyingEvent;
  now: Date;
  timeZone: string;
  /** Rewards already counted against the inviter's caps in the day and the month of `now`. */
  counted: { day: number; month: number };
}

const DAY_MS = 86_400_000;

/**
 * The invitee's first purchase (or top-up, as the campaign says) paying at least minFen
 * qualifies once. A paused campaign still pays what it promised to invitees already bound.
 * Caps: the Nth reward of a brand-zone day (month) with cap N is still pending; the next is capped.
 */
export function decideQualification(facts: QualifyFacts): QualifyDecision {
  const early = mayQualify(facts.referral);
  if (early) return { qualified: false, why: early };
  const { campaign, event } = facts;
  if (!campaign) return { qualified: false, why: 'no_campaign' };
  if (campaign.qualify.kind !== event.kind) return { qualified: false, why: 'kind_mismatch' };
  if (event.amountFen < campaign.qualify.minFen) return { qualified: false, why: 'below_minimum' };
  const { day, month } = capPeriods('', '', facts.now, facts.timeZone);
  const cappedBy =
    campaign.capPerDay !== null && facts.counted.day >= campaign.capPerDay ? 'day' : campaign.capPerMonth !== null && facts.counted.month >= campaign.capPerMonth ? 'month' : null;
  return {
    qualified: true,
    status: cappedBy ? 'capped' : 'pending',
    cappedBy,
    points: campaign.inviter.points,
    holdUntil: new Date(facts.now.getTime() + campaign.holdDays * DAY_MS),
    day,
    month,
  };
}
