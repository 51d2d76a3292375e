import type { StoredDoc } from '../platform/documents';

export const MEMBERS = 'members';
/** openid → member id. Kept apart from the member so that a deleted account can be pseudonymised. */
export const IDENTITIES = 'identities';
/** member number → member id; its `_id` makes member numbers unique. */
export const MEMBER_NUMBERS = 'member_numbers';
export interface MemberDoc extends StoredDoc {
  memberNo: string;
  openid: string;
  nickname: string;
  avatarUrl: string | null;
  tierCode: string;
  registeredAt: Date;
}

export interface IdentityDoc extends StoredDoc {
  memberId: string;
  createdAt: Date;
}
