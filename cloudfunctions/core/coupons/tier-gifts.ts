import { type BrandSettings, loadBrandSettings } from '../brand/settings';
import { ERROR_MESSAGES } from '../contract/errors';
import { recordJobFailure } from '../jobs/failures';
import { type Job, processEach } from '../jobs/registry';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { membersDueBy } from '../members/due';
import { BusinessError } from '../platform/business-error';
import { txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { issueCoupon } from './claim';

export { markTierGiftsPending } from '../tiers/gifts-pending';

// Tier coupon gifts (a tier's benefits.freeCouponTemplateIds), given when a member reaches the
// tier. An outbox: the upgrade marks the member in its own transaction (tierGiftsPending, see
// tiers/gifts-pending.ts: purchases via upgradeIfEarned, the periodic evaluation via
// evaluateTier), and this job issues the gifts and clears the mark. Each gift goes through
// issueCoupon under `tier-gift:<memberId>:<tierCode>:<window>:<templateId>`, the window being
// the month the tier's gift window opened (member.tierGiftWindows, see tiers/gifts-pending.ts):
// a member gets each template once per tier per window, however often the tier is reached again
// in it or the job repeats, and again when they reach the tier in a later window. Marks made
// before windows existed have none and keep the old key, once per tier ever.

const BATCH = 100;
const JOB = 'tier-gifts';

export const tierGiftKey = (memberId: string, tierCode: string, templateId: string, window?: string) =>
  window ? `tier-gift:${memberId}:${tierCode}:${window}:${templateId}` : `tier-gift:${memberId}:${tierCode}:${templateId}`;

/**
 * Issues one member's pending gifts. A tier is cleared from the mark when each of its gifts is
 * settled: issued (now or before), or refused by the template (out of stock, limit, paused,
 * missing), which is recorded in job_failures for an operator since retrying answers the same
 * refusal. Any other failure (the database, BUSY) leaves the tier pending for the next tick.
 */
async function giveGifts(ctx: HandlerContext, brand: BrandSettings, member: MemberDoc): Promise<void> {
  const settled: string[] = [];
  let failure: unknown = null;
  for (const code of member.tierGiftsPending ?? []) {
    const tier = brand.tiers.find((t) => t.code === code);
    let complete = true;
    for (const templateId of tier?.benefits.freeCouponTemplateIds ?? []) {
      try {
        await issueCoupon(ctx, { memberId: member._id, templateId, key: tierGiftKey(member._id, code, templateId, member.tierGiftWindows?.[code]), source: 'tier_gift', brand });
      } catch (error) {
        if (error instanceof BusinessError && error.code !== 'BUSY') {
          await recordJobFailure(ctx, JOB, `${member._id}:${code}:${templateId}`, new Error(`${error.code} ${error.userMessage ?? ERROR_MESSAGES[error.code]}`));
        } else {
          complete = false;
          failure = error;
        }
      }
    }
    if (complete) settled.push(code);
  }
  if (settled.length) await clearPending(ctx, member._id, settled);
  // Left pending: processEach records it in job_failures and skips the member for this tick.
  if (failure) throw failure;
}

/** Takes the settled tiers off the mark, in a transaction: an upgrade meanwhile may have added one. */
async function clearPending(ctx: HandlerContext, memberId: string, settled: string[]): Promise<void> {
  await ctx.transaction(async (tx) => {
    const member = await txGet<MemberDoc>(tx, MEMBERS, memberId);
    if (!member) return;
    const left = (member.tierGiftsPending ?? []).filter((code) => !settled.includes(code));
    await tx.collection(MEMBERS).doc(memberId).update({ data: { tierGiftsPending: left, tierGiftsPendingAt: left.length ? (member.tierGiftsPendingAt ?? ctx.now) : null } });
  });
}

/** Reads only members with gifts due (`tierGiftsPendingAt`, indexed); clearing is its cursor. */
export const tierGiftsJob: Job = {
  name: JOB,
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db);
    return processEach(ctx, JOB, deadline, membersDueBy(ctx, 'tierGiftsPendingAt', BATCH), (member) => giveGifts(ctx, brand, member));
  },
};
