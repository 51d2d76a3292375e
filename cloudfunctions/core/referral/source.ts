import { STAFF } from '../access/roles';
import { maskNickname } from '../admin-members/mask';
import { MEMBERS, type MemberDoc } from '../members/collections';
import type { Database } from '../platform/cloud';
import { type StoredDoc, type Tx, getDocById, txGet } from '../platform/documents';
import { STORES, type StaffRecord, type StoreDoc } from '../stores/collections';
import { CAMPAIGNS, type CampaignDoc, GUIDE_CAMPAIGN, type InviteCodeDoc } from './collections';

// Whether an invite code's source may attribute right now, read the same way outside a
// transaction (openInvite's answer) and inside one (registration re-reads it before binding):
// a member blocked (referralBlockedAt) or deleted, a deactivated staff member, an inactive store
// or a paused campaign stop attributing from that moment.

export type Reader = <T extends StoredDoc>(collection: string, id: string) => Promise<T | null>;
export const dbReader = (db: Database): Reader => (collection, id) => getDocById(db, collection, id);
export const txReader = (tx: Tx): Reader => (collection, id) => txGet(tx, collection, id);

export interface SourceState {
  active: boolean;
  /** Masked name of the inviting member, or the store (and staff member's) name. */
  fromName: string;
  /** The live store of a staff or store code. */
  storeId: string | null;
  /** The staff member of a staff code. */
  staffOpenid: string | null;
  campaign: CampaignDoc | null;
  inviter: MemberDoc | null;
}

export async function readSource(read: Reader, code: Pick<InviteCodeDoc, 'source' | 'sourceId' | 'campaignId'>): Promise<SourceState> {
  if (code.source === 'member') {
    const inviter = await read<MemberDoc>(MEMBERS, code.sourceId);
    const campaign = code.campaignId === GUIDE_CAMPAIGN ? null : await read<CampaignDoc>(CAMPAIGNS, code.campaignId);
    const active = !!inviter && !inviter.deletedAt && !inviter.referralBlockedAt && campaign?.status === 'active';
    return { active, fromName: (inviter && !inviter.deletedAt && maskNickname(inviter.nickname)) || '好友', storeId: null, staffOpenid: null, campaign, inviter };
  }
  if (code.source === 'staff') {
    const staff = await read<StaffRecord>(STAFF, code.sourceId);
    const store = staff ? await read<StoreDoc>(STORES, staff.storeId) : null;
    const active = !!staff?.active && !!store?.active;
    return { active, fromName: store ? `${store.name} · ${staff?.name || '店员'}` : '门店', storeId: staff?.storeId ?? null, staffOpenid: code.sourceId, campaign: null, inviter: null };
  }
  const store = await read<StoreDoc>(STORES, code.sourceId);
  return { active: !!store?.active, fromName: store?.name ?? '门店', storeId: code.sourceId, staffOpenid: null, campaign: null, inviter: null };
}
