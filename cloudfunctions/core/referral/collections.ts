import type { CampaignStatus, CampaignTerms, InviteSource, RewardStatus, VisitOutcome } from '../contract';
import type { StoredDoc } from '../platform/documents';

// Referral (老带新) and 导购 attribution: the documents. One attribution model for members,
// staff and stores (see README, "Referral and store/staff attribution").

/** `referral_campaigns/<id>`: campaigns are data, edited by operators (versioned). */
export const CAMPAIGNS = 'referral_campaigns';
export interface CampaignDoc extends StoredDoc, CampaignTerms {
  status: CampaignStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

/**
 * `invite_codes/<code>`: what a share, a poster or a channel code carries. The code is derived
 * from (source, sourceId, campaignId) (core/referral/codes.ts), so asking twice gives one code.
 * Staff and store codes have campaignId 'guide'.
 */
export const INVITE_CODES = 'invite_codes';
export interface InviteCodeDoc extends StoredDoc {
  source: InviteSource;
  /** Member id, staff openid or store id. */
  sourceId: string;
  campaignId: string;
  /** The store of a staff or store code (for reports). */
  storeId: string | null;
  createdAt: Date;
  /** The cached mini-program code in cloud storage (wxacode.getUnlimited is rate-limited). */
  wxacodeFileId?: string | null;
}
export const GUIDE_CAMPAIGN = 'guide';

/**
 * `invite_visits/<openid>:<code>`: a visitor opening the app from a code. Keyed by openid: a
 * visitor may not be a member yet. Registration (members/register.ts) binds the earliest valid
 * pending visit within its window.
 */
export const INVITE_VISITS = 'invite_visits';
export interface InviteVisitDoc extends StoredDoc {
  openid: string;
  code: string;
  source: InviteSource;
  sourceId: string;
  campaignId: string;
  firstOpenAt: Date;
  lastOpenAt: Date;
  opens: number;
  /** When the visit stops being able to bind (firstOpenAt + windowDays). */
  bindableUntil: Date;
  outcome: VisitOutcome | 'bound' | 'expired' | 'superseded';
  /** The member the visit ended as (once registered or known). */
  memberId: string | null;
}

/** On the member document (members/collections.ts MemberDoc has these optional fields). */
export interface MemberReferral {
  inviterId: string;
  campaignId: string;
  code: string;
  boundAt: Date;
  /** Set by the qualifying purchase or top-up; the inviter's reward is then created. */
  qualifiedAt: Date | null;
  /** Once the qualification was refunded the referral is over: it never qualifies again. */
  ended: boolean;
}
export interface MemberGuide {
  staffOpenid: string | null;
  storeId: string;
  code: string;
  boundAt: Date;
  /** null: bound for good. */
  until: Date | null;
  protectedUntil: Date;
}

/**
 * `referral_rewards/<campaignId>:<inviteeId>:<role>`: at most one reward per invitee, campaign
 * and role, by construction. The invitee's welcome reward is created 'approved' at binding; the
 * inviter's 'pending' (or 'capped') at qualification, then approved by the job after holdDays
 * (or 'flagged' for an operator when the risk rank is high), then 'paid' when the points post.
 */
export const REWARDS = 'referral_rewards';
export interface RewardDoc extends StoredDoc {
  role: 'invitee' | 'inviter';
  campaignId: string;
  /** Who receives it. */
  memberId: string;
  inviteeId: string;
  inviterId: string;
  status: RewardStatus;
  points: number;
  couponTemplateId: string | null;
  qualifiedBy: { kind: 'purchase' | 'topup'; id: string; amountFen: number } | null;
  holdUntil: Date | null;
  riskRank: number | null;
  /** The posting that paid the points, and the one that took them back. */
  paidPostingId: string | null;
  clawbackPostingId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  paidAt: Date | null;
  /** Brand-zone day and month of the qualification, for the inviter caps and the leaderboard. */
  day: string | null;
  month: string | null;
  note: string | null;
}

/** `referral_counters/<inviterId>:<campaignId>:<YYYY-MM-DD | YYYY-MM>`: qualified rewards counted against the caps. */
export const REFERRAL_COUNTERS = 'referral_counters';
export interface ReferralCounterDoc extends StoredDoc {
  count: number;
}

/** `referral_events`: what the reports count (shares, opens, registrations, qualified, paid). */
export const REFERRAL_EVENTS = 'referral_events';
export type ReferralEventKind = 'share' | 'open' | 'register' | 'qualify' | 'paid' | 'guide_bound';
export interface ReferralEventDoc extends StoredDoc {
  kind: ReferralEventKind;
  campaignId: string;
  source: InviteSource;
  /** The inviter (member id), staff openid or store id. */
  sourceId: string;
  storeId: string | null;
  memberId: string | null;
  points: number;
  at: Date;
  /** Brand-zone day, for the reports' ranges. */
  day: string;
}

/** `referral_settings/guide`: the brand's 导购 binding rule. */
export const REFERRAL_SETTINGS = 'referral_settings';
export const GUIDE_SETTINGS_ID = 'guide';
export interface GuideSettingsDoc extends StoredDoc {
  bindDays: number | null;
  protectionDays: number;
  updatedAt: Date;
  updatedBy: string;
}
export const DEFAULT_GUIDE_SETTINGS = { bindDays: null, protectionDays: 30 } as const;
