import { OPERATORS } from '../access/roles';
import { BusinessError } from '../platform/business-error';
import { type Tx, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { OPERATOR_STATS, OWNERS_COUNTER, type OwnerCounterDoc } from './collections';
import { leavesAnOwner } from './rules';

// The last active owner stays. Every transaction that changes how many active owners there are
// (an owner demoted or disabled, an owner invite bound) reads and writes `operator_stats/owners`.
//
// Race: owners A and B demote each other at the same moment. Each transaction reads the counter
// (2), sees the change may go, and writes its target and the counter (1). They write different
// operator documents but the same counter document, so the database commits one and fails the
// other with a conflict; its retry reads 1 and answers LAST_OWNER. One active owner remains.
//
// The counter is made on first use from a count of the operators collection (and each check
// also takes the smaller of the counter and that count, so an owner disabled by hand in the
// database console can never leave the counter too high).

export async function countActiveOwners(ctx: Pick<HandlerContext, 'db'>): Promise<number> {
  const { total } = (await ctx.db.collection(OPERATORS).where({ role: 'owner', active: true }).count()) as { total: number };
  return total;
}

/** Outside any transaction, before the request is recorded: a plain refusal changes nothing. */
export async function precheckOwners(ctx: HandlerContext, delta: number): Promise<void> {
  if (delta >= 0) return;
  const [counter, counted] = await Promise.all([getDocById<OwnerCounterDoc>(ctx.db, OPERATOR_STATS, OWNERS_COUNTER), countActiveOwners(ctx)]);
  const owners = Math.min(counter?.activeOwners ?? counted, counted);
  if (!leavesAnOwner(owners, delta)) throw new BusinessError('LAST_OWNER');
}

/** In the change's transaction: checks the change leaves an owner, and writes the new count. */
export async function moveOwnerCount(tx: Tx, ctx: HandlerContext, delta: number): Promise<number> {
  const counter = await txGet<OwnerCounterDoc>(tx, OPERATOR_STATS, OWNERS_COUNTER);
  // A plain read: if a change to the owners commits after this transaction began, it wrote the
  // counter, so this transaction's write below conflicts and its retry reads afresh.
  const counted = await countActiveOwners(ctx);
  const kept = counter?.activeOwners ?? counted;
  if (!leavesAnOwner(Math.min(kept, counted), delta)) throw new BusinessError('LAST_OWNER');
  const activeOwners = Math.max(0, kept + delta);
  await tx.collection(OPERATOR_STATS).doc(OWNERS_COUNTER).set({ data: { activeOwners, updatedAt: ctx.now } });
  return activeOwners;
}
