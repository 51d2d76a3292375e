import { BULK_GRANT_PART_LINES, type BulkGrantStatus, type BulkGrantUpload } from '../contract';
import { appendAudit } from '../audit/log';
import { type BrandSettings, loadBrandSettings } from '../brand/settings';
import { type MemberListKind, type Settle, countItems as countListItems, existingItems as existingListItems, insertItems as insertListItems, runChunk as runListChunk, runUntil as runListUntil } from '../jobs/member-list';
import { loadAccounts } from '../ledger/accounts';
import { idempotent, idempotentThenCallOut, replayIfSeen, runOnce } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { BusinessError, ReplayedOutcome } from '../platform/business-error';
import { findDocs, getDocById, txGet } from '../platform/documents';
import { expiryDayFor } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import { creditPoints } from '../points/operations';
import type { HandlerContext } from '../router/context';
import { BULK_GRANTS, BULK_GRANT_ITEMS, type BulkGrantDoc, type BulkGrantItemDoc } from './collections';
import { failuresCsv, parseMemberLines, percentDone } from './parse';

// Bulk grants: an operator grants the same points to up to 10,000 members. The list arrives in
// parts (a call's payload is bounded), each stored as one item document per member; the grants
// are then made a chunk at a time by whoever calls runBulkGrant (the page, while open) and by the
// cron job (for jobs nobody watches). Each grant is one points posting made under a request id
// derived from the job and the member number, so a chunk run twice, at once, or after a crash
// grants each member exactly once.

export { CHUNK, MAX_ATTEMPTS, UNKNOWN_MEMBER } from '../jobs/member-list';
/** A page's call stops taking new grants after this long (the admin function has 20 s). */
export const CALL_BUDGET_MS = 8_000;
const INVALID_KEPT_PER_PART = 100;

// ---------------------------------------------------------------------------------------------
// Starting a job and receiving its list

export async function startBulkGrant(ctx: HandlerContext, input: { memberNos: string[]; parts: number; amount: number; reason: string }): Promise<BulkGrantUpload> {
  const key = { scope: `operator:${ctx.openid}:startBulkGrant`, requestId: ctx.requestId!, input };
  const parsed = parseMemberLines(input.memberNos, 1);
  return idempotentThenCallOut(
    ctx,
    key,
    async (tx, jobId) => {
      const job: Omit<BulkGrantDoc, '_id'> = {
        amount: input.amount,
        reason: input.reason,
        state: 'uploading',
        parts: input.parts,
        partCounts: {},
        total: null,
        invalid: [],
        startedBy: { openid: ctx.openid, role: ctx.roles.operator?.role ?? null },
        startedAt: ctx.now,
        finishedAt: null,
      };
      await tx.collection(BULK_GRANTS).doc(jobId).set({ data: job });
      await appendAudit(tx, ctx, {
        target: { kind: 'job', id: jobId, label: '批量发放积分' },
        after: { amount: input.amount, parts: input.parts, firstPartMembers: parsed.valid.length, invalidLines: parsed.invalid.length },
        reason: input.reason,
      });
      return { jobId };
    },
    // After the commit, and again on a replay: storing the part is itself idempotent, so a
    // start that crashed between the job and its list completes on the retry.
    async ({ jobId }) => receivePart(ctx, jobId, 1, input.memberNos),
  );
}

