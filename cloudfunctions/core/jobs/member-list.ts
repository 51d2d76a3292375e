import { BusinessError } from '../platform/business-error';
import { isDuplicateKey } from '../platform/db-errors';
import { findDocs, txGet } from '../platform/documents';
import { MEMBERS, type MemberDoc } from '../members/collections';
import type { HandlerContext } from '../router/context';
import { recordJobFailure } from './failures';
import { type Job, processEach } from './registry';

// A job over a list of member numbers (an operator's bulk points grant, a batch coupon issue):
// one item document per job and member number holds the unit of work and its outcome; the work is
// done a chunk at a time by whoever asks (the console page while it is open, and the cron job for
// jobs nobody watches). Each kind says how one member is settled, under a request id derived from
// the job and the member number, so a chunk run twice, at once, or after a crash settles each
// member once. Progress is counted by the database from the items, so no counter can drift.

export type MemberListItemStatus = 'pending' | 'failed' | string;

export interface MemberListItemDoc {
  _id: string;
  jobId: string;
  memberNo: string;
  /** The part of the list that brought it (a number repeated in a later part is that part's duplicate). */
  part: number;
  /** 'pending', 'failed', or the kind's done status ('granted', 'issued'). */
  status: MemberListItemStatus;
  /** Failed: why, in Chinese, for the failures list. */
  reason?: string;
  /** Unexpected errors so far; after MAX_ATTEMPTS the item fails for good. */
  attempts?: number;
  at?: Date;
}

export interface MemberListJobDoc {
  _id: string;
  state: string;
}

/** Settles one member: answers null once the work is done and the item marked, or why it fails for good. */
export type Settle = (item: MemberListItemDoc, memberId: string) => Promise<string | null>;

export interface MemberListKind<J extends MemberListJobDoc> {
  /** Its name in job_failures. */
  name: string;
  jobs: string;
  items: string;
  /** The item status of a settled member. */
  doneStatus: string;
  /** What a chunk shares (brand settings, the template), then each member's settling. */
  settler(ctx: HandlerContext, job: J): Promise<Settle>;
}

/** Members one chunk takes on. */
export const CHUNK = 200;
/** Members in flight at once within a chunk: different members touch different documents. */
const CONCURRENCY = 8;
/** Unexpected errors on one member before it is marked failed, so that a job always ends. */
export const MAX_ATTEMPTS = 3;
const INSERT_BATCH = 1000;

export const UNKNOWN_MEMBER = '会员不存在';

export function listItemId(jobId: string, memberNo: string): string {
  return `${jobId}:${memberNo}`;
}

// ---------------------------------------------------------------------------------------------
// Storing the list

/** Inserts the items not stored yet; answers how many numbers an earlier part already brought. */
export async function insertItems(ctx: HandlerContext, kind: Pick<MemberListKind<never>, 'items'>, jobId: string, part: number, memberNos: string[]): Promise<number> {
  let fromOtherParts = 0;
  for (let start = 0; start < memberNos.length; start += INSERT_BATCH) {
    const batch = memberNos.slice(start, start + INSERT_BATCH);
    for (let attempt = 1; ; attempt++) {
      const existing = await existingItems(ctx, kind, jobId, batch);
      const missing = batch.filter((no) => !existing.has(no));
      if (attempt === 1) fromOtherParts += batch.filter((no) => existing.has(no) && existing.get(no) !== part).length;
      if (missing.length === 0) break;
      const docs: MemberListItemDoc[] = missing.map((memberNo) => ({ _id: listItemId(jobId, memberNo), jobId, memberNo, part, status: 'pending' }));
      try {
        await ctx.db.collection(kind.items).add({ data: docs });
        break;
      } catch (error) {
        // Another upload of an overlapping list got there first: read again and add what is left.
        if (!isDuplicateKey(error) || attempt >= 3) throw error;
      }
    }
  }
  return fromOtherParts;
}

