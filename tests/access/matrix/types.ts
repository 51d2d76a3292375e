// One row per action of the admin and staff functions: who may call it, and (where the handler
// looks at the target, e.g. a store manager's own store) an input that names a real target.

export const CALLERS = ['none', 'member', 'staff', 'storeManagerHere', 'storeManagerElsewhere', 'analyst', 'manager', 'owner'] as const;
export type Caller = (typeof CALLERS)[number];

/** What exists in the matrix's world, for inputs that name real targets. */
export interface MatrixWorld {
  store: string;
  otherStore: string;
  staffOpenid: string;
  memberNo: string;
  purchaseId: string;
}

export interface MatrixRow {
  /** The callers who get past the permission checks (any answer but FORBIDDEN). */
  allowed: readonly Caller[];
  input?: (world: MatrixWorld) => Record<string, unknown>;
}

export type MatrixRows = Record<string, MatrixRow>;

export const STAFF_ONLY: readonly Caller[] = ['staff'];
export const OWNERS: readonly Caller[] = ['owner'];
export const MANAGERS: readonly Caller[] = ['owner', 'manager'];
export const READERS: readonly Caller[] = ['owner', 'manager', 'analyst'];
/** Store-level work on the store manager's own store. */
export const STORE_KEEPERS: readonly Caller[] = ['owner', 'manager', 'storeManagerHere'];
export const ANY_OPERATOR: readonly Caller[] = ['owner', 'manager', 'analyst', 'storeManagerHere', 'storeManagerElsewhere'];
