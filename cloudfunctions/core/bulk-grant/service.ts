import { BULK_GRANT_PART_LINES, type BulkGrantStatus, type BulkGrantUpload } from '../contract';
import { appendAudit } from '../audit/log';
import { type BrandSettings, loadBrandSettings } from '../brand/settings';
import { recordJobFailure } from '../jobs/failures';
import { loadAccounts } from '../ledger/accounts';
import { idempotent, idempotentThenCallOut, replayIfSeen, runOnce } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError, ReplayedOutcome } from '../platform/business-error';
import { isDuplicateKey } from '../platform/db-errors';
import { findDocs, getDocById, txGet } from '../platform/documents';
import { expiryDayFor } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import { creditPoints } from '../points/operations';
import type { HandlerContext } from '../router/context';
import { BULK_GRANTS, BULK_GRANT_ITEMS, type BulkGrantDoc, type BulkGrantItemDoc, itemId } from './collections';
import { failuresCsv, parseMemberLines, percentDone } from './parse';

// Bulk grants: an operator grants the same points to up to 10,000 members. The list arrives in
// parts (a call's payload is bounded), each stored as one item document per member; the grants
// are then made a chunk at a time by whoever calls runBulkGrant (the page, while open) and by the
// cron job (for jobs nobody watches). Each grant is one points posting made under a request id
// derived from the job and the member number, so a chunk run twice, at once, or after a crash
// grants each member exactly once.

/** Members one runBulkGrant call takes on. */
export const CHUNK = 200;
/** Grants in flight at once within a chunk: different members touch different documents. */
const CONCURRENCY = 8;
/** A page's call stops taking new grants after this long (the admin function has 20 s). */
const CALL_BUDGET_MS = 8_000;
/** Unexpected errors on one member before it is marked failed, so that a job always ends. */
export const MAX_ATTEMPTS = 3;
const INVALID_KEPT_PER_PART = 100;
const INSERT_BATCH = 1000;

export const UNKNOWN_MEMBER = '会员不存在';

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

/** Inserts the items not stored yet; answers how many numbers an earlier part already brought. */
async function insertItems(ctx: HandlerContext, jobId: string, part: number, memberNos: string[]): Promise<number> {
  let fromOtherParts = 0;
  for (let start = 0; start < memberNos.length; start += INSERT_BATCH) {
    const batch = memberNos.slice(start, start + INSERT_BATCH);
    for (let attempt = 1; ; attempt++) {
      const existing = await existingItems(ctx, jobId, batch);
      const missing = batch.filter((no) => !existing.has(no));
      if (attempt === 1) fromOtherParts += batch.filter((no) => existing.has(no) && existing.get(no) !== part).length;
      if (missing.length === 0) break;
      const docs: BulkGrantItemDoc[] = missing.map((memberNo) => ({ _id: itemId(jobId, memberNo), jobId, memberNo, part, status: 'pending' }));
      try {
        await ctx.db.collection(BULK_GRANT_ITEMS).add({ data: docs });
        break;
      } catch (error) {
        // Another upload of an overlapping list got there first: read again and add what is left.
        if (!isDuplicateKey(error) || attempt >= 3) throw error;
      }
    }
  }
  return fromOtherParts;
}

async function existingItems(ctx: HandlerContext, jobId: string, memberNos: string[]): Promise<Map<string, number>> {
  if (memberNos.length === 0) return new Map();
  const ids = memberNos.map((no) => itemId(jobId, no));
  const found: Pick<BulkGrantItemDoc, '_id' | 'memberNo' | 'part'>[] = [];
  for (let start = 0; start < ids.length; start += INSERT_BATCH) {
    const slice = ids.slice(start, start + INSERT_BATCH);
    found.push(...(await findDocs<BulkGrantItemDoc>(ctx.db.collection(BULK_GRANT_ITEMS).where({ _id: ctx.db.command.in(slice) }).field({ memberNo: true, part: true }).limit(slice.length))));
  }
  return new Map(found.map((item) => [item.memberNo, item.part]));
}

// ---------------------------------------------------------------------------------------------
// Status, listing, failures

export async function requireJob(ctx: HandlerContext, jobId: string): Promise<BulkGrantDoc> {
  const job = await getDocById<BulkGrantDoc>(ctx.db, BULK_GRANTS, jobId);
  if (!job) throw new BusinessError('BULK_GRANT_NOT_FOUND');
  return job;
}

