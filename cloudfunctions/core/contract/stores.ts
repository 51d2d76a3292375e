import { z } from 'zod';
import { action } from './define';
import { displayText } from './text';
import { ANY_OPERATOR, MANAGERS, STORE_KEEPERS } from '../access/operator-roles';

/** Binding codes avoid characters that read alike (0/O, 1/I), so they can be typed from a screen. */
export const BINDING_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const BINDING_CODE_LENGTH = 8;
const BINDING_CODE = new RegExp(`^[${BINDING_CODE_ALPHABET}]{${BINDING_CODE_LENGTH}}$`);

/** Ids of stores and WeChat openids: URL-safe, bounded. */
const documentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** What a person types or scans: spaces and dashes are dropped and letters upper-cased before the shape check. */
const bindingCode = z
  .string()
  .max(32)
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(BINDING_CODE));

export interface StoreView {
  storeId: string;
  name: string;
  address: string;
  active: boolean;
  createdAt: string; // ISO time
}

export interface StoreSummary extends StoreView {
  activeStaffCount: number;
}

export interface StaffBindingCodeResult {
  /** 8 characters from BINDING_CODE_ALPHABET; one use. */
  code: string;
  storeId: string;
  storeName: string;
  staffName: string;
  expiresAt: string; // ISO time
}

export interface StaffView {
  openid: string;
  name: string;
  storeId: string;
  /** Empty when the store no longer exists. */
  storeName: string;
  active: boolean;
  boundAt: string | null; // ISO time
}

export interface DeactivateStaffResult {
  openid: string;
  storeId: string;
  active: false;
}

/** Who the signed-in staff member is, for the staff home page and the result of binding. */
export interface StaffIdentity {
  storeId: string;
  storeName: string;
  staffName: string;
}

export const storesAdminActions = {
  createStore: action<StoreView>()({
    input: z.object({ name: displayText(40), address: displayText(120) }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  /** A store manager sees only their stores. */
  listStores: action<{ stores: StoreSummary[] }>()({ input: z.object({}).strict(), mutates: false, roles: ANY_OPERATOR }),
  createStaffBindingCode: action<StaffBindingCodeResult>()({
    input: z.object({ storeId: documentId, staffName: displayText(40) }).strict(),
    mutates: true,
    roles: STORE_KEEPERS,
  }),
  listStaff: action<{ staff: StaffView[] }>()({
    input: z.object({ storeId: documentId.optional() }).strict(),
    mutates: false,
    roles: STORE_KEEPERS,
  }),
  deactivateStaff: action<DeactivateStaffResult>()({
    input: z.object({ openid: documentId }).strict(),
    mutates: true,
    roles: STORE_KEEPERS,
  }),
};

export const storesMemberActions = {
  /**
   * Turns the caller into staff of the code's store. Lives in `member`: the caller is not staff
   * yet. A code is 8 characters from 32: guessable at a thousand tries a second, not at ten a minute.
   */
  bindStaff: action<StaffIdentity>()({ input: z.object({ code: bindingCode }).strict(), mutates: true, perMinute: 10 }),
};

export const storesStaffActions = {
  whoami: action<StaffIdentity>()({ input: z.object({}).strict(), mutates: false }),
};
