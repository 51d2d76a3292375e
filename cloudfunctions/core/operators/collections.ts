import type { OperatorDoc } from '../access/roles';
import type { OperatorRole } from '../access/operator-roles';
import type { StoredDoc } from '../platform/documents';

/** `operator_invites/<code>`: the document id is the code, so a code exists at most once. */
export const OPERATOR_INVITES = 'operator_invites';
/** `operator_stats/owners`: how many active owners there are (see owners.ts). */
export const OPERATOR_STATS = 'operator_stats';
export const OWNERS_COUNTER = 'owners';

/** `operators/<openid>`: what access/roles reads, plus what the console shows. */
export interface OperatorRecord extends OperatorDoc {
  boundAt?: Date;
  /** The owner who sent the invite this operator bound. */
  invitedBy?: string;
  /** The invite's public id (never the code itself). */
  inviteId?: string;
  updatedAt?: Date;
  updatedBy?: string;
  disabledAt?: Date;
  disabledBy?: string;
}

export interface OperatorInviteDoc extends StoredDoc {
  /** A public id for the audit log and the bound operator, so the code (a credential) is never logged. */
  inviteId: string;
  name: string;
  role: OperatorRole;
  /** A store manager's stores; empty for the other roles. */
  storeIds: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  /** The openid that used the invite; null while it is unused. */
  usedBy: string | null;
  usedAt?: Date;
  /** Withdrawn by an owner before anyone bound it (revokeOperatorInvite). */
  revokedAt?: Date;
  revokedBy?: string;
}

export interface OwnerCounterDoc extends StoredDoc {
  activeOwners: number;
  updatedAt: Date;
}
