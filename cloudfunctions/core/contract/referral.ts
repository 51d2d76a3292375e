import { z } from 'zod';
import { action } from './define';
import { displayText } from './text';
import { pageCursor } from './paging';
import { ANY_OPERATOR, MANAGERS, READERS, STORE_KEEPERS } from '../access/operator-roles';

// Referral (老带新) and store/staff attribution (导购): one attribution model, see
// core/referral. A share, a poster or a channel code carries a short invite code (the `scene` of
// wxacode.getUnlimited, at most 32 characters) naming a document `invite_codes/<code>` =
// { source: member | staff | store, sourceId, campaignId }; never the ids themselves.

/** Invite codes: 'i' + 11 characters of [0-9A-Za-z]; fits the scene with room to spare. */
export const INVITE_CODE = /^i[0-9A-Za-z]{11}$/;
export const inviteCode = z.string().regex(INVITE_CODE);
/** Scenes look like `i=<code>`, so a code and other scene parameters can share the 32 characters. */
export const inviteScene = (code: string) => `i=${code}`;

const documentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_:-]+$/);
/** `<campaignId>:<memberId>:<role>`: two document ids and a role, longer than one id. */
const rewardId = z.string().min(1).max(160).regex(/^[A-Za-z0-9_:-]+$/);
const memberNo = z.string().regex(/^\d{10}$/);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const reason = displayText(100);

export type InviteSource = 'member' | 'staff' | 'store';
export type CampaignAudience = 'all' | 'koc';
export type CampaignStatus = 'active' | 'paused';

/** What the invitee gets when the attribution binds, and what the inviter gets on qualification. */
const reward = z.union([
  z.object({ kind: z.literal('points'), points: z.number().int().min(1).max(100_000) }).strict(),
  z.object({ kind: z.literal('coupon'), templateId: documentId }).strict(),
]);
export type RewardSpec = z.infer<typeof reward>;

/** The inviter's reward is points only: a clawback is a reversing ledger entry (see README). */
const inviterReward = z.object({ kind: z.literal('points'), points: z.number().int().min(1).max(100_000) }).strict();

/** What the invitee must do for the inviter to be rewarded; never sign-up alone. */
const qualification = z.union([
  /** The invitee's first purchase paying at least `minFen` (after discounts) qualifies. */
  z.object({ kind: z.literal('purchase'), minFen: z.number().int().min(1).max(100_000_00) }).strict(),
  /** The invitee's first top-up of at least `minFen` qualifies. */
  z.object({ kind: z.literal('topup'), minFen: z.number().int().min(1).max(100_000_00) }).strict(),
]);
export type QualificationSpec = z.infer<typeof qualification>;

export const campaignInput = z
  .object({
    name: displayText(30),
    /** 'koc': used for inviters marked KOC (a KOC campaign may pay more); 'all': everyone else. */
    audience: z.enum(['all', 'koc']),
    /** Days from the visitor's first open in which registering binds them (default 7). */
    windowDays: z.number().int().min(1).max(90).default(7),
    welcome: reward.nullable(),
    inviter: inviterReward,
    qualify: qualification,
    /** Days a qualified reward waits (the refund window) before the approval job pays it. */
    holdDays: z.number().int().min(0).max(60).default(7),
    /** Inviter caps on qualified rewards per brand-zone day and month; null = no cap. */
    capPerDay: z.number().int().min(1).max(1000).nullable(),
    capPerMonth: z.number().int().min(1).max(10_000).nullable(),
    /** riskControl.getUserRiskRank of the invitee at or above this flags the reward for review (0–4). */
    riskThreshold: z.number().int().min(1).max(4).default(3),
    /** Shown on the invite page and the poster. */
    posterTitle: displayText(20),
    posterText: displayText(60),
  })
  .strict();
export type CampaignInput = z.input<typeof campaignInput>;

/** A campaign's terms as an operator sets them (defaults filled in): stored and shown alike. */
export type CampaignTerms = z.output<typeof campaignInput>;

export interface CampaignView extends CampaignTerms {
  campaignId: string;
  status: CampaignStatus;
  /** The rules in plain Chinese, one sentence per line, as the invite page shows them. */
  rulesText: string[];
  version: number;
  updatedAt: string; // ISO
}

/** Brand setting for 导购 attribution. */
export const guideSettingsInput = z
  .object({
    /** null: the member stays bound to the staff member for good; otherwise for this many days. */
    bindDays: z.number().int().min(1).max(3650).nullable(),
    /** Days after binding in which no other staff or store code can take the member over. */
    protectionDays: z.number().int().min(0).max(3650),
  })
  .strict();