export async function addBulkGrantMembers(ctx: HandlerContext, input: { jobId: string; part: number; memberNos: string[] }): Promise<BulkGrantUpload> {
  const job = await requireJob(ctx, input.jobId);
  if (input.part > job.parts) throw new BusinessError('INVALID_INPUT', `该任务只有 ${job.parts} 部分`, 'part');
  // Receiving a part is idempotent on (job, part); the request record gives a retry the first answer.
  const key = { scope: `operator:${ctx.openid}:addBulkGrantMembers`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  const upload = await receivePart(ctx, input.jobId, input.part, input.memberNos);
  return runOnce(ctx, key, async () => upload);
}

/**
 * Stores one part's items (those not there yet) and marks the part received; the job runs once
 * every part is in. Safe to repeat: items are keyed by job and member number, and a part is
 * counted once (its count is what the database holds for it after the insert).
 */
async function receivePart(ctx: HandlerContext, jobId: string, part: number, lines: string[]): Promise<BulkGrantUpload> {
  const parsed = parseMemberLines(lines, (part - 1) * BULK_GRANT_PART_LINES + 1);
  let job = await requireJob(ctx, jobId);
  let duplicates = parsed.duplicates;
  if (job.partCounts[String(part)] === undefined) {
    const fromOtherParts = await insertItems(ctx, jobId, part, parsed.valid);
    duplicates += fromOtherParts;
    const { total: count } = (await ctx.db.collection(BULK_GRANT_ITEMS).where({ jobId, part }).count()) as { total: number };
    job = await ctx.transaction(async (tx) => {
      const current = await txGet<BulkGrantDoc>(tx, BULK_GRANTS, jobId);
      if (!current) throw new BusinessError('BULK_GRANT_NOT_FOUND');
      if (current.partCounts[String(part)] !== undefined) return current;
      const partCounts = { ...current.partCounts, [String(part)]: count };
      const complete = Object.keys(partCounts).length >= current.parts;
      const total = complete ? Object.values(partCounts).reduce((t, n) => t + n, 0) : null;
      const invalid = [...current.invalid, ...parsed.invalid.slice(0, INVALID_KEPT_PER_PART)];
      const update = { partCounts, invalid, ...(complete ? { state: total === 0 ? 'done' : 'running', total, ...(total === 0 ? { finishedAt: ctx.now } : {}) } : {}) };
      await tx.collection(BULK_GRANTS).doc(jobId).update({ data: update });
      if (complete) {
        await appendAudit(tx, ctx, { target: { kind: 'job', id: jobId, label: '批量发放积分' }, before: { state: 'uploading' }, after: { state: update.state, members: total, amount: current.amount }, reason: current.reason });
      }
      return { ...current, ...update } as BulkGrantDoc;
    });
  } else {
    // A repeat of a received part: the numbers other parts brought are still duplicates here.
    const mine = await existingItems(ctx, jobId, parsed.valid);
    duplicates += parsed.valid.filter((no) => mine.get(no) !== part).length;
  }
  return { ...(await statusOf(ctx, job)), invalid: parsed.invalid.slice(0, 100), invalidCount: parsed.invalid.length, duplicates };
}

const insertItems = (ctx: HandlerContext, jobId: string, part: number, memberNos: string[]) => insertListItems(ctx, bulkGrantKind, jobId, part, memberNos);
const existingItems = (ctx: HandlerContext, jobId: string, memberNos: string[]) => existingListItems(ctx, bulkGrantKind, jobId, memberNos);

// ---------------------------------------------------------------------------------------------
// Status, listing, failures

export async function requireJob(ctx: HandlerContext, jobId: string): Promise<BulkGrantDoc> {
  const job = await getDocById<BulkGrantDoc>(ctx.db, BULK_GRANTS, jobId);
  if (!job) throw new BusinessError('BULK_GRANT_NOT_FOUND');
  return job;
}

const countItems = (ctx: HandlerContext, where: Record<string, unknown>) => countListItems(ctx, bulkGrantKind, where);

/** Counted by the database from the items, so no counter can drift from what happened. */
export async function statusOf(ctx: HandlerContext, job: BulkGrantDoc): Promise<BulkGrantStatus> {
  const [granted, failed, received] = await Promise.all([
    countItems(ctx, { jobId: job._id, status: 'granted' }),
    countItems(ctx, { jobId: job._id, status: 'failed' }),
    job.total === null ? countItems(ctx, { jobId: job._id }) : Promise.resolve(job.total),
  ]);
  const total = job.total ?? received;
  const done = granted + failed;
  return {
    jobId: job._id,
    state: job.state,
    amount: job.amount,
    reason: job.reason,
    total,
    done,
    granted,
    failed,
    percent: job.state === 'done' ? 100 : Math.min(99, percentDone(done, total)),
    partsReceived: Object.keys(job.partCounts).length,
    parts: job.parts,
    startedBy: job.startedBy.openid,
    startedAt: new Date(job.startedAt).toISOString(),
    finishedAt: job.finishedAt ? new Date(job.finishedAt).toISOString() : null,
  };
}

export async function bulkGrantStatus(ctx: HandlerContext, input: { jobId: string }): Promise<BulkGrantStatus> {
  return statusOf(ctx, await requireJob(ctx, input.jobId));
}

const LISTED = 10;

export async function listBulkGrants(ctx: HandlerContext): Promise<{ items: BulkGrantStatus[] }> {
  const jobs = await findDocs<BulkGrantDoc>(ctx.db.collection(BULK_GRANTS).orderBy('startedAt', 'desc').limit(LISTED));
  return { items: await Promise.all(jobs.map((job) => statusOf(ctx, job))) };
}

export async function bulkGrantFailures(ctx: HandlerContext, input: { jobId: string }): Promise<{ jobId: string; csv: string; count: number }> {
  const job = await requireJob(ctx, input.jobId);
  const rows: { memberNo: string; reason: string }[] = job.invalid.map((line) => ({ memberNo: line.value, reason: `第 ${line.line} 行不是 10 位会员号` }));
  const _ = ctx.db.command;
  let after = '';
  for (;;) {
    const page = await findDocs<BulkGrantItemDoc>(
      ctx.db
        .collection(BULK_GRANT_ITEMS)
        .where({ jobId: job._id, status: 'failed', ...(after ? { _id: _.gt(after) } : {}) })
        .orderBy('_id', 'asc')
        .limit(1000),
    );
    rows.push(...page.map((item) => ({ memberNo: item.memberNo, reason: item.reason ?? '发放失败' })));
    if (page.length < 1000) break;
    after = page[page.length - 1]._id;
  }
  return { jobId: job._id, csv: failuresCsv(rows), count: rows.length };
}

// ---------------------------------------------------------------------------------------------
// Granting

/** The page's call: one chunk of a running job, then its status. A replay answers the first status. */
export async function runBulkGrant(ctx: HandlerContext, input: { jobId: string }): Promise<BulkGrantStatus> {
  const key = { scope: `operator:${ctx.openid}:runBulkGrant`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  const job = await requireJob(ctx, input.jobId);
  let current = job;
  if (job.state === 'running') {
    await runChunk(ctx, job, Date.now() + CALL_BUDGET_MS, []);
    current = await requireJob(ctx, job._id);
  }
  const status = await statusOf(ctx, current);
  return runOnce(ctx, key, async () => status);
}

/** Bulk grants as a job over a member list (jobs/member-list.ts): each member settled by grantOne. */
export const bulkGrantKind: MemberListKind<BulkGrantDoc> = {
  name: 'bulk-grant',
  jobs: BULK_GRANTS,
  items: BULK_GRANT_ITEMS,
  doneStatus: 'granted',
  async settler(ctx, job): Promise<Settle> {
    const brand = await loadBrandSettings(ctx.db);
    return async (item, memberId) => {
      await grantOne(ctx, job, brand, item as BulkGrantItemDoc, memberId);
      return null;
    };
  },
};

/** One chunk of a running job (see jobs/member-list.ts runChunk). */
export function runChunk(ctx: HandlerContext, job: BulkGrantDoc, deadline: number, skip: string[]): Promise<{ settled: number; done: boolean }> {
  return runListChunk(ctx, bulkGrantKind, job, deadline, skip);
}

/**
 * One member's grant: the posting adjustPoints makes for a grant (expire what has ended, credit
 * a bucket, settle any debt first), under the request id `<job>` / `<member no>` — so however
 * often and however concurrently it runs, one posting exists. The item is marked in the same
 * transaction. The entries name the operator who started the job and the job.
 */
async function grantOne(ctx: HandlerContext, job: BulkGrantDoc, brand: BrandSettings, item: BulkGrantItemDoc, memberId: string): Promise<void> {
  const key = { scope: `bulk-grant:${job._id}`, requestId: item.memberNo, input: { jobId: job._id, memberNo: item.memberNo, amount: job.amount, reason: job.reason } };
  try {
    await idempotent(ctx, key, async (tx, postingId) => {
      const { points } = await loadAccounts(tx, memberId, ['points'] as const);
      const source = { type: 'bulk_grant', id: job._id };
      const expired = expireDue(points, ctx.now, brand.timeZone);
      const change = creditPoints(expired.after, { amount: job.amount, expiresOn: expiryDayFor(ctx.now, brand.points, brand.timeZone), kind: 'grant', reason: job.reason, source }, brand.timeZone);
      await writePosting(tx, {
        postingId,
        memberId,
        actor: { type: 'operator', id: job.startedBy.openid },
        createdAt: ctx.now,
        entries: [...expired.entries, ...change.entries],
        changes: [{ before: points, after: change.after }],
      });
      await tx.collection(BULK_GRANT_ITEMS).doc(item._id).update({ data: { status: 'granted', postingId, at: ctx.now } });
      return { memberNo: item.memberNo, balance: change.after.balance };
    });
  } catch (error) {
    // Granted before (another runner, or a run that crashed after its commit): the item was
    // marked in that transaction.
    if (error instanceof ReplayedOutcome && error.outcome.ok) return;
    throw error;
  }
}

/** Works on a job until it is done or the deadline passes; answers whether it is done. */
export function runUntil(ctx: HandlerContext, job: BulkGrantDoc, deadline: number): Promise<{ settled: number; done: boolean; stuck: number }> {
  return runListUntil(ctx, bulkGrantKind, job, deadline);
}
