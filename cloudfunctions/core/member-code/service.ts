import type { MemberCodeResult } from '../contract';
import { BusinessError } from '../platform/business-error';
import { getDocById } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { IDENTITIES, MEMBERS, type IdentityDoc, type MemberDoc } from '../members/collections';
import { memberCodeSecret } from './secret';
import { MEMBER_CODE_REFRESH_MS, issueMemberCode, verifyMemberCode } from './token';

/** A fresh code for the caller's own member card. The caller must have registered (`me`) first. */
export async function memberCode(ctx: HandlerContext): Promise<MemberCodeResult> {
  const secret = memberCodeSecret();
  const identity = await getDocById<IdentityDoc>(ctx.db, IDENTITIES, ctx.openid);
  if (!identity) throw new BusinessError('MEMBER_NOT_FOUND');
  const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, identity.memberId);
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  const code = issueMemberCode(member._id, ctx.now, secret);
  return {
    token: code.token,
    memberNo: member.memberNo,
    issuedAt: code.issuedAt.toISOString(),
    expiresAt: code.expiresAt.toISOString(),
    refreshAfterMs: MEMBER_CODE_REFRESH_MS,
  };
}

/**
 * For staff actions: the member a scanned code (or this cashier's checkout ticket) names,
 * checked against this call's clock.
 */
export async function resolveMemberByCode(ctx: Pick<HandlerContext, 'db' | 'now' | 'openid'>, token: string): Promise<MemberDoc> {
  const { memberId } = verifyMemberCode(token, ctx.now, memberCodeSecret(), ctx.openid);
  const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, memberId);
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  return member;
}
