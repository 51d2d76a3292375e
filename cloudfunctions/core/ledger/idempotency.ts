import { createHash } from 'crypto';
import { ERROR_MESSAGES } from '../contract';
import { BusinessError, ReplayedOutcome, type StoredOutcome } from '../platform/business-error';
import { type StoredDoc, type Tx, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';

/** One document per (scope, request id): the input's hash and the first outcome. */
export const REQUESTS = 'requests';

export interface RequestDoc extends StoredDoc {
  scope: string;
  requestId: string;
  inputHash: string;
  outcome: StoredOutcome;
  createdAt: Date;
  /** Refusals only: when the requests-retention job may delete the record (see REFUSALS_KEPT_DAYS). */
  expiresAt?: Date;
}

/**
 * A refusal changed nothing, so its record only serves retries, which come within minutes; it is
 * kept a week and then deleted, so fresh ids sent by the thousand leave nothing behind for good.
 * A success is kept for ever: its posting's ids derive from it.
 */
export const REFUSALS_KEPT_DAYS = 7;

export function requestKey(scope: string, requestId: string): string {
  return createHash('sha256').update(`${scope}\n${requestId}`).digest('hex').slice(0, 32);
}

export function inputHash(input: unknown): string {
  return createHash('sha256').update(stableJson(input)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function replay(earlier: RequestDoc, hash: string): never {
  if (earlier.inputHash !== hash) throw new BusinessError('IDEMPOTENCY_CONFLICT');
  throw new ReplayedOutcome(earlier.outcome);
}

export interface IdempotencyKey {
  /** Who may share request ids: e.g. `member:<openid>:spend` or `store:<id>:recordPurchase`. */
  scope: string;
  requestId: string;
  input: unknown;
}

/**
 * Runs a mutating action once per request id. `work` gets the posting id (derived from the
 * request id, so ledger entry ids are too) and runs in one transaction with the request record.
 *
 * Race: two deliveries of one request both miss the fast-path read and both run `work`; both
 * write `requests/<key>`, so the database commits one and the other's retry finds the record
 * and replays it. A business failure is recorded too (in its own transaction, since the
 * failing one aborts), so a retry answers the same failure rather than trying again.
 */
export async function idempotent<T>(ctx: HandlerContext, key: IdempotencyKey, work: (tx: Tx, postingId: string) => Promise<T>): Promise<T> {
  await replayIfSeen(ctx, key);
  return runOnce(ctx, key, work);
}

/**
 * `idempotent` for an action that must call a service after its transaction commits (WeChat
 * Pay: a transaction may run twice and must not call out). The call-out runs after the first
 * commit and again on every replay of a success, because the first one may have failed after
 * the ledger moved; it must itself be idempotent (WeChat Pay is, on the order or refund number).
 * A replay still answers `replayed: true`, with what the call-out answers now.
 */
export async function idempotentThenCallOut<T, R>(
  ctx: HandlerContext,
  key: IdempotencyKey,
  work: (tx: Tx, postingId: string) => Promise<T>,
  callOut: (stored: T, postingId: string, replayed: boolean) => Promise<R>,
): Promise<R> {
  const postingId = requestKey(key.scope, key.requestId);
  let stored: T;
  try {
    stored = await idempotent(ctx, key, work);
  } catch (error) {
    if (!(error instanceof ReplayedOutcome && error.outcome.ok)) throw error;
    throw new ReplayedOutcome({ ok: true, data: await callOut(error.outcome.data as T, postingId, true) });
  }
  return callOut(stored, postingId, false);
}

/** The fast path: answers an earlier outcome of this request (throws ReplayedOutcome) if there is one. */
export async function replayIfSeen(ctx: HandlerContext, key: IdempotencyKey): Promise<void> {
  const earlier = await getDocById<RequestDoc>(ctx.db, REQUESTS, requestKey(key.scope, key.requestId));
  if (earlier) replay(earlier, inputHash(key.input));
}

/** `idempotent` without its fast path, for callers that ran `replayIfSeen` themselves. */
export async function runOnce<T>(ctx: HandlerContext, key: IdempotencyKey, work: (tx: Tx, postingId: string) => Promise<T>): Promise<T> {
  const postingId = requestKey(key.scope, key.requestId);
  const hash = inputHash(key.input);
  const record = (outcome: StoredOutcome) => ({ scope: key.scope, requestId: key.requestId, inputHash: hash, outcome, createdAt: ctx.now });
  try {
    return await ctx.transaction(async (tx) => {
      const seen = await txGet<RequestDoc>(tx, REQUESTS, postingId);
      if (seen) replay(seen, hash);
      const data = await work(tx, postingId);
      await tx.collection(REQUESTS).doc(postingId).set({ data: record({ ok: true, data }) });
      return data;
    });
  } catch (error) {
    if (!(error instanceof BusinessError) || error.code === 'BUSY' || error.code === 'IDEMPOTENCY_CONFLICT') throw error;
    const failure: StoredOutcome = { ok: false, code: error.code, message: error.userMessage ?? ERROR_MESSAGES[error.code], ...(error.field ? { field: error.field } : {}) };
    await ctx.transaction(async (tx) => {
      const seen = await txGet<RequestDoc>(tx, REQUESTS, postingId);
      if (seen) replay(seen, hash);
      const expiresAt = new Date(ctx.now.getTime() + REFUSALS_KEPT_DAYS * 86_400_000);
      await tx.collection(REQUESTS).doc(postingId).set({ data: { ...record(failure), expiresAt } });
    });
    throw error;
  }
}
