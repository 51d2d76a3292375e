export { storesAdminHandlers, storesMemberHandlers, storesStaffHandlers } from './handlers';
export { STORES, STAFF_BINDING_CODES } from './collections';
export type { BindingCodeDoc, StaffRecord, StoreDoc } from './collections';
export { BINDING_CODE_TTL_MS, isUsable, newBindingCode } from './binding-code';
