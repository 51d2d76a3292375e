import type { Database } from '../platform/cloud';
import type { Tx } from '../platform/documents';
import type { FunctionName } from '../contract';
import type { OperatorRole } from '../access/operator-roles';

/** What the server knows about the caller's powers; loaded per call, never taken from the payload. */
export interface Roles {
  staff?: { storeId: string };
  /** storeIds: the stores a store manager looks after (empty for the other roles). */
  operator?: { role: OperatorRole; storeIds: string[] };
}

export interface HandlerContext {
  fn: FunctionName;
  action: string;
  /** The caller as WeChat vouches for it. */
  openid: string;
  roles: Roles;
  /** The server's time for this call; every rule in the call uses this one moment. */
  now: Date;
  db: Database;
  /** Present on mutating actions: the client's id for this user action, kept across retries. */
  requestId?: string;
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}
