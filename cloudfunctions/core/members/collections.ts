import type { StoredDoc } from '../platform/documents';
import type { MemberGuide, MemberReferral } from '../referral/collections';

export const MEMBERS = 'members';
/** openid → member id. Kept apart from the member so that a deleted account can be pseudonymised. */
export const IDENTITIES = 'identities';
/** member number → member id; its `_id` makes member numbers unique. */
export const MEMBER_NUMBERS = 'member_numbers';
/** phoneHash → the member who verified that number; its `_id` makes a verified number one member's. Removed at 注销. */
export const PHONE_OWNERS = 'phone_owners';
export interface MemberDoc extends StoredDoc {
  memberNo: string;
  openid: string;
  nickname: string;
  avatarUrl: string | null;
  /** The tier earned by growth; see tiers/member-tier.ts for the one in effect. */
  tierCode: string;
  /** An operator's override, always with an end; afterwards the earned tier applies again. */
  tierOverride?: { code: string; until: Date; reason: string; by: string } | null;
  /** Set when the next evaluation will lower the tier; shown to the member ahead of time. */
  downgradeNotice?: { toCode: string; effectiveAt: Date } | null;
  /** When the tier is next evaluated (indexed); null while nothing can fall. */
  tierReviewAt: Date | null;
  /**
   * Tier-gift outbox (coupons/tier-gifts.ts): codes of tiers reached whose coupon gifts are not
   * issued yet, and since when (indexed; null or absent when none). Set by the upgrade's own
   * transaction (tiers/gifts-pending.ts), cleared by the tier-gifts job.
   */
  tierGiftsPending?: string[];
  tierGiftsPendingAt?: Date | null;
  /**
   * Welcome-gift outbox (core/engagement/welcome.ts): set by the registration's transaction when
   * the rules give a welcome gift; `welcomeGiftPendingAt` (indexed) is the moment of joining. Cleared (false / null) in the transaction that posts its points.
   */
  welcomeGiftPending?: boolean;
  welcomeGiftPendingAt?: Date | null;
  /** The gift the rules in force at joining named, kept with the mark (cleared with it). */
  welcomeGift?: { points: number; couponTemplateIds: string[] } | null;
  /**
   * The birthday's 'MM-DD' (indexed with birthdayGiftYear), written with `birthday`, so the
   * birthday-gifts job reads only the members whose window is today (core/engagement/birthday.ts).
   */
  birthdayMD?: string | null;
  /** The year of the last birthday window whose gift was settled (given, or nothing to give). */
  birthdayGiftYear?: number | null;
  /** Per tier code, the brand-zone month ('YYYY-MM') its gift window opened: gifts once per tier per window. */
  tierGiftWindows?: Record<string, string>;
  /**
   * The verified phone (profile/phone.ts; core/privacy/phone-crypto.ts): never in clear. Encrypted
   * (AES-256-GCM, base64 of iv | tag | ciphertext) for the operators who may see it in full, masked
   * for display, and a keyed hash (HMAC-SHA256, indexed) for the cashier's exact lookup. All four
   * are set together, by one exchange with WeChat; absent (or null) before.
   */
  phoneCipher?: string | null;
  phoneMasked?: string | null;
  phoneHash?: string | null;
  phoneVerifiedAt?: Date | null;
  /** The uploaded avatar's cloud fileID (under avatars/<openid>/); avatarUrl is its displayable link. */
  avatarFileId?: string | null;
  /**
   * 'YYYY-MM-DD', a calendar day with no time zone (the birthday benefits compare it with today
   * in the brand's zone, month and day). Set once by the member; afterwards only an operator
   * changes it (setMemberBirthday, audited). Absent or null until set.
   */
  birthday?: string | null;
  /** Who invited the member (core/referral): set once, at registration, by the first valid visit. */
  referral?: MemberReferral | null;
  /** The staff member / store the member is bound to (导购), with its protection period. */
  guide?: MemberGuide | null;
  /** Marked KOC by an operator: their invites use the KOC campaign when one is active. */
  koc?: boolean;
  /** Set by an operator: the member's invite codes stop attributing from that moment. */
  referralBlockedAt?: Date | null;
  registeredAt: Date;
  /** Set by 注销 (core/privacy/deletion.ts): the record no longer leads to a person and takes no new postings. */
  deletedAt?: Date | null;
}

export interface IdentityDoc extends StoredDoc {
  memberId: string;
  createdAt: Date;
}
