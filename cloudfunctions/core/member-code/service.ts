import type { MemberCodeResult } from '../contract';
import { BusinessError } from '../platform/business-error';
import { getDocById } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { IDENTITIES, MEMBERS, type IdentityDoc, type MemberDoc } from '../members/collections';
import { refuseDeleted } from '../members/lookup';
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

/** A checkout ticket's till: this cashier at this store. Rebinding to another store ends it. */
export function tillOf(ctx: Pick<HandlerContext, 'openid' | 'roles'>): string {
  return `${ctx.openid}@${ctx.roles.staff!.storeId}`;
}

/**
 * For staff actions: the member a scanned code names, checked against this call's clock. With a
 * till, that till's checkout ticket is taken too (recording an order); without one (a lookup)
 * only the member's own code is, so a ticket cannot be renewed by looking it up again.
 */
export async function resolveMemberByCode(ctx: Pick<HandlerContext, 'db' | 'now'>, token: string, till?: string): Promise<MemberDoc> {
  const { memberId } = verifyMemberCode(token, ctx.now, memberCodeSecret(), till);
  const member = await getDocById<MemberDoc>(ctx.db, MEMBERS, memberId);
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  // A code or checkout ticket issued seconds before 注销 must not post to the erased account.
  return refuseDeleted(member);
}
