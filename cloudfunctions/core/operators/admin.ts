import type { OperatorChangeResult, OperatorInviteResult, OperatorRole, OperatorView } from '../contract';
import { OPERATORS } from '../access/roles';
import { OPERATOR_ROLES } from '../access/operator-roles';
import { appendAudit } from '../audit/log';
import { type IdempotencyKey, replayIfSeen, runOnce } from '../ledger/idempotency';
import { BusinessError } from '../platform/business-error';
import { type Tx, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { bindingCodeExpiry, newBindingCode } from '../stores/binding-code';
import { STORES, type StoreDoc } from '../stores/collections';
import { findAll, isoOrNull } from '../stores/listing';
import { OPERATOR_INVITES, type OperatorInviteDoc, type OperatorRecord } from './collections';
import { moveOwnerCount, precheckOwners } from './owners';
import { ownerDelta, sameStores, storeAssignmentError } from './rules';
import { openStores, roleLabel } from './views';

// The owners' operator actions. The router has already checked that the caller is an owner.
// Refusals that need no race to decide (bad stores, an unknown operator, the last owner) are
// checked before the request is recorded, so they leave nothing behind; the transaction checks
// everything again, for the calls that race.

function requestOf(ctx: HandlerContext, action: string, input: unknown): IdempotencyKey {
  if (!ctx.requestId) throw new Error(`${action} is mutating and reached its handler without a request id`);
  return { scope: `admin:${ctx.openid}:${action}`, requestId: ctx.requestId, input };
}

function checkStoreAssignment(role: OperatorRole, storeIds: string[] | undefined): string[] {
  const message = storeAssignmentError(role, storeIds);
  if (message) throw new BusinessError('INVALID_INPUT', message, 'storeIds');
  return storeIds ?? [];
}

async function precheckStores(ctx: HandlerContext, storeIds: string[]): Promise<void> {
  const stores = await Promise.all(storeIds.map((id) => getDocById<StoreDoc>(ctx.db, STORES, id)));
  if (stores.some((store) => !store?.active)) throw new BusinessError('STORE_NOT_FOUND', undefined, 'storeIds');
}

function storesOf(operator: Pick<OperatorRecord, 'role' | 'storeIds'>): string[] {
  return operator.role === 'store_manager' ? [...(operator.storeIds ?? [])] : [];
}

export async function listOperators(ctx: HandlerContext): Promise<{ operators: OperatorView[]; activeOwners: number }> {
  const [operators, stores] = await Promise.all([findAll<OperatorRecord>(ctx.db, OPERATORS), findAll<StoreDoc>(ctx.db, STORES)]);
  const storeNames = new Map(stores.map((store) => [store._id, store.name]));
  const names = new Map(operators.map((operator) => [operator._id, operator.name ?? '']));
  const rank = (role: OperatorRole) => OPERATOR_ROLES.indexOf(role);
  const views: OperatorView[] = operators.map((operator) => ({
    openid: operator._id,
    name: operator.name ?? '',
    role: operator.role,
    roleLabel: roleLabel(operator.role) ?? operator.role,
    stores: storesOf(operator).map((storeId) => ({ storeId, name: storeNames.get(storeId) ?? '' })),
    active: operator.active,
    boundAt: isoOrNull(operator.boundAt),
    invitedBy: operator.invitedBy ? { openid: operator.invitedBy, name: names.get(operator.invitedBy) ?? '' } : null,
    isMe: operator._id === ctx.openid,
  }));
  // Active first, then owners before managers…, then by name.
  views.sort((a, b) => Number(b.active) - Number(a.active) || rank(a.role) - rank(b.role) || a.name.localeCompare(b.name) || a.openid.localeCompare(b.openid));
  return { operators: views, activeOwners: views.filter((v) => v.active && v.role === 'owner').length };
}

export async function createOperatorInvite(ctx: HandlerContext, input: { name: string; role: OperatorRole; storeIds?: string[] }): Promise<OperatorInviteResult> {
  const key = requestOf(ctx, 'createOperatorInvite', input);
  await replayIfSeen(ctx, key);
  const storeIds = checkStoreAssignment(input.role, input.storeIds);
  await precheckStores(ctx, storeIds);
  return runOnce(ctx, key, async (tx, postingId) => {
    const stores = await openStores(tx, storeIds);
    const code = await unusedCode(ctx, tx);
    const invite: Omit<OperatorInviteDoc, '_id'> = {
      // Derived from the request id, so a retried transaction writes the same invite.
      inviteId: `invite_${postingId.slice(0, 16)}`,
      name: input.name,
      role: input.role,
      storeIds,
      createdBy: ctx.openid,
      createdAt: ctx.now,
      expiresAt: bindingCodeExpiry(ctx.now),
      usedBy: null,
    };
    // `set` on a new id: a concurrent transaction that drew the same code conflicts on it.
    await tx.collection(OPERATOR_INVITES).doc(code).set({ data: invite });
    // The code itself is a credential and stays out of the log.
    await appendAudit(tx, ctx, {
      target: { kind: 'operator', id: invite.inviteId, label: input.name },
      after: { invite: true, name: input.name, role: input.role, storeIds, expiresAt: invite.expiresAt },
      storeId: storeIds.length === 1 ? storeIds[0] : null,
    });
    return { code, name: input.name, role: input.role, roleLabel: roleLabel(input.role), stores, expiresAt: invite.expiresAt.toISOString() };
  });
}

async function unusedCode(ctx: HandlerContext, tx: Tx): Promise<string> {
  // 2^40 codes: a collision is rare, but an old code (used or expired) keeps its id forever.
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = newBindingCode();
    if (!(await txGet(tx, OPERATOR_INVITES, code))) return code;
  }
  throw new Error(`no unused invite code after 8 draws (${ctx.requestId})`);
}

