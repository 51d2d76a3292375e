// An independent model of the referral (老带新) and 导购 attribution rules, for the simulation:
// who opened which code, who is bound to whom, which rewards must exist with which status, and
// what each one does to the points of the member it pays. Written from the agreed attribution
// model (README, "Referral and store/staff attribution"), importing nothing from the functions.
// The moments things happened (a visit's first open, a registration, a qualification, a payment)
// are facts the driver reads from the database; what follows from them is decided here.

const DAY_MS = 86_400_000;
const ZONE_MS = 8 * 3_600_000;
/** Staff and store codes bind within 7 days of the first open. */
const GUIDE_WINDOW_DAYS = 7;
/** The brand's default 导购 rule: bound for good, 30 days' protection. */
const PROTECTION_DAYS = 30;

export interface SimCampaign {
  windowDays: number;
  welcomePoints: number;
  inviterPoints: number;
  qualify: { kind: 'purchase' | 'topup'; minFen: number };
  holdDays: number;
  capPerDay: number;
  capPerMonth: number;
  riskThreshold: number;
}

/**
 * The run's campaign: most seeds qualify on a purchase of ¥20 (most orders pass it), every
 * fourth on a top-up of ¥100 (each package passes it). A 90-day window (the longest allowed: clock
 * jumps of days and months still pass it), small caps so that they bite, a short hold so that jumps pass it.
 */
export function simCampaign(seed: number): SimCampaign {
  return {
    windowDays: 90,
    welcomePoints: 100,
    inviterPoints: 300,
    qualify: seed % 4 === 0 ? { kind: 'topup', minFen: 10_000 } : { kind: 'purchase', minFen: 2_000 },
    holdDays: 3,
    capPerDay: 1,
    capPerMonth: 2,
    riskThreshold: 3,
  };
}

/** The campaign as an operator enters it (admin.saveReferralCampaign). */
export function campaignInput(c: SimCampaign): Record<string, unknown> {
  return {
    name: '模拟老带新',
    audience: 'all',
    windowDays: c.windowDays,
    welcome: { kind: 'points', points: c.welcomePoints },
    inviter: { kind: 'points', points: c.inviterPoints },
    qualify: c.qualify,
    holdDays: c.holdDays,
    capPerDay: c.capPerDay,
    capPerMonth: c.capPerMonth,
    riskThreshold: c.riskThreshold,
    posterTitle: '邀好友，得积分',
    posterText: '好友注册得积分，首单后你也得积分',
  };
}

export type CodeSource = { kind: 'member'; member: number } | { kind: 'staff'; staffOpenid: string; storeId: string } | { kind: 'store'; storeId: string };

export interface ModelVisit {
  id: string;
  openid: string;
  code: string;
  source: CodeSource;
  firstOpenAt: number;
  bindableUntil: number;
  opens: number;
  outcome: string;
}

export interface ModelReferral {
  inviter: number;
  boundAt: number;
  qualifiedAt: number | null;
  ended: boolean;
}

export interface ModelGuide {
  staffOpenid: string | null;
  storeId: string;
  boundAt: number;
  protectedUntil: number;
}

export type ModelRewardStatus = 'pending' | 'flagged' | 'approved' | 'paid' | 'cancelled' | 'clawed_back' | 'rejected' | 'capped';

export interface ModelReward {
  role: 'invitee' | 'inviter';
  invitee: number;
  /** Who receives it. */
  beneficiary: number;
  status: ModelRewardStatus;
  points: number;
  qualifiedBy: { kind: 'purchase' | 'topup'; id: string; amountFen: number } | null;
  createdAt: number;
  holdUntil: number | null;
  paidAt: number | null;
  /** The bucket its points went into when paid. */
  expiresOn: string | null;
}

/** What paying or clawing back a reward does to its beneficiary's points. */
export type PointsEffect = { kind: 'grant'; member: number; points: number; at: number } | { kind: 'reverse'; member: number; points: number; expiresOn: string; at: number };

export const rewardKey = (invitee: number, role: 'invitee' | 'inviter') => `${invitee}:${role}`;

