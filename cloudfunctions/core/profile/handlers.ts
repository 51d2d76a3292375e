import type { ProfileView, StaffMemberFound } from '../contract';
import { appendAudit, auditRead } from '../audit/log';
import { loadBrandSettings } from '../brand/settings';
import { replayIfSeen, runOnce } from '../ledger/idempotency';
import { readMemberAccounts } from '../ledger/read';
import { MEMBERS, PHONE_OWNERS, type MemberDoc } from '../members/collections';
import { memberByNo, refuseDeleted, requireMember } from '../members/lookup';
import { BusinessError } from '../platform/business-error';
import { type Tx, findDocs, txGet } from '../platform/documents';
import { maskPhoneNumber, normalizeMainlandMobile, phoneFields, phoneLookupHash } from '../privacy/phone-crypto';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { cleanNickname, isOwnAvatarFileId, isValidBirthday } from './rules';
import { exchangePhoneCode, fileLink, passesContentCheck } from './wechat';

// The member's profile: nickname and avatar, a birthday set once, a verified phone exchanged once.
// Every check that needs no database write (and every call to WeChat) happens before the
// idempotent transaction, which then changes the member document alone.

export function profileView(member: MemberDoc): ProfileView {
  return {
    memberNo: member.memberNo,
    nickname: member.nickname || `会员${member.memberNo.slice(-4)}`,
    avatarUrl: member.avatarUrl ?? null,
    birthday: member.birthday ?? null,
    phoneMasked: member.phoneMasked ?? null,
    phoneVerifiedAt: member.phoneVerifiedAt ? new Date(member.phoneVerifiedAt).toISOString() : null,
    // The client does not know the member id; updateProfile accepts avatars under it (rules.ts).
    avatarUploadFolder: `avatars/${member._id}/`,
  };
}

async function memberInTx(tx: Tx, memberId: string): Promise<MemberDoc> {
  const member = await txGet<MemberDoc>(tx, MEMBERS, memberId);
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  return { ...member, _id: memberId };
}

/** Writes `fields` to the member in the transaction and answers the member as it now is. */
async function updateMember(tx: Tx, member: MemberDoc, fields: Partial<MemberDoc>): Promise<MemberDoc> {
  await tx.collection(MEMBERS).doc(member._id).update({ data: fields });
  return { ...member, ...fields };
}

export async function myProfile(ctx: HandlerContext): Promise<ProfileView> {
  return profileView(await requireMember(ctx));
}

