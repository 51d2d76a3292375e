import type { OpenInviteResult, VisitOutcome } from '../contract';
import { idempotent } from '../ledger/idempotency';
import { IDENTITIES, MEMBERS, type IdentityDoc, type MemberDoc } from '../members/collections';
import { loadBrandSettings } from '../brand/settings';
import { BusinessError } from '../platform/business-error';
import { getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { welcomeCouponName } from './campaigns';
import { loadInviteCode } from './codes';
import { INVITE_VISITS, type InviteCodeDoc, type InviteVisitDoc } from './collections';
import { referralEvent } from './events';
import { guideDecision, newGuide } from './guide';
import { txGuideSettings } from './guide-settings';
import { type SourceState, readSource, txReader } from './source';
import { welcomeText } from './rules-text';

// Opening the app from a share, a poster or a channel code. Records the visit
// (`invite_visits/<openid>:<code>`: opens counted, the first open kept) and an 'open' event; never
// registers anyone. A visitor who is not a member yet gets 'pending': registration binds the
// earliest valid visit (bind.ts). A member opening a staff or store code is bound to it now when
// the guide rule allows (guide.ts).

/** Days a staff or store code's visit can bind at registration (member codes use their campaign's window). */
export const GUIDE_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export const visitId = (openid: string, code: string) => `${openid}:${code}`;

export function windowDaysOf(code: Pick<InviteCodeDoc, 'source'>, source: Pick<SourceState, 'campaign'>): number {
  return code.source === 'member' ? (source.campaign?.windowDays ?? 7) : GUIDE_WINDOW_DAYS;
}

export async function openInvite(ctx: HandlerContext, input: { code: string }): Promise<OpenInviteResult> {
  const code = await loadInviteCode(ctx.db, input.code);
  if (!code) throw new BusinessError('INVITE_CODE_NOT_FOUND', undefined, 'code');
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const identity = await getDocById<IdentityDoc>(ctx.db, IDENTITIES, ctx.openid);
  return idempotent(ctx, { scope: `member:${ctx.openid}:openInvite`, requestId: ctx.requestId!, input }, async (tx) => {
    const source = await readSource(txReader(tx), code);
    const member = identity ? await txGet<MemberDoc>(tx, MEMBERS, identity.memberId) : null;
    const self = code.source === 'member' ? member?._id === code.sourceId : code.source === 'staff' && code.sourceId === ctx.openid;
    let outcome: VisitOutcome;
    if (self) outcome = 'self';
    else if (!source.active) outcome = 'inactive';
    else if (!member) outcome = 'pending';
    else if (code.source === 'member' || member.deletedAt) outcome = 'existing_member';
    else {
      const claim = { staffOpenid: source.staffOpenid, storeId: source.storeId!, code: code._id };
      const decision = guideDecision(member.guide, claim, ctx.now);
      if (decision === 'bind') {
        const guide = newGuide(claim, ctx.now, await txGuideSettings(tx));
        await tx.collection(MEMBERS).doc(member._id).update({ data: { guide } });
        await referralEvent(tx, { kind: 'guide_bound', campaignId: code.campaignId, source: code.source, sourceId: code.sourceId, storeId: source.storeId, memberId: member._id, at: ctx.now, timeZone: brand.timeZone });
      }
      outcome = decision === 'protected' ? 'guide_protected' : 'guide_bound';
    }

    const id = visitId(ctx.openid, code._id);
    const visit = await txGet<InviteVisitDoc>(tx, INVITE_VISITS, id);
    if (visit) {
      await tx.collection(INVITE_VISITS).doc(id).update({
        data: { opens: visit.opens + 1, lastOpenAt: ctx.now, ...(visit.outcome === 'bound' ? {} : { outcome }), memberId: visit.memberId ?? member?._id ?? null },
      });
    } else {
      const fields: Omit<InviteVisitDoc, '_id'> = {
        openid: ctx.openid,
        code: code._id,
        source: code.source,
        sourceId: code.sourceId,
        campaignId: code.campaignId,
        firstOpenAt: ctx.now,
        lastOpenAt: ctx.now,
        opens: 1,
        bindableUntil: new Date(ctx.now.getTime() + windowDaysOf(code, source) * DAY_MS),
        outcome,
        memberId: member?._id ?? null,
      };
      await tx.collection(INVITE_VISITS).doc(id).set({ data: fields });
    }
    await referralEvent(tx, { kind: 'open', campaignId: code.campaignId, source: code.source, sourceId: code.sourceId, storeId: source.storeId, memberId: member?._id ?? null, at: ctx.now, timeZone: brand.timeZone });
    const welcome = outcome === 'pending' && source.campaign ? welcomeText(source.campaign.welcome, await welcomeCouponName(ctx.db, source.campaign)) : null;
    return { outcome, source: code.source, fromName: source.fromName, welcomeText: welcome };
  });
}