export class ReferralModel {
  readonly codes = new Map<string, CodeSource>();
  readonly codeOf = new Map<number, string>();
  readonly visits = new Map<string, ModelVisit>();
  readonly referral = new Map<number, ModelReferral>();
  readonly guide = new Map<number, ModelGuide>();
  readonly blocked = new Set<number>();
  /** Risk ranks WeChat answers per openid (0 when none is set). */
  readonly riskRanks = new Map<string, number>();
  readonly rewards = new Map<string, ModelReward>();
  /** Rewards counted against the inviter's caps, per `<inviter>:<YYYY-MM-DD | YYYY-MM>`. */
  readonly counters = new Map<string, number>();

  constructor(readonly campaign: SimCampaign) {}

  /** Opening a code at `now` by `openid`, a member already (`member`) or not (null). Answers the outcome. */
  open(openid: string, member: number | null, code: string, now: number): string {
    const source = this.codes.get(code);
    if (!source) throw new Error(`model: unknown code ${code}`);
    let outcome: string;
    if (source.kind === 'member' ? member === source.member : source.kind === 'staff' && source.staffOpenid === openid) outcome = 'self';
    else if (source.kind === 'member' && this.blocked.has(source.member)) outcome = 'inactive';
    else if (member === null) outcome = 'pending';
    else if (source.kind === 'member') outcome = 'existing_member';
    else {
      const claim = { staffOpenid: source.kind === 'staff' ? source.staffOpenid : null, storeId: source.storeId };
      const current = this.guide.get(member);
      if (current && current.staffOpenid === claim.staffOpenid && current.storeId === claim.storeId) outcome = 'guide_bound';
      else if (current && current.protectedUntil > now) outcome = 'guide_protected';
      else {
        this.guide.set(member, { ...claim, boundAt: now, protectedUntil: now + PROTECTION_DAYS * DAY_MS });
        outcome = 'guide_bound';
      }
    }
    const id = `${openid}:${code}`;
    const visit = this.visits.get(id);
    if (visit) {
      visit.opens += 1;
      if (visit.outcome !== 'bound') visit.outcome = outcome;
    } else {
      const days = source.kind === 'member' ? this.campaign.windowDays : GUIDE_WINDOW_DAYS;
      this.visits.set(id, { id, openid, code, source, firstOpenAt: now, bindableUntil: now + days * DAY_MS, opens: 1, outcome });
    }
    return outcome;
  }

  /**
   * `openid` registers as member `member` at `now`: its pending visits, earliest first, bind one
   * member code (→ referral, welcome reward) and one staff or store code (→ guide). Valid: within
   * the window (the edge included), the source active, not the member itself.
   */
  register(openid: string, member: number, now: number): { inviter: number | null; guide: boolean } {
    const pending = [...this.visits.values()].filter((v) => v.openid === openid && v.outcome === 'pending');
    pending.sort((a, b) => a.firstOpenAt - b.firstOpenAt || (a.id < b.id ? -1 : 1));
    let inviter: number | null = null;
    let guide = false;
    for (const visit of pending) {
      const isMember = visit.source.kind === 'member';
      if (now > visit.bindableUntil) visit.outcome = 'expired';
      else if (isMember ? inviter !== null : guide) visit.outcome = 'superseded';
      else if (visit.source.kind === 'member' && visit.source.member === member) visit.outcome = 'self';
      else if (visit.source.kind === 'member' && this.blocked.has(visit.source.member)) visit.outcome = 'inactive';
      else {
        visit.outcome = 'bound';
        if (visit.source.kind === 'member') {
          inviter = visit.source.member;
          this.referral.set(member, { inviter, boundAt: now, qualifiedAt: null, ended: false });
          this.rewards.set(rewardKey(member, 'invitee'), {
            role: 'invitee',
            invitee: member,
            beneficiary: member,
            status: 'approved',
            points: this.campaign.welcomePoints,
            qualifiedBy: null,
            createdAt: now,
            holdUntil: null,
            paidAt: null,
            expiresOn: null,
          });
        } else {
          guide = true;
          const claim = { staffOpenid: visit.source.kind === 'staff' ? visit.source.staffOpenid : null, storeId: visit.source.storeId };
          this.guide.set(member, { ...claim, boundAt: now, protectedUntil: now + PROTECTION_DAYS * DAY_MS });
        }
      }
    }
    return { inviter, guide };
  }