export async function updateProfile(ctx: HandlerContext, input: { nickname?: string; avatarFileId?: string }): Promise<ProfileView> {
  const key = { scope: `member:${ctx.openid}:updateProfile`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  const member = await requireMember(ctx);
  const fields: Partial<MemberDoc> = {};
  if (input.nickname !== undefined) {
    const nickname = cleanNickname(input.nickname);
    if (nickname === null) throw new BusinessError('NICKNAME_INVALID', undefined, 'nickname');
    if (!(await passesContentCheck(nickname, ctx.openid))) throw new BusinessError('NICKNAME_REJECTED', undefined, 'nickname');
    fields.nickname = nickname;
  }
  if (input.avatarFileId !== undefined) {
    if (!isOwnAvatarFileId(input.avatarFileId, [ctx.openid, member._id])) throw new BusinessError('AVATAR_INVALID', undefined, 'avatarFileId');
    const url = await fileLink(input.avatarFileId);
    if (!url) throw new BusinessError('AVATAR_INVALID', '没有找到上传的头像，请重新选择', 'avatarFileId');
    fields.avatarFileId = input.avatarFileId;
    fields.avatarUrl = url;
  }
  return runOnce(ctx, key, async (tx) => profileView(await updateMember(tx, await memberInTx(tx, member._id), fields)));
}

export async function setBirthday(ctx: HandlerContext, input: { birthday: string }): Promise<ProfileView> {
  const key = { scope: `member:${ctx.openid}:setBirthday`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  const member = await requireMember(ctx);
  if (member.birthday) throw new BusinessError('BIRTHDAY_ALREADY_SET');
  const brand = await loadBrandSettings(ctx.db);
  if (!isValidBirthday(input.birthday, ctx.now, brand.timeZone)) throw new BusinessError('BIRTHDAY_INVALID', undefined, 'birthday');
  return runOnce(ctx, key, async (tx) => {
    const current = await memberInTx(tx, member._id);
    // Two first settings at once: the second transaction sees the first one's birthday.
    if (current.birthday) throw new BusinessError('BIRTHDAY_ALREADY_SET');
    // birthdayMD: the birthday-gifts job's index (core/engagement/birthday.ts).
    return profileView(await updateMember(tx, current, { birthday: input.birthday, birthdayMD: input.birthday.slice(5) }));
  });
}

/**
 * Exchanges the phone code once. A member who already has a verified number is refused BEFORE
 * the exchange (it costs the brand), and a retry of a success replays its answer without calling
 * WeChat again. Two different requests at the same moment may both pay for an exchange; the
 * second one's transaction then finds the number and is refused.
 */
export async function bindPhone(ctx: HandlerContext, input: { code: string }): Promise<ProfileView> {
  const key = { scope: `member:${ctx.openid}:bindPhone`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  const member = await requireMember(ctx);
  if (member.phoneHash) throw new BusinessError('PHONE_ALREADY_VERIFIED');
  const exchanged = await exchangePhoneCode(input.code);
  const phone = exchanged.countryCode === '86' ? normalizeMainlandMobile(exchanged.purePhoneNumber) : null;
  if (!phone) throw new BusinessError('PHONE_INVALID', '目前只支持中国大陆手机号');
  const fields = { ...phoneFields(phone), phoneVerifiedAt: ctx.now };
  return runOnce(ctx, key, async (tx) => {
    const current = await memberInTx(tx, member._id);
    if (current.phoneHash) throw new BusinessError('PHONE_ALREADY_VERIFIED');
    // One verified number, one member: the cashier's lookup by number must find exactly one.
    const owner = await txGet<{ _id: string; memberId: string }>(tx, PHONE_OWNERS, fields.phoneHash);
    if (owner && owner.memberId !== current._id) throw new BusinessError('PHONE_TAKEN');
    await tx.collection(PHONE_OWNERS).doc(fields.phoneHash).set({ data: { memberId: current._id, at: ctx.now } });
    return profileView(await updateMember(tx, current, fields));
  });
}

/**
 * The cashier types the member's full number: found by its keyed hash only (a prefix or a masked
 * form matches nothing, and nothing lists members). Every lookup that reaches the database is
 * logged as this cashier's read of personal data, a number that finds no one included.
 */
export async function findMemberByPhone(ctx: HandlerContext, input: { phone: string }): Promise<StaffMemberFound> {
  const phone = normalizeMainlandMobile(input.phone);
  if (!phone) throw new BusinessError('PHONE_INVALID', undefined, 'phone');
  const [member] = await findDocs<MemberDoc>(ctx.db.collection(MEMBERS).where({ phoneHash: phoneLookupHash(phone) }).limit(1));
  if (!member) {
    await auditRead(ctx, { kind: 'member', id: 'not_found', label: maskPhoneNumber(phone) });
    throw new BusinessError('MEMBER_NOT_FOUND', '没有找到使用这个手机号的会员');
  }
  await auditRead(ctx, { kind: 'member', id: member._id, label: member.memberNo });
  const [brand, accounts] = await Promise.all([loadBrandSettings(ctx.db), readMemberAccounts(ctx.db, member._id)]);
  return {
    memberNo: member.memberNo,
    nickname: member.nickname || `会员${member.memberNo.slice(-4)}`,
    phoneMasked: member.phoneMasked ?? maskPhoneNumber(phone),
    tierName: effectiveTier(member, brand, ctx.now).name,
    points: accounts.points.balance,
  };
}

/** An operator sets or corrects a member's birthday, with the reason, in the audit log. */
export async function setMemberBirthday(ctx: HandlerContext, input: { memberNo: string; birthday: string; reason: string }): Promise<{ memberNo: string; birthday: string }> {
  const key = { scope: `operator:${ctx.openid}:setMemberBirthday`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  const member = refuseDeleted(await memberByNo(ctx, input.memberNo));
  const brand = await loadBrandSettings(ctx.db);
  if (!isValidBirthday(input.birthday, ctx.now, brand.timeZone)) throw new BusinessError('BIRTHDAY_INVALID', undefined, 'birthday');
  return runOnce(ctx, key, async (tx) => {
    const current = await memberInTx(tx, member._id);
    await updateMember(tx, current, { birthday: input.birthday, birthdayMD: input.birthday.slice(5) });
    await appendAudit(tx, ctx, {
      target: { kind: 'member', id: member._id, label: member.memberNo },
      before: { birthday: current.birthday ?? null },
      after: { birthday: input.birthday },
      reason: input.reason,
    });
    return { memberNo: member.memberNo, birthday: input.birthday };
  });
}

export const profileMemberHandlers = { myProfile, updateProfile, setBirthday, bindPhone };
export const profileStaffHandlers = { findMemberByPhone };
export const profileAdminHandlers = { setMemberBirthday };