async function countItems(ctx: HandlerContext, where: Record<string, unknown>): Promise<number> {
  const { total } = (await ctx.db.collection(BULK_GRANT_ITEMS).where(where).count()) as { total: number };
  return total;
}

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

/**
 * Grants up to CHUNK pending members of a running job (members in `skip` left out), then marks
 * the job done when nothing is pending. Answers how many it settled (granted or failed) and
 * whether the job is done. A member the grant could not reach (a database error) stays pending,
 * is recorded in job_failures and added to `skip`; after MAX_ATTEMPTS it fails for good.
 */
export async function runChunk(ctx: HandlerContext, job: BulkGrantDoc, deadline: number, skip: string[]): Promise<{ settled: number; done: boolean }> {
  const _ = ctx.db.command;
  const pending = await findDocs<BulkGrantItemDoc>(
    ctx.db
      .collection(BULK_GRANT_ITEMS)
      .where({ jobId: job._id, status: 'pending', ...(skip.length ? { _id: _.nin(skip) } : {}) })
      .limit(CHUNK),
  );
  if (pending.length === 0) {
    const done = skip.length === 0 && (await finishIfComplete(ctx, job));
    return { settled: 0, done };
  }
  const brand = await loadBrandSettings(ctx.db);
  const members = await findDocs<MemberDoc>(
    ctx.db
      .collection(MEMBERS)
      .where({ memberNo: _.in(pending.map((item) => item.memberNo)) })
      .field({ memberNo: true })
      .limit(pending.length),
  );
  const memberIds = new Map(members.map((m) => [m.memberNo, m._id]));
  let settled = 0;
  let next = 0;
  const worker = async () => {
    while (next < pending.length && Date.now() < deadline) {
      const item = pending[next++];
      const memberId = memberIds.get(item.memberNo);
      try {
        if (!memberId) await failItem(ctx, item, UNKNOWN_MEMBER);
        else await grantOne(ctx, job, brand, item, memberId);
        settled++;
      } catch (error) {
        skip.push(item._id);
        await recordJobFailure(ctx, 'bulk-grant', item._id, error);
        await countAttempt(ctx, item, error);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // The last chunk: the job is done as soon as nothing is left pending.
  const done = pending.length < CHUNK && settled === pending.length && skip.length === 0 && (await finishIfComplete(ctx, job));
  return { settled, done };
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

async function failItem(ctx: HandlerContext, item: BulkGrantItemDoc, reason: string): Promise<void> {
  await ctx.db.collection(BULK_GRANT_ITEMS).where({ _id: item._id, status: 'pending' }).update({ data: { status: 'failed', reason, at: ctx.now } });
}

async function countAttempt(ctx: HandlerContext, item: BulkGrantItemDoc, error: unknown): Promise<void> {
  const attempts = (item.attempts ?? 0) + 1;
  try {
    if (attempts >= MAX_ATTEMPTS) {
      const message = error instanceof BusinessError ? (error.userMessage ?? error.code) : '系统错误';
      await failItem(ctx, item, `发放失败（${message}）`);
    } else {
      await ctx.db.collection(BULK_GRANT_ITEMS).where({ _id: item._id, status: 'pending' }).update({ data: { attempts } });
    }
  } catch (recording) {
    console.error(`bulk grant: could not count the attempt on ${item._id}`, recording);
  }
}

async function finishIfComplete(ctx: HandlerContext, job: BulkGrantDoc): Promise<boolean> {
  if (job.state !== 'running') return job.state === 'done';
  const left = await countItems(ctx, { jobId: job._id, status: 'pending' });
  if (left > 0) return false;
  await ctx.transaction(async (tx) => {
    const current = await txGet<BulkGrantDoc>(tx, BULK_GRANTS, job._id);
    if (current?.state === 'running') await tx.collection(BULK_GRANTS).doc(job._id).update({ data: { state: 'done', finishedAt: ctx.now } });
  });
  return true;
}

/** Works on a job until it is done or the deadline passes; answers whether it is done. */
export async function runUntil(ctx: HandlerContext, job: BulkGrantDoc, deadline: number): Promise<{ settled: number; done: boolean; stuck: number }> {
  const skip: string[] = [];
  let settled = 0;
  while (Date.now() < deadline) {
    const chunk = await runChunk(ctx, job, deadline, skip);
    settled += chunk.settled;
    if (chunk.done) return { settled, done: true, stuck: 0 };
    if (chunk.settled === 0) break;
  }
  return { settled, done: false, stuck: skip.length };
}
