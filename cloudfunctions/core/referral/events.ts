import type { Database } from '../platform/cloud';
import type { Tx } from '../platform/documents';
import { DEFAULT_TIME_ZONE, inBrandZone } from '../platform/time';
import type { InviteSource } from '../contract';
import { REFERRAL_EVENTS, type ReferralEventDoc, type ReferralEventKind } from './collections';

// The events the referral reports count (shares, opens, registrations, qualified, paid, guide
// bindings). Written in the transaction of the thing they record where there is one, so an event
// without its change (or the other way round) cannot exist; keyed when the thing can happen only
// once (a reward paid), so a retried transaction still writes one.

export interface ReferralEventFields {
  kind: ReferralEventKind;
  campaignId: string;
  source: InviteSource;
  sourceId: string;
  storeId?: string | null;
  memberId?: string | null;
  points?: number;
  at: Date;
  /** The brand's zone, for the event's `day`. */
  timeZone?: string;
  /** A fixed id makes the event once-only (e.g. `paid:<rewardId>`); otherwise a generated one. */
  id?: string;
}

export function brandDay(at: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return inBrandZone(at, timeZone).format('YYYY-MM-DD');
}

export function eventDoc(fields: ReferralEventFields): Omit<ReferralEventDoc, '_id'> {
  return {
    kind: fields.kind,
    campaignId: fields.campaignId,
    source: fields.source,
    sourceId: fields.sourceId,
    storeId: fields.storeId ?? null,
    memberId: fields.memberId ?? null,
    points: fields.points ?? 0,
    at: fields.at,
    day: brandDay(fields.at, fields.timeZone),
  };
}

/** Writes one referral event, in a transaction (`tx`) or straight to the database. */
export async function referralEvent(target: Tx | Database, fields: ReferralEventFields): Promise<void> {
  const data = eventDoc(fields);
  const events = (target as Tx).collection(REFERRAL_EVENTS);
  if (fields.id) await events.doc(fields.id).set({ data });
  else await events.add({ data });
}