export interface GuideSettingsView {
  bindDays: number | null;
  protectionDays: number;
}

// --- member ------------------------------------------------------------------------------

/** What opening the app from a share, a poster or a channel code did. */
export type VisitOutcome =
  /** Recorded; binds when the visitor registers within the window. */
  | 'pending'
  /** The visitor was already a member: counted as an open, nothing binds. */
  | 'existing_member'
  /** The visitor opened their own code. */
  | 'self'
  /** The source (member or staff) is disabled, or the campaign is paused. */
  | 'inactive'
  /** Staff or store code: the member is now bound to that staff member / store. */
  | 'guide_bound'
  /** Staff or store code: the member is bound to another staff member still under protection. */
  | 'guide_protected';

export interface OpenInviteResult {
  outcome: VisitOutcome;
  source: InviteSource;
  /** Masked name of the inviting member, or the store / staff name, to greet the visitor. */
  fromName: string;
  /** The welcome reward the visitor gets on registering, in words; null when none. */
  welcomeText: string | null;
}

export interface InviteSummary {
  opened: number;
  registered: number;
  qualified: number;
  rewarded: number;
  pending: number;
  flagged: number;
  /** Points paid to the caller by referral rewards, net of clawbacks. */
  pointsEarned: number;
}

export interface InvitePageResult {
  /** null when the brand has no active campaign for the caller: the page says so. */
  campaign: CampaignView | null;
  code: string | null;
  /** The path a share card opens: `pages/index/index?inv=<code>`. */
  sharePath: string | null;
  shareTitle: string;
  poster: {
    /** A displayable URL of the mini-program code (cloud storage, cached per source and campaign). */
    wxacodeUrl: string | null;
    /** The H5 invite URL the H5 poster's QR code carries (the path above on the H5 origin). */
    h5Path: string | null;
    nickname: string;
    avatarUrl: string | null;
    title: string;
    text: string;
  };
  summary: InviteSummary;
  koc: boolean;
}

export type InviteStatus = 'registered' | 'pending' | 'flagged' | 'rewarded' | 'cancelled' | 'clawed_back' | 'rejected' | 'capped';

export interface InviteView {
  /** Masked nickname of the invitee (first character and '*'), '微信用户' when none. */
  name: string;
  openedAt: string; // ISO
  registeredAt: string;
  qualifiedAt: string | null;
  status: InviteStatus;
  /** Points of the inviter's reward (paid, pending or taken back). */
  points: number;
  /** When the pending reward is approved at the earliest. */
  holdUntil: string | null;
  paidAt: string | null;
}

export interface LeaderboardRow {
  rank: number;
  name: string; // masked
  qualified: number;
  koc: boolean;
  /** The caller's own row (member action only). */
  me: boolean;
  /** The console's board only, for owners and managers (analysts read masked data): lets 标记KOC act on the row. */
  memberNo?: string;
}

