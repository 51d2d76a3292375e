import { appendAudit } from '../audit/log';
import { idempotent } from '../ledger/idempotency';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { memberByNo, refuseDeleted } from '../members/lookup';
import { BusinessError } from '../platform/business-error';
import { txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';

// An operator's referral flags on a member, each audited in its own transaction: KOC (the member's
// invites use the KOC campaign when one is active) and blocked (the member's codes stop
// attributing from that moment: visits not yet bound stay unbound; bindings already made stay).

export async function setMemberKoc(ctx: HandlerContext, input: { memberNo: string; koc: boolean; reason: string }): Promise<{ memberNo: string; koc: boolean }> {
  const member = refuseDeleted(await memberByNo(ctx, input.memberNo));
  return idempotent(ctx, { scope: `operator:${ctx.openid}:setMemberKoc`, requestId: ctx.requestId!, input }, async (tx) => {
    const current = await txGet<MemberDoc>(tx, MEMBERS, member._id);
    if (!current) throw new BusinessError('MEMBER_NOT_FOUND');
    const before = current.koc === true;
    if (before !== input.koc) {
      await tx.collection(MEMBERS).doc(member._id).update({ data: { koc: input.koc } });
      await appendAudit(tx, ctx, { target: { kind: 'member', id: member._id, label: member.memberNo }, before: { koc: before }, after: { koc: input.koc }, reason: input.reason });
    }
    return { memberNo: member.memberNo, koc: input.koc };
  });
}

export async function setReferralBlocked(ctx: HandlerContext, input: { memberNo: string; blocked: boolean; reason: string }): Promise<{ memberNo: string; blocked: boolean }> {
  const member = await memberByNo(ctx, input.memberNo);
  return idempotent(ctx, { scope: `operator:${ctx.openid}:setReferralBlocked`, requestId: ctx.requestId!, input }, async (tx) => {
    const current = await txGet<MemberDoc>(tx, MEMBERS, member._id);
    if (!current) throw new BusinessError('MEMBER_NOT_FOUND');
    const before = current.referralBlockedAt ? new Date(current.referralBlockedAt).toISOString() : null;
    if (!!before !== input.blocked) {
      const referralBlockedAt = input.blocked ? ctx.now : null;
      await tx.collection(MEMBERS).doc(member._id).update({ data: { referralBlockedAt } });
      await appendAudit(tx, ctx, { target: { kind: 'member', id: member._id, label: member.memberNo }, before: { referralBlockedAt: before }, after: { referralBlockedAt: referralBlockedAt?.toISOString() ?? null }, reason: input.reason });
    }
    return { memberNo: member.memberNo, blocked: input.blocked };
  });
}
