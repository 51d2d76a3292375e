import type { GuideSettingsView } from '../contract';
import { appendAudit } from '../audit/log';
import { idempotent } from '../ledger/idempotency';
import type { Database } from '../platform/cloud';
import { type Tx, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { DEFAULT_GUIDE_SETTINGS, GUIDE_SETTINGS_ID, type GuideSettingsDoc, REFERRAL_SETTINGS } from './collections';

// The brand's 导购 binding rule (`referral_settings/guide`): bound for good or for N days, and the
// protection period. Absent until an operator saves it: the default applies (permanent, 30 days).

export function guideSettingsView(doc: Pick<GuideSettingsDoc, 'bindDays' | 'protectionDays'> | null): GuideSettingsView {
  return doc ? { bindDays: doc.bindDays ?? null, protectionDays: doc.protectionDays } : { ...DEFAULT_GUIDE_SETTINGS };
}

export async function loadGuideSettings(db: Database): Promise<GuideSettingsView> {
  return guideSettingsView(await getDocById<GuideSettingsDoc>(db, REFERRAL_SETTINGS, GUIDE_SETTINGS_ID));
}

export async function txGuideSettings(tx: Tx): Promise<GuideSettingsView> {
  return guideSettingsView(await txGet<GuideSettingsDoc>(tx, REFERRAL_SETTINGS, GUIDE_SETTINGS_ID));
}

export async function guideSettings(ctx: HandlerContext): Promise<GuideSettingsView> {
  return loadGuideSettings(ctx.db);
}

/** Applies to bindings made from now on; members already bound keep their dates. */
export async function saveGuideSettings(ctx: HandlerContext, input: GuideSettingsView): Promise<GuideSettingsView> {
  return idempotent(ctx, { scope: `operator:${ctx.openid}:saveGuideSettings`, requestId: ctx.requestId!, input }, async (tx) => {
    const before = await txGuideSettings(tx);
    const after: GuideSettingsView = { bindDays: input.bindDays, protectionDays: input.protectionDays };
    const doc: Omit<GuideSettingsDoc, '_id'> = { ...after, updatedAt: ctx.now, updatedBy: ctx.openid };
    await tx.collection(REFERRAL_SETTINGS).doc(GUIDE_SETTINGS_ID).set({ data: doc });
    await appendAudit(tx, ctx, { target: { kind: 'rules', id: `${REFERRAL_SETTINGS}/${GUIDE_SETTINGS_ID}`, label: '导购绑定规则' }, before, after });
    return after;
  });
}
