import type { HandlerContext } from '../router/context';
import { BusinessError } from '../platform/business-error';
import { findDocs, getDocById } from '../platform/documents';
import { IDENTITIES, MEMBERS, type IdentityDoc, type MemberDoc } from './collections';

/** The caller's member record; actions other than `me` do not register anyone. */
export async function requireMember(ctx: HandlerContext): Promise<MemberDoc> {
  const identity = await getDocById<IdentityDoc>(ctx.db, IDENTITIES, ctx.openid);
  const member = identity && (await getDocById<MemberDoc>(ctx.db, MEMBERS, identity.memberId));
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND', '请先打开首页完成会员注册');
  return member;
}

export async function memberByNo(ctx: HandlerContext, memberNo: string): Promise<MemberDoc> {
  const [member] = await findDocs<MemberDoc>(ctx.db.collection(MEMBERS).where({ memberNo }).limit(1));
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  return member;
}

/** For actions that would post to or give to a member: a deleted account (注销) takes nothing new. */
export function refuseDeleted(member: MemberDoc): MemberDoc {
  if (member.deletedAt) throw new BusinessError('MEMBER_NOT_FOUND', '该会员已注销');
  return member;
}
