import type { ConsentPurpose, PolicyDocument } from '../contract/profile';
import type { MemberDoc } from '../members/collections';
import type { StoredDoc } from '../platform/documents';

/**
 * `consents/<posting id>`: append-only, one record per acceptance of a document or per consent
 * given or withdrawn (who: the member id; what; the version; when). Never updated or deleted;
 * kept after 注销, since they hold no personal data beyond the member id, which then leads to no one.
 */
export const CONSENTS = 'consents';

/** `data_exports/<posting id>`: the 我的数据 files made for a member (deleted from storage at 注销). */
export const DATA_EXPORTS = 'data_exports';

export interface ConsentRecordDoc extends StoredDoc {
  memberId: string;
  kind: 'policy' | 'consent';
  /** kind 'policy': the document accepted. */
  document?: PolicyDocument;
  /** kind 'consent': the purpose, and whether it was given (true) or withdrawn (false). */
  purpose?: ConsentPurpose;
  granted?: boolean;
  /** The document's version accepted, or for a consent the privacy policy version in force. */
  version: string;
  at: Date;
}

export interface DataExportDoc extends StoredDoc {
  memberId: string;
  fileId: string;
  cloudPath: string;
  createdAt: Date;
  counts: Record<string, number>;
}

/**
 * The latest state, kept on the member document (`privacy`) beside the history in `consents`, so
 * the top-up gate and mayMarket read nothing the caller has not read already (the member).
 */
export interface MemberPrivacy {
  policies?: Partial<Record<PolicyDocument, { version: string; at: Date }>>;
  consents?: Partial<Record<ConsentPurpose, { granted: boolean; version: string; at: Date }>>;
}

/** The member document with what issue 10 adds to it (privacy here; profile and phone fields by core/profile). */
export type PrivacyMemberDoc = MemberDoc & {
  privacy?: MemberPrivacy;
  /** Set by 注销: the personal fields are gone and the openid no longer leads here. */
  deletedAt?: Date | null;
};
