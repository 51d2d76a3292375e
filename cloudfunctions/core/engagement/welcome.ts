import { type EngagementPolicy, type LoadedBrandSettings, loadBrandSettings } from '../brand/settings';
import { type Job, processEach } from '../jobs/registry';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { findDocs } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { giveGift } from './gifts';

// The welcome gift (入会礼, issue 12): the brand's `engagement.welcome` points and coupons, once
// per member, on joining. An outbox: the registration's own transaction marks the member
// (`welcomeGiftPending: true`, `welcomeGiftPendingAt` = the moment they joined, indexed, and
// `welcomeGift`, the gift the rules in force then name) when those rules give anything; right
// after the commit the gift is given (giveWelcomeGift), and the `welcome-gifts` job settles
// whatever that left (a failure, a timeout). A later change of the rules does not change a gift
// already due (the settings document keeps only the versions still in force, so the gift is
// copied onto the mark rather than looked up again). Coupons are issued under
// `welcome:<memberId>:<templateId>`, the points are one posting under `welcome:<memberId>`; the
// mark is cleared in the points' transaction. Registration is once per openid, so: once per member.

const JOB = 'welcome-gifts';
const BATCH = 100;

export const welcomeGiftKey = (memberId: string) => `welcome:${memberId}`;

function gives(welcome: EngagementPolicy['welcome']): boolean {
  return welcome.points > 0 || welcome.couponTemplateIds.length > 0;
}

/** The fields the registration writes on the new member: the outbox mark, when the rules give a gift. Pure. */
export function welcomeGiftMark(brand: Pick<LoadedBrandSettings, 'engagement'>, now: Date): Pick<MemberDoc, 'welcomeGiftPending' | 'welcomeGiftPendingAt' | 'welcomeGift'> {
  const { points, couponTemplateIds } = brand.engagement.welcome;
  return gives(brand.engagement.welcome) ? { welcomeGiftPending: true, welcomeGiftPendingAt: now, welcomeGift: { points, couponTemplateIds: [...couponTemplateIds] } } : {};
}

/** Gives one member's pending welcome gift, the one the mark names (the rules at joining). */
export async function giveWelcomeGift(ctx: HandlerContext, brand: LoadedBrandSettings, member: MemberDoc): Promise<void> {
  if (!member.welcomeGiftPending) return;
  const gift = member.deletedAt ? { points: 0, couponTemplateIds: [] } : (member.welcomeGift ?? brand.engagement.welcome);
  const cleared = { welcomeGiftPending: false, welcomeGiftPendingAt: null, welcomeGift: null };
  const outcome = await giveGift(ctx, brand, member._id, gift, { job: JOB, source: 'welcome', key: welcomeGiftKey(member._id), reason: '入会礼' }, async (tx) => {
    await tx.collection(MEMBERS).doc(member._id).update({ data: cleared });
  });
  // Given before, the mark read before that commit: cleared then; writing it again is harmless.
  if (outcome === 'replayed') await ctx.db.collection(MEMBERS).doc(member._id).update({ data: cleared });
}

/** Right after a registration's commit; what fails here is left to the job. */
export async function giveWelcomeGiftNow(ctx: HandlerContext, member: MemberDoc): Promise<void> {
  if (!member.welcomeGiftPending) return;
  try {
    await giveWelcomeGift(ctx, await loadBrandSettings(ctx.db, ctx.now), member);
  } catch (error) {
    console.error(`welcome gift of ${member._id} left to the ${JOB} job`, error);
  }
}

/**
 * Settles welcome gifts the registration left pending. Reads only marked members
 * (`welcomeGiftPendingAt`, indexed), oldest first; clearing the mark is the cursor.
 */
export const welcomeGiftsJob: Job = {
  name: JOB,
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db, ctx.now);
    const _ = ctx.db.command;
    const next = (skip: string[]) =>
      findDocs<MemberDoc>(
        ctx.db
          .collection(MEMBERS)
          .where({ welcomeGiftPendingAt: _.lte(ctx.now), ...(skip.length ? { _id: _.nin(skip) } : {}) })
          .orderBy('welcomeGiftPendingAt', 'asc')
          .limit(BATCH),
      );
    return processEach(ctx, JOB, deadline, next, (member) => giveWelcomeGift(ctx, brand, member));
  },
};
