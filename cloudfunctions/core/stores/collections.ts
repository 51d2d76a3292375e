import type { StaffDoc } from '../access/roles';
import type { StoredDoc } from '../platform/documents';

export const STORES = 'stores';
/** `staff_binding_codes/<code>`: the document id is the code, so a code exists at most once. */
export const STAFF_BINDING_CODES = 'staff_binding_codes';

export interface StoreDoc extends StoredDoc {
  name: string;
  address: string;
  active: boolean;
  createdAt: Date;
  createdBy?: string;
}

/** `staff/<openid>`: what access/roles reads, plus what the console shows. */
export interface StaffRecord extends StaffDoc {
  name?: string;
  boundAt?: Date;
  bindingCode?: string;
  deactivatedAt?: Date;
  deactivatedBy?: string;
}

export interface BindingCodeDoc extends StoredDoc {
  storeId: string;
  staffName: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  /** The openid that used the code; null while it is unused. */
  usedBy: string | null;
  usedAt?: Date;
}