/** The stored items of these numbers: member number → the part that brought it. */
export async function existingItems(ctx: HandlerContext, kind: Pick<MemberListKind<never>, 'items'>, jobId: string, memberNos: string[]): Promise<Map<string, number>> {
  if (memberNos.length === 0) return new Map();
  const ids = memberNos.map((no) => listItemId(jobId, no));
  const found: Pick<MemberListItemDoc, '_id' | 'memberNo' | 'part'>[] = [];
  for (let start = 0; start < ids.length; start += INSERT_BATCH) {
    const slice = ids.slice(start, start + INSERT_BATCH);
    found.push(...(await findDocs<MemberListItemDoc>(ctx.db.collection(kind.items).where({ _id: ctx.db.command.in(slice) }).field({ memberNo: true, part: true }).limit(slice.length))));
  }
  return new Map(found.map((item) => [item.memberNo, item.part]));
}

// ---------------------------------------------------------------------------------------------
// Progress

export async function countItems(ctx: HandlerContext, kind: Pick<MemberListKind<never>, 'items'>, where: Record<string, unknown>): Promise<number> {
  const { total } = (await ctx.db.collection(kind.items).where(where).count()) as { total: number };
  return total;
}

/** Settled and failed members of a job, counted by the database. */
export async function progressOf(ctx: HandlerContext, kind: Pick<MemberListKind<never>, 'items' | 'doneStatus'>, jobId: string): Promise<{ settled: number; failed: number }> {
  const [settled, failed] = await Promise.all([countItems(ctx, kind, { jobId, status: kind.doneStatus }), countItems(ctx, kind, { jobId, status: 'failed' })]);
  return { settled, failed };
}

// ---------------------------------------------------------------------------------------------
// Working

/**
 * Settles up to CHUNK pending members of a running job (members in `skip` left out), then marks
 * the job done when nothing is pending. Answers how many it settled (done or failed) and whether
 * the job is done. A member the work could not reach (a database error) stays pending, is
 * recorded in job_failures and added to `skip`; after MAX_ATTEMPTS it fails for good.
 */
