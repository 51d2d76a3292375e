import { loadBrandSettings, tierByCode } from '../brand/settings';
import { type Job, processEach } from '../jobs/registry';
import { ACCOUNTS, accountId, type GrowthAccountDoc } from '../ledger/accounts';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { sendWithQuota } from '../notify/quota';
import { membersDueBy } from '../members/due';
import { txGet } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import { evaluateTier } from './evaluate';

const BATCH = 100;

/**
 * The periodic tier evaluation: reads only members whose `tierReviewAt` has come (members at
 * the entry tier with no override have none). Lowering a tier is announced first and takes
 * effect `downgradeNoticeDays` later, if the member has not earned it back by then. A member who
 * cannot be evaluated is recorded and skipped for the rest of the tick (processEach).
 */
export const tierEvaluationJob: Job = {
  name: 'tier-evaluation',
  async run(ctx, deadline) {
    const brand = await loadBrandSettings(ctx.db);
    return processEach(ctx, this.name, deadline, membersDueBy(ctx, 'tierReviewAt', BATCH), async (candidate) => {
      const outcome = await ctx.transaction(async (tx) => {
        const member = await txGet<MemberDoc>(tx, MEMBERS, candidate._id);
        const growth = await txGet<GrowthAccountDoc>(tx, ACCOUNTS, accountId(candidate._id, 'growth'));
        if (!member || !growth) return null;
        const decision = evaluateTier(member, growth, brand, ctx.now);
        await tx.collection(MEMBERS).doc(member._id).update({ data: decision.update });
        return { member, decision };
      });
      if (outcome?.decision.notify) {
        const to = tierByCode(brand, outcome.decision.notify.toCode);
        // Spends one of the member's tierChange quota; none left: skipped and counted (notify/quota.ts).
        await sendWithQuota(ctx, {
          memberId: candidate._id,
          openid: outcome.member.openid,
          template: 'tierChange',
          timeZone: brand.timeZone,
          page: 'pages/tier/index',
          data: { thing1: { value: `会员等级将调整为${to.name}` }, date2: { value: inBrandZone(outcome.decision.notify.effectiveAt, brand.timeZone).format('YYYY-MM-DD') } },
        });
      }
    });
  },
};
