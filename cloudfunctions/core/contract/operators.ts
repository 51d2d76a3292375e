import { z } from 'zod';
import { OPERATOR_ROLES, OWNERS, type OperatorRole } from '../access/operator-roles';
import { action } from './define';
import { BINDING_CODE_ALPHABET, BINDING_CODE_LENGTH } from './stores';
import { displayText } from './text';

// The operator console's operators actions (issue 8): owners invite operators with a one-time
// binding code, change their roles and disable them; the last active owner stays.

/** WeChat openids and store ids: URL-safe, bounded. */
const documentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const INVITE_CODE = new RegExp(`^[${BINDING_CODE_ALPHABET}]{${BINDING_CODE_LENGTH}}$`);
/** As people type it: spaces and dashes dropped, letters upper-cased, then the shape check. */
const inviteCode = z
  .string()
  .max(32)
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(INVITE_CODE));
const role = z.enum(OPERATOR_ROLES);
/** A store manager's stores (required, non-empty); refused for the other roles (see storeAssignmentError). */
const storeIds = z.array(documentId).max(50).optional();

export interface OperatorView {
  openid: string;
  name: string;
  role: OperatorRole;
  roleLabel: string;
  /** A store manager's stores, by id and name (a store since deleted keeps its id, name ''). */
  stores: { storeId: string; name: string }[];
  active: boolean;
  boundAt: string | null; // ISO time
  /** The owner who sent the invite: name ('' when unknown) and openid. */
  invitedBy: { openid: string; name: string } | null;
  /** True for the caller's own row. */
  isMe: boolean;
}

export interface OperatorInviteResult {
  /** 8 characters from BINDING_CODE_ALPHABET; one use. */
  code: string;
  name: string;
  role: OperatorRole;
  roleLabel: string;
  stores: { storeId: string; name: string }[];
  expiresAt: string; // ISO time
}

export interface OperatorChangeResult {
  openid: string;
  role: OperatorRole;
  storeIds: string[];
  active: boolean;
}

/** Who the caller became by binding an invite. */
export interface BoundOperator {
  name: string;
  role: OperatorRole;
  roleLabel: string;
  stores: { storeId: string; name: string }[];
}

export interface PendingInviteView {
  inviteId: string;
  name: string;
  role: OperatorRole;
  roleLabel: string;
  stores: { storeId: string; name: string }[];
  createdAt: string; // ISO time
  expiresAt: string; // ISO time
}

export interface RevokeInviteResult {
  inviteId: string;
  revoked: true;
}

export const operatorsAdminActions = {
  /** Invites sent and not yet bound, expired or withdrawn, newest first. */
  listOperatorInvites: action<{ invites: PendingInviteView[] }>()({ input: z.object({}).strict(), mutates: false, roles: OWNERS }),
  /** Withdraws an invite nobody has bound; its code stops working at once. */
  revokeOperatorInvite: action<RevokeInviteResult>()({ input: z.object({ inviteId: z.string().regex(/^invite_[0-9a-f]{16}$/) }).strict(), mutates: true, roles: OWNERS }),
  listOperators: action<{ operators: OperatorView[]; activeOwners: number }>()({ input: z.object({}).strict(), mutates: false, roles: OWNERS }),
  createOperatorInvite: action<OperatorInviteResult>()({
    input: z.object({ name: displayText(40), role, storeIds }).strict(),
    mutates: true,
    roles: OWNERS,
  }),
  changeOperatorRole: action<OperatorChangeResult>()({
    input: z.object({ openid: documentId, role, storeIds }).strict(),
    mutates: true,
    roles: OWNERS,
  }),
  disableOperator: action<OperatorChangeResult>()({
    input: z.object({ openid: documentId }).strict(),
    mutates: true,
    roles: OWNERS,
  }),
};

export const operatorsMemberActions = {
  /**
   * Turns the caller into an operator with the invite's role and stores. Lives in `member`: the
   * caller is not an operator yet. Rate-limited like bindStaff, since a code can be guessed.
   */
  bindOperator: action<BoundOperator>()({ input: z.object({ code: inviteCode }).strict(), mutates: true, perMinute: 10 }),
};
