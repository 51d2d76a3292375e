import { createHash } from 'crypto';
import { memberActions } from '../contract/actions';
import { COUPONS } from '../coupons/collections';
import { LEDGER_ENTRIES } from '../ledger/entries';
import { REQUESTS, type RequestDoc } from '../ledger/idempotency';
import { escapeRegExp } from '../admin-members/mask';
import { getCloud } from '../platform/cloud';
import { findDocs } from '../platform/documents';
import { RATE_LIMITS } from '../platform/rate-limit';
import { PAYMENT_ORDERS } from '../payments/orders';
import { PAID_MEMBERSHIPS } from '../membership/collections';
import { SUBSCRIBE_QUOTAS } from '../notify/quota';
import { INVITE_VISITS } from '../referral/collections';
import type { HandlerContext } from '../router/context';
import { DATA_EXPORTS, type DataExportDoc, type PrivacyMemberDoc } from './collections';

// What 注销 erases besides the member document and the identity (which its transaction does).
//
// Where the openid was, and what happens to it (README, "注销"):
// - members/<id>.openid, identities/<openid>: erased in the deletion's transaction.
// - ledger_entries: a member's own actions (top-up refund, mall redemption) named the openid as
//   the actor. The actor id of the member's entries whose actor is the member becomes the member
//   id; amounts, balances, kinds and ids are never touched, so the ledger still checks. The
//   deletion's own posting names the member id from the start.
// - requests: a member's request records are scoped `member:<openid>:<action>`; the scope becomes
//   `member:<memberId>:<action>` (the record's id, a hash of scope and request id, stays, so a
//   retry still replays) and personal values in a stored answer (nickname, avatar, birthday,
//   phone, an export link) become null.
// - payment_orders.openid (the payer, kept for WeChat Pay): removed; the order keeps the member id.
// - rate_limits: ids are a hash of function, action and openid; the member's are deleted.
// - cloud storage: the avatar and the 我的数据 files are deleted (their records too).
// - coupons: the member's unused coupons are marked reminded, so no expiry reminder is attempted.
// - invite_visits (`<openid>:<code>`, with the openid): deleted, every one of the openid's.
// - subscribe_quotas/<memberId>: deleted (no message may go to a deleted member; sendWithQuota
//   also refuses a deleted member itself, for a send already under way).
// - paid_memberships/<memberId>.openid (the recipient of the pack and expiry messages): removed,
//   and its job cursors and opening-gift outbox cleared, so the jobs give a deleted member nothing.
// - the member document's referral and 导购 bindings go with its whitelist rewrite; the rewards,
//   check-ins and referral events stay, keyed by member ids that lead to no one.
// Not ours, so not erased: what WeChat itself holds (delivered subscribe messages — the local
// `outbox` — and WeChat Pay's records — the local `_local_payments`). Staff and operator records
// (`staff/<openid>`, `operators/<openid>`, audit entries they made) are the person's employment,
// not their membership, and stay.

/** `storage_deletions/<posting id>`: files of a deleted member, deleted from storage after the commit. */
export const FILES_TO_DELETE = 'storage_deletions';

/** Keys whose values in a stored answer are personal data (ProfileView, ExportResult…). */
const PERSONAL_KEYS = new Set(['nickname', 'avatarUrl', 'avatarFileId', 'avatarUploadFolder', 'birthday', 'phone', 'phoneMasked', 'phoneVerifiedAt', 'openid', 'url', 'fileId']);

/** A stored answer without personal values: those keys become null, and the openid anywhere in a text becomes the member id. */
export function scrubbed(value: unknown, openid: string, memberId: string): unknown {
  if (typeof value === 'string') return value.split(openid).join(memberId);
  if (Array.isArray(value)) return value.map((v) => scrubbed(v, openid, memberId));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, PERSONAL_KEYS.has(k) ? null : scrubbed(v, openid, memberId)]));
  }
  return value;
}

/**
 * The member document after 注销: what the ledger, tiers and the console still need, nothing
 * about who they were. A whitelist, so personal fields added later (by the profile: phone cipher,
 * masked phone, phone hash, birthday…) are erased without being named here.
 */
