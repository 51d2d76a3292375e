import { createHash } from 'crypto';
import type { HandlerContext } from '../router/context';
import { BusinessError } from './business-error';
import { type StoredDoc, txGet } from './documents';

/** One document per caller and rate-limited action: the current minute and the calls in it. */
export const RATE_LIMITS = 'rate_limits';

interface RateLimitDoc extends StoredDoc {
  minute: number;
  calls: number;
}

/**
 * Takes one of the caller's `perMinute` calls of this action in the current minute, or refuses
 * with RATE_LIMITED. For actions whose input can be guessed (a binding code): a thousand guesses
 * a second would otherwise each get an answer. Counted in a transaction, so concurrent calls
 * cannot all pass on one stale count; those that conflict are refused as BUSY, not let through.
 */
export async function takeCall(ctx: Omit<HandlerContext, 'roles'>, perMinute: number): Promise<void> {
  const id = createHash('sha256').update(`${ctx.fn}\n${ctx.action}\n${ctx.openid}`).digest('hex').slice(0, 32);
  const minute = Math.floor(ctx.now.getTime() / 60_000);
  await ctx.transaction(async (tx) => {
    const seen = await txGet<RateLimitDoc>(tx, RATE_LIMITS, id);
    const calls = seen?.minute === minute ? seen.calls : 0;
    if (calls >= perMinute) throw new BusinessError('RATE_LIMITED');
    await tx.collection(RATE_LIMITS).doc(id).set({ data: { minute, calls: calls + 1 } });
  });
}
