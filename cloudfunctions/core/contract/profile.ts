import { z } from 'zod';
import { MANAGERS } from '../access/operator-roles';
import { action } from './define';
import { displayText } from './text';

// Issue 10: the member's profile (avatar, nickname, birthday, verified phone), WeChat privacy
// and the stored-value agreement, consents, 我的数据 (export) and 注销 (account deletion).

const memberNo = z.string().regex(/^\d{10}$/);
/** 'YYYY-MM-DD', a real calendar day, not in the future (checked by the handler). */
const birthday = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
/** A mainland mobile number as the cashier types it (digits, optional +86 / spaces stripped by the handler). */
const phoneInput = z.string().trim().min(11).max(20);

export interface ProfileView {
  memberNo: string;
  nickname: string;
  avatarUrl: string | null;
  /** 'YYYY-MM-DD' or null; set once by the member (later changes through an operator). */
  birthday: string | null;
  /** Verified through WeChat: masked for display (138****8000), never the full number. */
  phoneMasked: string | null;
  phoneVerifiedAt: string | null;
  /**
   * The folder the client uploads a new avatar into, `avatars/<owner>/` (updateProfile accepts
   * only files under the caller's openid or member id; in WeChat the client knows neither).
   */
  avatarUploadFolder?: string;
}

/** A document the member accepts (隐私政策, 储值协议): the version in force and the one they accepted. */
export interface PolicyState {
  document: PolicyDocument;
  currentVersion: string;
  acceptedVersion: string | null;
  acceptedAt: string | null;
  /** The current version is accepted. */
  upToDate: boolean;
}

export type PolicyDocument = 'privacy' | 'stored_value';
export type ConsentPurpose = 'profile' | 'phone' | 'marketing';

export interface ConsentView {
  purpose: ConsentPurpose;
  granted: boolean;
  /** The privacy policy version it was given or withdrawn under. */
  version: string;
  at: string;
}

export interface PrivacyStatus {
  policies: PolicyState[];
  consents: ConsentView[];
}

export interface ExportResult {
  /** A temporary link to the JSON file in cloud storage. */
  url: string;
  fileId: string;
  expiresAt: string;
  /** What the file holds, counted: profile 1, ledgerEntries n, purchases n, coupons n, consents n… */
  counts: Record<string, number>;
}

/** What 注销 will do, shown before the member confirms. */
export interface DeletionPreview {
  /** Stored value that can still go back to the member's WeChat Pay (refund it first: 储值 → 退款). */
  refundablePrincipalFen: number;
  /** Principal that can no longer be refunded (top-up refund window closed): forfeited with the bonus. */
  unrefundablePrincipalFen: number;
  /** Bonus that is forfeited on deletion (the member must say so: forfeitWallet). */
  bonusFen: number;
  /** Points forfeited on deletion. */
  points: number;
  /** Whether deletion can go ahead now, and if not why (退款中的储值, refundable principal left…). */
  blockedReason: string | null;
  /** Plain Chinese lines: what is erased, what is kept (ledger and purchases, without who). */
  consequences: string[];
}

export interface DeletionResult {
  deletedAt: string;
  pointsForfeited: number;
  walletForfeitedFen: number;
}

/** A member as the cashier finds them by their full phone number (never by browsing). */
export interface StaffMemberFound {
  memberNo: string;
  nickname: string;
  phoneMasked: string;
  tierName: string;
  points: number;
}

export const profileMemberActions = {
  myProfile: action<ProfileView>()({ input: z.object({}).strict(), mutates: false }),
  /**
   * Nickname (WeChat's <input type="nickname">: 1–20 characters, no control characters, and in
   * the cloud `security.msgSecCheck`) and/or avatar (a cloud-storage fileID the client uploaded
   * from <button open-type="chooseAvatar">, under `avatars/`).
   */
  updateProfile: action<ProfileView>()({
    input: z
      .object({ nickname: z.string().max(60).optional(), avatarFileId: z.string().min(8).max(300).optional() })
      .strict()
      .refine((p) => p.nickname !== undefined || p.avatarFileId !== undefined, { message: 'nothing to update', path: ['nickname'] }),
    mutates: true,
  }),
  /** Once; BIRTHDAY_ALREADY_SET afterwards (an operator can change it, audited). */
  setBirthday: action<ProfileView>()({ input: z.object({ birthday }).strict(), mutates: true }),
  /**
   * Exchanges the code of <button open-type="getPhoneNumber"> for the number (openapi.phonenumber
   * .getPhoneNumber; each exchange costs the brand): PHONE_ALREADY_VERIFIED when the member has one.
   */
  bindPhone: action<ProfileView>()({ input: z.object({ code: z.string().min(4).max(200) }).strict(), mutates: true, perMinute: 5 }),

  privacyStatus: action<PrivacyStatus>()({ input: z.object({}).strict(), mutates: false }),
  /** Records that the member accepted `version` of a document (only the current version is accepted). */
  acceptPolicy: action<PolicyState>()({ input: z.object({ document: z.enum(['privacy', 'stored_value']), version: z.string().min(1).max(20) }).strict(), mutates: true }),
  /** Gives or withdraws consent to one purpose; withdrawing marketing stops marketing messages and nothing else. */
  setConsent: action<ConsentView>()({ input: z.object({ purpose: z.enum(['profile', 'phone', 'marketing']), granted: z.boolean() }).strict(), mutates: true }),

  /** 我的数据: everything held about the caller, as a JSON file with a temporary link. */
  exportMyData: action<ExportResult>()({ input: z.object({}).strict(), mutates: true, perMinute: 3 }),
  deletionPreview: action<DeletionPreview>()({ input: z.object({}).strict(), mutates: false }),
  /**
   * 注销. `forfeitWallet` must be true when stored value that cannot be refunded is left; refundable
   * principal must be refunded first (WALLET_NOT_EMPTY). Erases the personal data; the ledger and
   * purchases stay, keyed by a member id that no longer leads to a person.
   */
  deleteAccount: action<DeletionResult>()({ input: z.object({ confirm: z.literal(true), forfeitWallet: z.boolean().default(false) }).strict(), mutates: true }),
};

export const profileStaffActions = {
  /** The full number only (exact match on its keyed hash); every call is logged as a read of personal data. */
  findMemberByPhone: action<StaffMemberFound>()({ input: z.object({ phone: phoneInput }).strict(), mutates: false, perMinute: 20 }),
};

export const profileAdminActions = {
  /** Changes a member's birthday after they set it (or sets it for them), audited with the reason. */
  setMemberBirthday: action<{ memberNo: string; birthday: string }>()({
    input: z.object({ memberNo, birthday, reason: displayText(100, 2) }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
};

