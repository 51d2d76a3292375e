import type { CouponIssueState, CouponIssueStatus } from '../contract/coupons';
import { ERROR_MESSAGES } from '../contract/errors';
import type { OperatorRole } from '../access/operator-roles';
import { appendAudit } from '../audit/log';
import { parseMemberLines, percentDone } from '../bulk-grant/parse';
import { REQUESTS, type RequestDoc, idempotentThenCallOut, replayIfSeen, requestKey, runOnce } from '../ledger/idempotency';
import { type MemberListItemDoc, type MemberListKind, type Settle, insertItems, markSettled, memberListCronJob, progressOf, runChunk } from '../jobs/member-list';
import { BusinessError } from '../platform/business-error';
import { findDocs, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { issueCoupon } from './claim';
import { COUPON_TEMPLATES, type CouponTemplateDoc } from './collections';

// An operator's batch issue: one coupon of a template to each member number of a list (≤ 5,000).
// A job over a member list, the same machinery as the bulk points grant (jobs/member-list.ts):
// the page runs chunks while open, the cron job finishes the rest. Each member's coupon goes
// through issueCoupon under the key `batch:<jobId>:<memberNo>`, so a resumed or concurrent run
// never issues twice; the template's stock and per-member limits hold as for any issue.

/** One document per batch; its `_id` is the request key of the call that started it. */
export const COUPON_ISSUES = 'coupon_issues';
/** `<jobId>:<memberNo>`: one member's part of a batch and its outcome. */
export const COUPON_ISSUE_ITEMS = 'coupon_issue_items';

export interface CouponIssueDoc {
  _id: string;
  templateId: string;
  templateName: string;
  reason: string;
  state: CouponIssueState;
  /** The distinct valid member numbers, kept so the items can be stored again after a crash. */
  memberNos: string[];
  /** Whether every item is stored (the job works on items only then). */
  listStored: boolean;
  total: number;
  invalid: { line: number; value: string }[];
  invalidCount: number;
  duplicates: number;
  startedBy: { openid: string; role: OperatorRole | null };
  startedAt: Date;
  finishedAt: Date | null;
}

export interface CouponIssueItemDoc extends MemberListItemDoc {
  couponId?: string;
}

/** A page's call stops taking new members after this long (the admin function has 20 s). */
const CALL_BUDGET_MS = 8_000;
const FAILURES_LISTED = 50;
const INVALID_KEPT = 100;
const LISTED = 10;

export const batchKey = (jobId: string, memberNo: string) => `batch:${jobId}:${memberNo}`;

export const couponIssueKind: MemberListKind<CouponIssueDoc> = {
  name: 'coupon-issue',
  jobs: COUPON_ISSUES,
  items: COUPON_ISSUE_ITEMS,
  doneStatus: 'issued',
  async settler(ctx, job): Promise<Settle> {
    return async (item, memberId) => {
      try {
        const issued = await issueCoupon(ctx, { memberId, templateId: job.templateId, key: batchKey(job._id, item.memberNo), source: 'batch' });
        await markSettled(ctx, couponIssueKind, item, { couponId: issued.couponId });
        return null;
      } catch (error) {
        // A refusal (limit reached, out of stock, paused) is this member's outcome; anything else
        // (BUSY, the database) is retried by a later chunk.
        if (error instanceof BusinessError && error.code !== 'BUSY') return error.userMessage ?? ERROR_MESSAGES[error.code];
        throw error;
      }
    };
  },
};

/** Stores the job's items if a start was interrupted before it had (idempotent), then answers the job. */
async function ensureList(ctx: HandlerContext, job: CouponIssueDoc): Promise<CouponIssueDoc> {
  if (job.listStored) return job;
  await insertItems(ctx, couponIssueKind, job._id, 1, job.memberNos);
  await ctx.db.collection(COUPON_ISSUES).doc(job._id).update({ data: { listStored: true } });
  return { ...job, listStored: true };
}

export async function startCouponIssue(ctx: HandlerContext, input: { templateId: string; memberNos: string[]; reason: string }): Promise<CouponIssueStatus> {
  const key = { scope: `operator:${ctx.openid}:startCouponIssue`, requestId: ctx.requestId!, input };
  // Refusals before anything is recorded, unless this is a retry (which answers the first outcome).
  const seen = await getDocById<RequestDoc>(ctx.db, REQUESTS, requestKey(key.scope, key.requestId));
  if (!seen) checkTemplate(await getDocById<CouponTemplateDoc>(ctx.db, COUPON_TEMPLATES, input.templateId));
  const parsed = parseMemberLines(input.memberNos, 1);
  return idempotentThenCallOut(
    ctx,
    key,
    async (tx, jobId) => {
      const template = checkTemplate(await txGet<CouponTemplateDoc>(tx, COUPON_TEMPLATES, input.templateId));
      const empty = parsed.valid.length === 0;
      const job: Omit<CouponIssueDoc, '_id'> = {
        templateId: template._id,
        templateName: template.name,
        reason: input.reason,
        state: empty ? 'done' : 'running',
        memberNos: parsed.valid,
        listStored: empty,
        total: parsed.valid.length,
        invalid: parsed.invalid.slice(0, INVALID_KEPT),
        invalidCount: parsed.invalid.length,
        duplicates: parsed.duplicates,
        startedBy: { openid: ctx.openid, role: ctx.roles.operator?.role ?? null },
        startedAt: ctx.now,
        finishedAt: empty ? ctx.now : null,
      };
      await tx.collection(COUPON_ISSUES).doc(jobId).set({ data: job });
      await appendAudit(tx, ctx, {
        target: { kind: 'coupon_template', id: template._id, label: template.name },
        after: { batchIssue: jobId, members: parsed.valid.length, invalidLines: parsed.invalid.length, duplicates: parsed.duplicates },
        reason: input.reason,
      });
      return { jobId };
    },
    // After the commit, and again on a replay: storing the list is idempotent, so a start that
    // crashed between the job and its items completes on the retry (or by the cron job).
    async ({ jobId }) => statusOf(ctx, await ensureList(ctx, await requireIssue(ctx, jobId))),
  );
}

function checkTemplate(template: CouponTemplateDoc | null): CouponTemplateDoc {
  if (!template) throw new BusinessError('COUPON_TEMPLATE_NOT_FOUND');
  if (template.state !== 'active') throw new BusinessError('COUPON_TEMPLATE_PAUSED');
  return template;
}

export async function requireIssue(ctx: HandlerContext, jobId: string): Promise<CouponIssueDoc> {
  const job = await getDocById<CouponIssueDoc>(ctx.db, COUPON_ISSUES, jobId);
  if (!job) throw new BusinessError('COUPON_ISSUE_NOT_FOUND');
  return job;
}

/** Counted by the database from the items; the first failures listed, oldest first. */
export async function statusOf(ctx: HandlerContext, job: CouponIssueDoc): Promise<CouponIssueStatus> {
  const [{ settled: issued, failed }, failures] = await Promise.all([
    progressOf(ctx, couponIssueKind, job._id),
    findDocs<CouponIssueItemDoc>(ctx.db.collection(COUPON_ISSUE_ITEMS).where({ jobId: job._id, status: 'failed' }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(FAILURES_LISTED)),
  ]);
  const done = issued + failed;
  return {
    jobId: job._id,
    templateId: job.templateId,
    templateName: job.templateName,
    state: job.state,
    reason: job.reason,
    total: job.total,
    done,
    issued,
    failed,
    failures: failures.map((item) => ({ memberNo: item.memberNo, message: item.reason ?? '发放失败' })),
    invalidLines: job.invalid,
    invalidCount: job.invalidCount,
    duplicates: job.duplicates,
    percent: job.state === 'done' ? 100 : Math.min(99, percentDone(done, job.total)),
    startedBy: job.startedBy.openid,
    startedAt: new Date(job.startedAt).toISOString(),
    finishedAt: job.finishedAt ? new Date(job.finishedAt).toISOString() : null,
  };
}

/** The page's call: one chunk of a running batch, then its status. A replay answers the first status. */
export async function runCouponIssue(ctx: HandlerContext, input: { jobId: string }): Promise<CouponIssueStatus> {
  const key = { scope: `operator:${ctx.openid}:runCouponIssue`, requestId: ctx.requestId!, input };
  await replayIfSeen(ctx, key);
  let job = await requireIssue(ctx, input.jobId);
  if (job.state === 'running') {
    await runChunk(ctx, couponIssueKind, await ensureList(ctx, job), Date.now() + CALL_BUDGET_MS, []);
    job = await requireIssue(ctx, job._id);
  }
  const status = await statusOf(ctx, job);
  return runOnce(ctx, key, async () => status);
}

export async function couponIssueStatus(ctx: HandlerContext, input: { jobId: string }): Promise<CouponIssueStatus> {
  return statusOf(ctx, await requireIssue(ctx, input.jobId));
}

/** The running batches first (a reopened page resumes them), then the latest; newest first in each. */
export async function listCouponIssues(ctx: HandlerContext): Promise<{ items: CouponIssueStatus[] }> {
  const [running, latest] = await Promise.all([
    findDocs<CouponIssueDoc>(ctx.db.collection(COUPON_ISSUES).where({ state: 'running' }).orderBy('startedAt', 'desc').limit(LISTED)),
    findDocs<CouponIssueDoc>(ctx.db.collection(COUPON_ISSUES).orderBy('startedAt', 'desc').limit(LISTED)),
  ]);
  const jobs = [...running, ...latest.filter((job) => job.state !== 'running')].slice(0, LISTED);
  return { items: await Promise.all(jobs.map((job) => statusOf(ctx, job))) };
}

/** The cron job: finishes batches nobody is watching (storing a list a crash left unstored first). */
export const couponIssueJob = memberListCronJob('coupon-issues', couponIssueKind, ensureList);