  /**
   * A purchase (what the member paid) or a top-up (its principal) of `member` at `at`. The first
   * one of the campaign's kind paying at least the minimum qualifies, once, unless the referral
   * ended; the inviter's reward is pending for the hold, or capped past the day's or month's cap
   * (brand-zone day and month of `at`; only pending ones count).
   */
  qualify(member: number, event: { kind: 'purchase' | 'topup'; id: string; amountFen: number }, at: number): ModelReward | null {
    const referral = this.referral.get(member);
    if (!referral || referral.ended || referral.qualifiedAt !== null) return null;
    if (event.kind !== this.campaign.qualify.kind || event.amountFen < this.campaign.qualify.minFen) return null;
    const day = `${referral.inviter}:${dayOf(at)}`;
    const month = `${referral.inviter}:${dayOf(at).slice(0, 7)}`;
    const capped = (this.counters.get(day) ?? 0) >= this.campaign.capPerDay || (this.counters.get(month) ?? 0) >= this.campaign.capPerMonth;
    if (!capped) {
      this.counters.set(day, (this.counters.get(day) ?? 0) + 1);
      this.counters.set(month, (this.counters.get(month) ?? 0) + 1);
    }
    referral.qualifiedAt = at;
    const reward: ModelReward = {
      role: 'inviter',
      invitee: member,
      beneficiary: referral.inviter,
      status: capped ? 'capped' : 'pending',
      points: this.campaign.inviterPoints,
      qualifiedBy: event,
      createdAt: at,
      holdUntil: capped ? null : at + this.campaign.holdDays * DAY_MS,
      paidAt: null,
      expiresOn: null,
    };
    this.rewards.set(rewardKey(member, 'inviter'), reward);
    return reward;
  }

  /** The approval job's decision for a pending reward whose hold has passed: flagged (inviter blocked, risky invitee) or approved (then paid). */
  approval(reward: ModelReward, inviteeOpenid: string): 'flagged' | 'approved' {
    if (this.blocked.has(reward.beneficiary)) return 'flagged';
    return (this.riskRanks.get(inviteeOpenid) ?? 0) >= this.campaign.riskThreshold ? 'flagged' : 'approved';
  }

  /** Marks a reward paid at `at`: its points go into the bucket of that day. */
  pay(reward: ModelReward, at: number): PointsEffect {
    reward.status = 'paid';
    reward.paidAt = at;
    reward.expiresOn = expiryDay(at);
    return { kind: 'grant', member: reward.beneficiary, points: reward.points, at };
  }

  /** An operator decides a flagged reward; anything else is refused REWARD_NOT_FLAGGED. */
  review(reward: ModelReward, approve: boolean): 'REWARD_NOT_FLAGGED' | 'approved' | 'rejected' {
    if (reward.status !== 'flagged') return 'REWARD_NOT_FLAGGED';
    reward.status = approve ? 'approved' : 'rejected';
    return reward.status;
  }

  /**
   * The qualifying purchase or top-up `id` is refunded at `at`: the referral ends; its reward, not
   * paid yet → cancelled; paid → clawed back (the points reversed on the inviter).
   */
  refund(id: string, at: number): { reward: ModelReward; outcome: 'cancelled' | 'clawed_back' | 'unchanged'; effect: PointsEffect | null } | null {
    const reward = [...this.rewards.values()].find((r) => r.qualifiedBy?.id === id);
    if (!reward) return null;
    this.referral.get(reward.invitee)!.ended = true;
    if (reward.status === 'pending' || reward.status === 'flagged' || reward.status === 'approved' || reward.status === 'capped') {
      reward.status = 'cancelled';
      return { reward, outcome: 'cancelled', effect: null };
    }
    if (reward.status !== 'paid') return { reward, outcome: 'unchanged', effect: null };
    reward.status = 'clawed_back';
    return { reward, outcome: 'clawed_back', effect: { kind: 'reverse', member: reward.beneficiary, points: reward.points, expiresOn: reward.expiresOn!, at } };
  }
}

/** Brand-zone day (Asia/Shanghai, UTC+8 all year). */
export function dayOf(at: number): string {
  return new Date(at + ZONE_MS).toISOString().slice(0, 10);
}

/** Points granted at `at` expire at the end of the next year (the test brand's policy). */
export function expiryDay(at: number): string {
  return `${Number(dayOf(at).slice(0, 4)) + 1}-12-31`;
}