export async function runChunk<J extends MemberListJobDoc>(ctx: HandlerContext, kind: MemberListKind<J>, job: J, deadline: number, skip: string[]): Promise<{ settled: number; done: boolean }> {
  const _ = ctx.db.command;
  const pending = await findDocs<MemberListItemDoc>(
    ctx.db
      .collection(kind.items)
      .where({ jobId: job._id, status: 'pending', ...(skip.length ? { _id: _.nin(skip) } : {}) })
      .limit(CHUNK),
  );
  if (pending.length === 0) {
    const done = skip.length === 0 && (await finishIfComplete(ctx, kind, job));
    return { settled: 0, done };
  }
  const settle = await kind.settler(ctx, job);
  const members = await findDocs<MemberDoc>(
    ctx.db
      .collection(MEMBERS)
      .where({ memberNo: _.in(pending.map((item) => item.memberNo)) })
      .field({ memberNo: true, deletedAt: true })
      .limit(pending.length),
  );
  // A deleted account (注销) is no one to give to: it fails as an unknown member.
  const memberIds = new Map(members.filter((m) => !m.deletedAt).map((m) => [m.memberNo, m._id]));
  let settled = 0;
  let next = 0;
  const worker = async () => {
    while (next < pending.length && Date.now() < deadline) {
      const item = pending[next++];
      const memberId = memberIds.get(item.memberNo);
      try {
        const failure = memberId ? await settle(item, memberId) : UNKNOWN_MEMBER;
        if (failure !== null) await failItem(ctx, kind, item, failure);
        settled++;
      } catch (error) {
        skip.push(item._id);
        await recordJobFailure(ctx, kind.name, item._id, error);
        await countAttempt(ctx, kind, item, error);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // The last chunk: the job is done as soon as nothing is left pending.
  const done = pending.length < CHUNK && settled === pending.length && skip.length === 0 && (await finishIfComplete(ctx, kind, job));
  return { settled, done };
}

/** Marks a pending item settled (the kind's done status) with its own fields; a settled or failed item is left as it is. */
export async function markSettled(ctx: HandlerContext, kind: Pick<MemberListKind<never>, 'items' | 'doneStatus'>, item: MemberListItemDoc, fields: Record<string, unknown>): Promise<void> {
  await ctx.db.collection(kind.items).where({ _id: item._id, status: 'pending' }).update({ data: { ...fields, status: kind.doneStatus, at: ctx.now } });
}

async function failItem(ctx: HandlerContext, kind: Pick<MemberListKind<never>, 'items'>, item: MemberListItemDoc, reason: string): Promise<void> {
  await ctx.db.collection(kind.items).where({ _id: item._id, status: 'pending' }).update({ data: { status: 'failed', reason, at: ctx.now } });
}

async function countAttempt(ctx: HandlerContext, kind: Pick<MemberListKind<never>, 'items' | 'name'>, item: MemberListItemDoc, error: unknown): Promise<void> {
  const attempts = (item.attempts ?? 0) + 1;
  try {
    if (attempts >= MAX_ATTEMPTS) {
      const message = error instanceof BusinessError ? (error.userMessage ?? error.code) : '系统错误';
      await failItem(ctx, kind, item, `发放失败（${message}）`);
    } else {
      await ctx.db.collection(kind.items).where({ _id: item._id, status: 'pending' }).update({ data: { attempts } });
    }
  } catch (recording) {
    console.error(`${kind.name}: could not count the attempt on ${item._id}`, recording);
  }
}

async function finishIfComplete<J extends MemberListJobDoc>(ctx: HandlerContext, kind: MemberListKind<J>, job: J): Promise<boolean> {
  if (job.state !== 'running') return job.state === 'done';
  const left = await countItems(ctx, kind, { jobId: job._id, status: 'pending' });
  if (left > 0) return false;
  await ctx.transaction(async (tx) => {
    const current = await txGet<MemberListJobDoc>(tx, kind.jobs, job._id);
    if (current?.state === 'running') await tx.collection(kind.jobs).doc(job._id).update({ data: { state: 'done', finishedAt: ctx.now } });
  });
  return true;
}

/** Works on a job until it is done or the deadline passes; answers whether it is done. */
export async function runUntil<J extends MemberListJobDoc>(ctx: HandlerContext, kind: MemberListKind<J>, job: J, deadline: number): Promise<{ settled: number; done: boolean; stuck: number }> {
  const skip: string[] = [];
  let settled = 0;
  while (Date.now() < deadline) {
    const chunk = await runChunk(ctx, kind, job, deadline, skip);
    settled += chunk.settled;
    if (chunk.done) return { settled, done: true, stuck: 0 };
    if (chunk.settled === 0) break;
  }
  return { settled, done: false, stuck: skip.length };
}

const JOBS_PER_QUERY = 5;

/**
 * The cron job finishing a kind's jobs nobody is watching: each running job, oldest first, is
 * worked on until it is done or the tick's time is up (the same chunks the page makes). A job
 * with members that could not be settled this tick (each in job_failures) is recorded too and
 * left for the next tick, so the tick moves on to the other jobs. `prepare` readies a job before
 * its work (e.g. stores a list whose storing was interrupted).
 */
export function memberListCronJob<J extends MemberListJobDoc & { startedAt: Date }>(cronName: string, kind: MemberListKind<J>, prepare?: (ctx: HandlerContext, job: J) => Promise<J>): Job {
  return {
    name: cronName,
    async run(ctx, deadline) {
      const _ = ctx.db.command;
      const running = (skip: string[]) =>
        findDocs<J>(
          ctx.db
            .collection(kind.jobs)
            .where({ state: 'running', ...(skip.length ? { _id: _.nin(skip) } : {}) })
            .orderBy('startedAt', 'asc')
            .limit(JOBS_PER_QUERY),
        );
      return processEach(ctx, cronName, deadline, running, async (found) => {
        const job = prepare ? await prepare(ctx, found) : found;
        const outcome = await runUntil(ctx, kind, job, deadline);
        if (!outcome.done && outcome.stuck > 0) throw new Error(`${outcome.stuck} members of ${kind.name} job ${job._id} could not be settled this tick`);
      });
    },
  };
}