export function erasedMember(member: PrivacyMemberDoc, nickname: string, now: Date): Record<string, unknown> {
  return {
    memberNo: member.memberNo,
    nickname,
    avatarUrl: null,
    tierCode: member.tierCode,
    tierOverride: member.tierOverride ?? null,
    downgradeNotice: null,
    tierReviewAt: null,
    tierGiftsPending: [],
    tierGiftsPendingAt: null,
    registeredAt: member.registeredAt,
    ...(member.privacy ? { privacy: member.privacy } : {}),
    deletedAt: now,
  };
}

const PAGE = 100;

/** Each step is safe to repeat: the deletion runs it after its commit and again on every replay. */
export async function eraseElsewhere(ctx: HandlerContext, memberId: string): Promise<void> {
  const db = ctx.db;
  const _ = db.command;
  await db
    .collection(LEDGER_ENTRIES)
    .where({ memberId, 'actor.type': 'member', 'actor.id': _.neq(memberId) })
    .update({ data: { actor: _.set({ type: 'member', id: memberId }) } });

  const ownScopes = db.RegExp({ regexp: `^member:${escapeRegExp(ctx.openid)}:`, options: '' });
  for (;;) {
    const batch = await findDocs<RequestDoc>(db.collection(REQUESTS).where({ scope: ownScopes }).limit(PAGE));
    for (const request of batch) {
      const action = request.scope.slice(`member:${ctx.openid}:`.length);
      await db.collection(REQUESTS).doc(request._id).update({ data: { scope: `member:${memberId}:${action}`, outcome: _.set(scrubbed(request.outcome, ctx.openid, memberId)) } });
    }
    if (batch.length < PAGE) break;
  }

  await db.collection(PAYMENT_ORDERS).where({ memberId, openid: _.exists(true) }).update({ data: { openid: _.remove() } });

  const limited = Object.entries(memberActions).filter(([, spec]) => (spec as { perMinute?: number }).perMinute).map(([action]) => rateLimitId('member', action, ctx.openid));
  if (limited.length) await db.collection(RATE_LIMITS).where({ _id: _.in(limited) }).remove();

  await db.collection(COUPONS).where({ memberId, status: 'available', remindedAt: _.exists(false) }).update({ data: { remindedAt: ctx.now } });

  await db.collection(INVITE_VISITS).where({ openid: ctx.openid }).remove();
  await db.collection(SUBSCRIBE_QUOTAS).where({ _id: memberId }).remove();
  await db
    .collection(PAID_MEMBERSHIPS)
    .where({ _id: memberId })
    .update({ data: { openid: _.remove(), nextPackAt: null, nextReminderAt: null, giftsPending: _.set([]), giftsPendingAt: null } });

  await deleteFiles(ctx, memberId);
}

/** rate_limits' id (platform/rate-limit.ts). */
function rateLimitId(fn: string, action: string, openid: string): string {
  return createHash('sha256').update(`${fn}\n${action}\n${openid}`).digest('hex').slice(0, 32);
}

async function deleteFiles(ctx: HandlerContext, memberId: string): Promise<void> {
  const db = ctx.db;
  const exports = await findDocs<DataExportDoc>(db.collection(DATA_EXPORTS).where({ memberId }).limit(1000));
  const pending = await findDocs<{ _id: string; fileIds: string[] }>(db.collection(FILES_TO_DELETE).where({ memberId }).limit(100));
  const fileList = [...exports.map((e) => e.fileId), ...pending.flatMap((p) => p.fileIds)];
  if (fileList.length === 0) return;
  try {
    // A file already gone answers STORAGE_FILE_NONEXIST for that file: fine, it is gone.
    await getCloud().deleteFile({ fileList });
  } catch (error) {
    // Left recorded: the member's retry (a replay) deletes them.
    console.error('account deletion: files not deleted', error);
    return;
  }
  if (exports.length) await db.collection(DATA_EXPORTS).where({ _id: db.command.in(exports.map((e) => e._id)) }).remove();
  if (pending.length) await db.collection(FILES_TO_DELETE).where({ memberId }).remove();
}