/** The operator an owner acts on: existing and active, else a refusal. */
function requireActiveOperator(operator: OperatorRecord | null): OperatorRecord {
  if (!operator) throw new BusinessError('OPERATOR_NOT_FOUND', undefined, 'openid');
  if (!operator.active) throw new BusinessError('OPERATOR_INACTIVE', undefined, 'openid');
  return operator;
}

export async function changeOperatorRole(ctx: HandlerContext, input: { openid: string; role: OperatorRole; storeIds?: string[] }): Promise<OperatorChangeResult> {
  const key = requestOf(ctx, 'changeOperatorRole', input);
  await replayIfSeen(ctx, key);
  const storeIds = checkStoreAssignment(input.role, input.storeIds);
  const current = requireActiveOperator(await getDocById<OperatorRecord>(ctx.db, OPERATORS, input.openid));
  await precheckStores(ctx, storeIds);
  await precheckOwners(ctx, ownerDelta(current, { role: input.role, active: true }));

  return runOnce(ctx, key, async (tx) => {
    const operator = requireActiveOperator(await txGet<OperatorRecord>(tx, OPERATORS, input.openid));
    const result = { openid: input.openid, role: input.role, storeIds, active: true };
    const before = { role: operator.role, storeIds: storesOf(operator) };
    // Asking for the role the operator has is not an error, and changes nothing.
    if (before.role === input.role && sameStores(before.storeIds, storeIds)) return result;
    const stores = await openStores(tx, storeIds);
    const delta = ownerDelta(operator, { role: input.role, active: true });
    if (delta !== 0) await moveOwnerCount(tx, ctx, delta);
    await tx.collection(OPERATORS).doc(input.openid).update({ data: { role: input.role, storeIds, updatedAt: ctx.now, updatedBy: ctx.openid } });
    await appendAudit(tx, ctx, {
      target: { kind: 'operator', id: input.openid, label: operator.name },
      before,
      after: { role: input.role, storeIds, storeNames: stores.map((s) => s.name) },
      storeId: storeIds.length === 1 ? storeIds[0] : null,
    });
    return result;
  });
}

export async function disableOperator(ctx: HandlerContext, input: { openid: string }): Promise<OperatorChangeResult> {
  const key = requestOf(ctx, 'disableOperator', input);
  await replayIfSeen(ctx, key);
  const current = await getDocById<OperatorRecord>(ctx.db, OPERATORS, input.openid);
  if (!current) throw new BusinessError('OPERATOR_NOT_FOUND', undefined, 'openid');
  await precheckOwners(ctx, ownerDelta(current, { role: current.role, active: false }));

  return runOnce(ctx, key, async (tx) => {
    const operator = await txGet<OperatorRecord>(tx, OPERATORS, input.openid);
    if (!operator) throw new BusinessError('OPERATOR_NOT_FOUND', undefined, 'openid');
    const result = { openid: input.openid, role: operator.role, storeIds: storesOf(operator), active: false };
    // Disabling twice is not an error: the second call finds the state it asks for.
    if (!operator.active) return result;
    const delta = ownerDelta(operator, { role: operator.role, active: false });
    if (delta !== 0) await moveOwnerCount(tx, ctx, delta);
    await tx.collection(OPERATORS).doc(input.openid).update({ data: { active: false, disabledAt: ctx.now, disabledBy: ctx.openid } });
    await appendAudit(tx, ctx, {
      target: { kind: 'operator', id: input.openid, label: operator.name },
      before: { active: true, role: operator.role, storeIds: storesOf(operator) },
      after: { active: false, role: operator.role, storeIds: storesOf(operator) },
    });
    return result;
  });
}