export const referralMemberActions = {
  /** Called on app launch with the `inv` query or the `scene` of a mini-program code. */
  openInvite: action<OpenInviteResult>()({ input: z.object({ code: inviteCode }).strict(), mutates: true, perMinute: 30 }),
  invitePage: action<InvitePageResult>()({ input: z.object({}).strict(), mutates: false }),
  /** Counts a share (card, timeline, saved poster) for the campaign's metrics. */
  recordShare: action<{ recorded: boolean }>()({
    input: z.object({ channel: z.enum(['card', 'timeline', 'poster']) }).strict(),
    mutates: true,
    perMinute: 30,
  }),
  myInvites: action<{ summary: InviteSummary; items: InviteView[]; nextCursor: string | null }>()({
    input: z.object({ cursor: pageCursor.optional(), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    mutates: false,
  }),
  kocLeaderboard: action<{ month: string; rows: LeaderboardRow[]; mine: LeaderboardRow | null }>()({
    input: z.object({ month: month.optional() }).strict(),
    mutates: false,
  }),
};

// --- staff -------------------------------------------------------------------------------

export interface ChannelCodeResult {
  code: string;
  scene: string;
  sharePath: string;
  wxacodeUrl: string | null;
  h5Path: string;
  name: string; // staff or store name
  storeName: string;
  /** Members bound to this staff member (or store), in total and this month. */
  boundMembers: number;
  boundThisMonth: number;
}

export const referralStaffActions = {
  myChannelCode: action<ChannelCodeResult>()({ input: z.object({}).strict(), mutates: false }),
};

// --- admin -------------------------------------------------------------------------------

export type RewardStatus = 'pending' | 'flagged' | 'approved' | 'paid' | 'cancelled' | 'clawed_back' | 'rejected' | 'capped';

export interface RewardView {
  rewardId: string;
  role: 'invitee' | 'inviter';
  campaignId: string;
  campaignName: string;
  beneficiary: { memberNo: string; name: string };
  invitee: { memberNo: string; name: string };
  status: RewardStatus;
  points: number;
  couponTemplateId: string | null;
  qualifiedBy: { kind: 'purchase' | 'topup'; id: string; amountFen: number } | null;
  riskRank: number | null;
  holdUntil: string | null;
  createdAt: string;
  decidedAt: string | null;
  note: string | null;
}

export interface ReferralFigures {
  shares: number;
  opens: number;
  registrations: number;
  qualified: number;
  rewardsPaid: number;
  pointsPaid: number;
  /** Distinct inviters with a share or an open in the period. */
  activeInviters: number;
  /** Qualified invitees per active inviter, two decimals; 0 when there is no active inviter. */
  kFactor: number;
}

export interface GuideRow {
  storeId: string;
  storeName: string;
  /** null on the store's own row (members bound through the store code). */
  staffOpenid: string | null;
  staffName: string;
  membersBound: number;
  purchases: number;
  revenueFen: number;
}

export const referralAdminActions = {
  referralCampaigns: action<{ campaigns: CampaignView[] }>()({ input: z.object({}).strict(), mutates: false, roles: READERS }),
  /** Creates (no campaignId) or updates a campaign; a new version applies to codes from then on. */
  saveReferralCampaign: action<CampaignView>()({
    input: z.object({ campaignId: documentId.optional(), campaign: campaignInput }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  setReferralCampaignStatus: action<CampaignView>()({
    input: z.object({ campaignId: documentId, status: z.enum(['active', 'paused']) }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  guideSettings: action<GuideSettingsView>()({ input: z.object({}).strict(), mutates: false, roles: READERS }),
  saveGuideSettings: action<GuideSettingsView>()({ input: guideSettingsInput, mutates: true, roles: MANAGERS }),
  referralRewards: action<{ rewards: RewardView[]; nextCursor: string | null }>()({
    input: z
      .object({
        status: z.enum(['pending', 'flagged', 'approved', 'paid', 'cancelled', 'clawed_back', 'rejected', 'capped']).optional(),
        cursor: pageCursor.optional(),
        limit: z.number().int().min(1).max(100).default(50),
      })
      .strict(),
    mutates: false,
    roles: READERS,
  }),
  /** Decides a flagged reward: approve pays it now, reject closes it. */
  reviewReferralReward: action<RewardView>()({
    input: z.object({ rewardId, decision: z.enum(['approve', 'reject']), reason }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  /** KOC (key opinion consumer): marked members use the KOC campaign when one is active. */
  setMemberKoc: action<{ memberNo: string; koc: boolean }>()({
    input: z.object({ memberNo, koc: z.boolean(), reason }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  /** Stops (or restores) a member's invites attributing, from that moment. */
  setReferralBlocked: action<{ memberNo: string; blocked: boolean }>()({
    input: z.object({ memberNo, blocked: z.boolean(), reason }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  /** Per campaign (or all), over brand-zone days `from`..`to` inclusive (at most 366 days). */
  referralReport: action<{ from: string; to: string; total: ReferralFigures; campaigns: Array<{ campaignId: string; name: string; figures: ReferralFigures }> }>()({
    input: z.object({ from: day, to: day, campaignId: documentId.optional() }).strict(),
    mutates: false,
    roles: READERS,
  }),
  /** Members, purchases and revenue per store and staff member; a store manager sees only theirs. */
  guideReport: action<{ from: string; to: string; rows: GuideRow[] }>()({
    input: z.object({ from: day, to: day, storeId: documentId.optional() }).strict(),
    mutates: false,
    roles: STORE_KEEPERS,
  }),
  /** The store's channel code, to print at the till. */
  storeChannelCode: action<ChannelCodeResult>()({ input: z.object({ storeId: documentId }).strict(), mutates: false, roles: STORE_KEEPERS }),
  adminKocLeaderboard: action<{ month: string; rows: LeaderboardRow[] }>()({
    input: z.object({ month: month.optional() }).strict(),
    mutates: false,
    roles: ANY_OPERATOR,
  }),
};
