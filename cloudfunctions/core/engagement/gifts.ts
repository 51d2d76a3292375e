import type { LoadedBrandSettings } from '../brand/settings';
import { issueCoupon } from '../coupons/claim';
import { ERROR_MESSAGES } from '../contract/errors';
import { recordJobFailure } from '../jobs/failures';
import { loadAccounts } from '../ledger/accounts';
import { idempotent } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError, ReplayedOutcome } from '../platform/business-error';
import { type Tx, txGet } from '../platform/documents';
import { expiryDayFor } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import { creditPoints } from '../points/operations';
import type { HandlerContext } from '../router/context';

// A gift of points and coupons given once per key (the welcome gift, a birthday gift). Coupons
// go through issueCoupon, one key per template (`<key>:<templateId>`); the points are one
// idempotent posting under the gift's key, in one transaction with `settle` (which clears the
// member's outbox mark or stamps the year), so the mark never says "due" after the points moved.

export interface Gift {
  points: number;
  couponTemplateIds: string[];
}

export interface GiftRun {
  /** The job that records refusals (job_failures), and the gift's kind: 'welcome' | 'birthday'. */
  job: string;
  source: 'welcome' | 'birthday';
  /** The gift's key, e.g. `welcome:<memberId>` or `birthday:<memberId>:<year>`. */
  key: string;
  reason: string;
}

/**
 * Gives `gift` to `memberId` once per `run.key`, then `settle`s in the points' transaction. A
 * template's refusal (stock, limits, paused, missing) is final and recorded for an operator;
 * any other failure (BUSY, the database) throws before settling, so the mark stays for the next
 * tick. Safe to run again: every step is keyed.
 */
export async function giveGift(
  ctx: HandlerContext,
  brand: LoadedBrandSettings,
  memberId: string,
  gift: Gift,
  run: GiftRun,
  settle: (tx: Tx, member: MemberDoc) => Promise<void>,
): Promise<'given' | 'replayed'> {
  let failure: unknown = null;
  for (const templateId of gift.couponTemplateIds) {
    try {
      await issueCoupon(ctx, { memberId, templateId, key: `${run.key}:${templateId}`, source: run.source });
    } catch (error) {
      if (error instanceof BusinessError && error.code !== 'BUSY') {
        await recordJobFailure(ctx, run.job, `${memberId}:${templateId}`, new Error(`${error.code} ${error.userMessage ?? ERROR_MESSAGES[error.code]}`));
      } else failure ??= error;
    }
  }
  if (failure) throw failure;
  try {
    await idempotent(ctx, { scope: `gift:${run.source}`, requestId: run.key, input: { memberId, points: gift.points } }, async (tx, postingId) => {
      const member = await txGet<MemberDoc>(tx, MEMBERS, memberId);
      if (!member) return { points: 0 };
      const points = member.deletedAt ? 0 : gift.points;
      if (points > 0) {
        const { points: account } = await loadAccounts(tx, memberId, ['points'] as const);
        const source = { type: run.source, id: postingId };
        const expired = expireDue(account, ctx.now, brand.timeZone);
        const credit = creditPoints(expired.after, { amount: points, expiresOn: expiryDayFor(ctx.now, brand.points, brand.timeZone), kind: 'grant', reason: run.reason, source }, brand.timeZone);
        const ruleVersions = { points: brand.ruleVersions.points };
        await writePosting(tx, {
          postingId,
          memberId,
          actor: { type: 'system', id: run.job },
          createdAt: ctx.now,
          entries: [...expired.entries, ...credit.entries.map((entry) => ({ ...entry, ruleVersions }))],
          changes: [{ before: account, after: credit.after }],
        });
      }
      await settle(tx, member);
      return { points };
    });
    return 'given';
  } catch (error) {
    // Given before (a rerun, a racing tick): the points' transaction settled then.
    if (!(error instanceof ReplayedOutcome)) throw error;
    return 'replayed';
  }
}
