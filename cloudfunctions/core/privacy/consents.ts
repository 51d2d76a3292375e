import type { ConsentPurpose, ConsentView, PolicyDocument, PolicyState, PrivacyStatus } from '../contract/profile';
import { idempotent, REQUESTS, requestKey } from '../ledger/idempotency';
import { requireMember } from '../members/lookup';
import { MEMBERS } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import type { Database } from '../platform/cloud';
import { getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { CONSENTS, type ConsentRecordDoc, type MemberPrivacy, type PrivacyMemberDoc } from './collections';
import { CONSENT_PURPOSES, POLICY_DOCUMENTS, PRIVACY_POLICY_VERSION, STORED_VALUE_AGREEMENT_VERSION, currentVersion } from './documents';

const iso = (at: Date | string) => new Date(at).toISOString();

export function policyState(privacy: MemberPrivacy | undefined, document: PolicyDocument): PolicyState {
  const accepted = privacy?.policies?.[document];
  const current = currentVersion(document);
  return {
    document,
    currentVersion: current,
    acceptedVersion: accepted?.version ?? null,
    acceptedAt: accepted ? iso(accepted.at) : null,
    upToDate: accepted?.version === current,
  };
}

/** The purposes the member has decided on (given or withdrawn), latest decision each; undecided ones are absent (not given). */
export function consentViews(privacy: MemberPrivacy | undefined): ConsentView[] {
  return CONSENT_PURPOSES.flatMap((purpose) => {
    const latest = privacy?.consents?.[purpose];
    return latest ? [{ purpose, granted: latest.granted, version: latest.version, at: iso(latest.at) }] : [];
  });
}

export async function privacyStatus(ctx: HandlerContext): Promise<PrivacyStatus> {
  const member = (await requireMember(ctx)) as PrivacyMemberDoc;
  return { policies: POLICY_DOCUMENTS.map((d) => policyState(member.privacy, d)), consents: consentViews(member.privacy) };
}

/**
 * Records that the member accepted the CURRENT version of a document (another version:
 * POLICY_VERSION_OUTDATED, nothing recorded). Accepting the version already accepted records
 * nothing new. The history goes to `consents`, the latest to the member's `privacy`.
 */
export async function acceptPolicy(ctx: HandlerContext, input: { document: PolicyDocument; version: string }): Promise<PolicyState> {
  const member = await requireMember(ctx);
  return idempotent(ctx, { scope: `member:${ctx.openid}:acceptPolicy`, requestId: ctx.requestId!, input }, async (tx, postingId) => {
    if (input.version !== currentVersion(input.document)) throw new BusinessError('POLICY_VERSION_OUTDATED', undefined, 'version');
    const fresh = (await txGet<PrivacyMemberDoc>(tx, MEMBERS, member._id))!;
    const privacy = fresh.privacy ?? {};
    if (privacy.policies?.[input.document]?.version === input.version) return policyState(privacy, input.document);
    const record: Omit<ConsentRecordDoc, '_id'> = { memberId: member._id, kind: 'policy', document: input.document, version: input.version, at: ctx.now };
    await tx.collection(CONSENTS).doc(postingId).set({ data: record });
    const next: MemberPrivacy = { ...privacy, policies: { ...privacy.policies, [input.document]: { version: input.version, at: ctx.now } } };
    await tx.collection(MEMBERS).doc(member._id).update({ data: { privacy: ctx.db.command.set(next) } });
    return policyState(next, input.document);
  });
}

/**
 * Gives or withdraws consent to one purpose, under the privacy policy version in force. The
 * history is append-only (`consents`); the latest decision counts. The same decision again
 * records nothing new. Withdrawing 'marketing' stops marketing messages (mayMarket) and nothing
 * else: service notices, the card, points, the wallet and coupons go on as before.
 */
export async function setConsent(ctx: HandlerContext, input: { purpose: ConsentPurpose; granted: boolean }): Promise<ConsentView> {
  const member = await requireMember(ctx);
  return idempotent(ctx, { scope: `member:${ctx.openid}:setConsent`, requestId: ctx.requestId!, input }, async (tx, postingId) => {
    const fresh = (await txGet<PrivacyMemberDoc>(tx, MEMBERS, member._id))!;
    const privacy = fresh.privacy ?? {};
    const latest = privacy.consents?.[input.purpose];
    if (latest && latest.granted === input.granted) return { purpose: input.purpose, granted: latest.granted, version: latest.version, at: iso(latest.at) };
    const record: Omit<ConsentRecordDoc, '_id'> = { memberId: member._id, kind: 'consent', purpose: input.purpose, granted: input.granted, version: PRIVACY_POLICY_VERSION, at: ctx.now };
    await tx.collection(CONSENTS).doc(postingId).set({ data: record });
    const next: MemberPrivacy = { ...privacy, consents: { ...privacy.consents, [input.purpose]: { granted: input.granted, version: PRIVACY_POLICY_VERSION, at: ctx.now } } };
    await tx.collection(MEMBERS).doc(member._id).update({ data: { privacy: ctx.db.command.set(next) } });
    return { purpose: input.purpose, granted: input.granted, version: PRIVACY_POLICY_VERSION, at: ctx.now.toISOString() };
  });
}

/**
 * The top-up gate (createTopup): the member must have accepted the current 储值协议. It reads
 * nothing new — the member document the caller already holds carries the latest acceptance. Only
 * when it refuses does it look for the request itself: a retried top-up that was placed before a
 * new version came out still replays its first outcome.
 */
export async function requireStoredValueAgreement(ctx: HandlerContext, member: PrivacyMemberDoc, scope: string): Promise<void> {
  if (member.privacy?.policies?.stored_value?.version === STORED_VALUE_AGREEMENT_VERSION) return;
  if (await getDocById(ctx.db, REQUESTS, requestKey(scope, ctx.requestId!))) return;
  throw new BusinessError('AGREEMENT_REQUIRED');
}

/**
 * Whether a MARKETING message may go to the member: they gave the 'marketing' consent and have
 * not withdrawn it, and the account is not deleted. Opt-in: no decision means no.
 *
 * Marketing = anything the brand sends to sell or win back: campaigns, recall of lapsed members,
 * new coupons or products announced, birthday offers pushed as promotion. Every such sender must
 * call this first. Today none is sent. The messages sent today are service notices the member
 * subscribed to in a tap (WeChat's one-time subscribe consent) about their own account — coupon
 * expiry (coupons/expiry-reminders.ts), points expiry (points/reminder-job.ts) and tier changes
 * (tiers/evaluation-job.ts) — and do not depend on this consent.
 */
export async function mayMarket(db: Database, memberId: string): Promise<boolean> {
  const member = await getDocById<PrivacyMemberDoc>(db, MEMBERS, memberId);
  if (!member || member.deletedAt) return false;
  return member.privacy?.consents?.marketing?.granted === true;
}
