import type { AdjustPointsResult } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { loadAccounts } from '../ledger/accounts';
import { idempotent } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { memberByNo, refuseDeleted } from '../members/lookup';
import type { HandlerContext } from '../router/context';
import { ADJUST_POINTS_LIMIT } from '../access/operator-roles';
import { appendAudit } from '../audit/log';
import { BusinessError } from '../platform/business-error';
import { expiryDayFor } from './earn';
import { expireDue } from './expire-lazily';
import { creditPoints, debitPoints } from './operations';

/** An operator's manual grant or deduction; the reason is kept on the entry for the audit. */
export async function adjustPoints(ctx: HandlerContext, input: { memberNo: string; amount: number; reason: string }): Promise<AdjustPointsResult> {
  const limit = ADJUST_POINTS_LIMIT[ctx.roles.operator!.role] ?? 0;
  if (Math.abs(input.amount) > limit) throw new BusinessError('FORBIDDEN', `单次调整不能超过 ${limit.toLocaleString('en-US')} 积分，更大的调整请由品牌主操作`, 'amount');
  const member = refuseDeleted(await memberByNo(ctx, input.memberNo));
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  return idempotent(ctx, { scope: `operator:${ctx.openid}:adjustPoints`, requestId: ctx.requestId!, input }, async (tx, postingId) => {
    const { points } = await loadAccounts(tx, member._id, ['points'] as const);
    const source = { type: 'manual', id: postingId };
    const expired = expireDue(points, ctx.now, brand.timeZone);
    const change =
      input.amount > 0
        ? creditPoints(expired.after, { amount: input.amount, expiresOn: expiryDayFor(ctx.now, brand.points, brand.timeZone), kind: 'grant', reason: input.reason, source }, brand.timeZone)
        : debitPoints(expired.after, { amount: -input.amount, kind: 'deduct', reason: input.reason, source }, brand.timeZone);
    // A grant's expiry follows the points rules: its entries keep the version they used.
    const ruleVersions = input.amount > 0 ? { points: brand.ruleVersions.points } : undefined;
    const entries = [...expired.entries, ...change.entries.map((entry) => (ruleVersions ? { ...entry, ruleVersions } : entry))];
    await writePosting(tx, { postingId, memberId: member._id, actor: { type: 'operator', id: ctx.openid }, createdAt: ctx.now, entries, changes: [{ before: points, after: change.after }] });
    await appendAudit(tx, ctx, { target: { kind: 'member', id: member._id, label: member.memberNo }, before: { points: points.balance }, after: { points: change.after.balance, postingId, ...(ruleVersions ? { ruleVersions } : {}) }, reason: input.reason });
    return { memberNo: member.memberNo, amount: input.amount, balance: change.after.balance };
  });
}
