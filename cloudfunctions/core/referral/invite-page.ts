import type { InvitePageResult, InviteSummary } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { idempotent } from '../ledger/idempotency';
import { requireMember } from '../members/lookup';
import type { MemberDoc } from '../members/collections';
import type { Database } from '../platform/cloud';
import { findDocs } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { activeCampaignFor, viewWithCoupon } from './campaigns';
import { ensureInviteCode, h5PathFor, sharePathFor } from './codes';
import { INVITE_VISITS, REWARDS, type RewardDoc } from './collections';
import { referralEvent } from './events';
import { welcomeText } from './rules-text';
import { wxacodeUrl } from './wxacode';

// The member's invite page: the campaign for them (KOC or 'all'), their code for it, the share
// card's path and title, the poster's parts (the mini-program code cached in storage) and a
// summary of their invites. A member blocked from referring, or a brand without an active
// campaign, gets `campaign: null` and the page says so.

/** Counted over at most this many visits and rewards (a summary, not a report). */
const SUMMARY_LIMIT = 1000;

export async function inviteSummary(db: Database, memberId: string): Promise<InviteSummary> {
  const count = async (collection: string, where: object) => ((await db.collection(collection).where(where).count()) as { total: number }).total;
  const [opened, registered, rewards] = await Promise.all([
    count(INVITE_VISITS, { source: 'member', sourceId: memberId }),
    count('members', { 'referral.inviterId': memberId }),
    findDocs<RewardDoc>(db.collection(REWARDS).where({ inviterId: memberId, role: 'inviter' }).limit(SUMMARY_LIMIT)),
  ]);
  const of = (...statuses: RewardDoc['status'][]) => rewards.filter((r) => statuses.includes(r.status));
  return {
    opened,
    registered,
    qualified: rewards.length,
    rewarded: of('paid').length,
    pending: of('pending', 'approved').length,
    flagged: of('flagged').length,
    pointsEarned: of('paid').reduce((sum, r) => sum + r.points, 0),
  };
}

const displayName = (member: MemberDoc) => member.nickname || `会员${member.memberNo.slice(-4)}`;

export async function invitePage(ctx: HandlerContext): Promise<InvitePageResult> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const blocked = !!member.referralBlockedAt || !!member.deletedAt;
  const [campaign, summary] = await Promise.all([blocked ? null : activeCampaignFor(ctx.db, member), inviteSummary(ctx.db, member._id)]);
  const nickname = displayName(member);
  const koc = member.koc === true;
  if (!campaign) {
    return {
      campaign: null,
      code: null,
      sharePath: null,
      shareTitle: `${nickname}邀你加入${brand.name}会员`,
      poster: { wxacodeUrl: null, h5Path: null, nickname, avatarUrl: member.avatarUrl, title: brand.name, text: '' },
      summary,
      koc,
    };
  }
  const code = await ensureInviteCode(ctx, { source: 'member', sourceId: member._id, campaignId: campaign._id, storeId: null });
  const [view, url] = await Promise.all([viewWithCoupon(ctx.db, campaign), wxacodeUrl(ctx, code)]);
  const welcome = welcomeText(campaign.welcome, null);
  return {
    campaign: view,
    code: code._id,
    sharePath: sharePathFor(code._id),
    shareTitle: `${nickname}邀你加入${brand.name}${welcome ? `，${welcome}` : ''}`,
    poster: { wxacodeUrl: url, h5Path: h5PathFor(code._id), nickname, avatarUrl: member.avatarUrl, title: campaign.posterTitle, text: campaign.posterText },
    summary,
    koc,
  };
}

/** A share (card, timeline, saved poster), counted once per request id for the campaign's metrics. */
export async function recordShare(ctx: HandlerContext, input: { channel: 'card' | 'timeline' | 'poster' }): Promise<{ recorded: boolean }> {
  const member = await requireMember(ctx);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const campaign = member.referralBlockedAt || member.deletedAt ? null : await activeCampaignFor(ctx.db, member);
  return idempotent(ctx, { scope: `member:${ctx.openid}:recordShare`, requestId: ctx.requestId!, input }, async (tx) => {
    if (!campaign) return { recorded: false };
    await referralEvent(tx, { kind: 'share', campaignId: campaign._id, source: 'member', sourceId: member._id, memberId: member._id, at: ctx.now, timeZone: brand.timeZone });
    return { recorded: true };
  });
}
