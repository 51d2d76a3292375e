import type { LocalCloud } from '../../scripts/local-cloud';
import { batchKey, couponIssueJob } from '../../cloudfunctions/core/coupons/batch-issue';
import { issueCoupon } from '../../cloudfunctions/core/coupons/claim';
import { jobContext } from '../overview/support';
import { callAs, snapshotAll } from '../support/cloud';
import { OPERATOR, onASeededCloudEachTest, register, requestId, sdkDb } from '../support/world';
import { createTemplate } from './helpers';

// An operator's batch issue of one template to a list of member numbers: a job that runs to done
// from the page's calls or the cron job, resumes after a crash, and never issues twice however
// many runs overlap.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const dump = (name: string) => cloud.db.dump(name) as any[];
const tick = () => couponIssueJob.run(jobContext(), Date.now() + 20_000);

async function ok(answer: Promise<any>): Promise<any> {
  const settled = await answer;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled.data;
}

async function members(count: number, prefix = 'openid-b'): Promise<{ memberId: string; memberNo: string }[]> {
  const made = [];
  for (let i = 0; i < count; i++) made.push(await register(cloud, `${prefix}-${i}`));
  return made;
}

it('runs to done: issued, failed with reasons, invalid lines and repeats reported, audited, progress counted', async () => {
  const templateId = await createTemplate(cloud, { name: '回馈券', channel: 'grant', stock: 3, perMemberLimit: 1 });
  const [a, b, c, d] = await members(4);
  const list = [a.memberNo, b.memberNo, 'abc', ` ${a.memberNo} `, '9999999999', c.memberNo, d.memberNo, ''];
  const started = await ok(callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId, memberNos: list, reason: '老客回馈' }, requestId()));
  expect(started).toMatchObject({ templateId, templateName: '回馈券', state: 'running', total: 5, done: 0, issued: 0, failed: 0, percent: 0, invalidCount: 1, invalidLines: [{ line: 3, value: 'abc' }], duplicates: 1, failures: [] });
  expect(dump('coupon_issue_items')).toHaveLength(5);
  expect(dump('audit_log').filter((e) => e.action === 'startCouponIssue')).toEqual([
    expect.objectContaining({ target: { kind: 'coupon_template', id: templateId, label: '回馈券' }, after: { batchIssue: started.jobId, members: 5, invalidLines: 1, duplicates: 1 }, reason: '老客回馈' }),
  ]);

  const status = await ok(callAs(cloud, OPERATOR, 'admin', 'runCouponIssue', { jobId: started.jobId }, requestId()));
  expect(status).toMatchObject({ state: 'done', total: 5, done: 5, issued: 3, failed: 2, percent: 100 });
  // The unknown number, and whichever member the stock ran out on (eight are issued at once).
  const unknown = status.failures.find((f: any) => f.memberNo === '9999999999');
  const dry = status.failures.find((f: any) => f.memberNo !== '9999999999');
  expect(unknown).toEqual({ memberNo: '9999999999', message: '会员不存在' });
  expect(dry.message).toBe('已经被领完了');
  const people = [a, b, c, d];
  expect(people.map((m) => m.memberNo)).toContain(dry.memberNo);
  const coupons = dump('coupons');
  expect(coupons).toHaveLength(3);
  expect(coupons.every((coupon) => coupon.source === 'batch' && coupon.templateId === templateId)).toBe(true);
  expect(new Set(coupons.map((coupon) => coupon.memberId))).toEqual(new Set(people.filter((m) => m.memberNo !== dry.memberNo).map((m) => m.memberId)));

  // Asked again, and listed: the same numbers; running more changes nothing.
  const before = snapshotAll(cloud);
  expect(await ok(callAs(cloud, OPERATOR, 'admin', 'couponIssueStatus', { jobId: started.jobId }))).toEqual(status);
  expect((await ok(callAs(cloud, OPERATOR, 'admin', 'listCouponIssues', {}))).items).toEqual([status]);
  await tick();
  expect(snapshotAll(cloud)).toEqual(before);
});

it('refuses a missing or paused template before recording anything, and an unknown job', async () => {
  const templateId = await createTemplate(cloud, { channel: 'grant' });
  await ok(callAs(cloud, OPERATOR, 'admin', 'pauseCouponTemplate', { templateId }, requestId()));
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId, memberNos: ['1000000001'], reason: '回馈' }, requestId())).toMatchObject({ ok: false, code: 'COUPON_TEMPLATE_PAUSED' });
  expect(await callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId: 'ct-none', memberNos: ['1000000001'], reason: '回馈' }, requestId())).toMatchObject({ ok: false, code: 'COUPON_TEMPLATE_NOT_FOUND' });
  expect(await callAs(cloud, OPERATOR, 'admin', 'couponIssueStatus', { jobId: 'no-such-job' })).toMatchObject({ ok: false, code: 'COUPON_ISSUE_NOT_FOUND' });
  expect(snapshotAll(cloud)).toEqual(before);
});

it('resumes: a start that crashed before storing its list, and a coupon issued before a crash, end with one coupon each', async () => {
  const templateId = await createTemplate(cloud, { channel: 'grant', stock: 100, perMemberLimit: 5 });
  const people = await members(6);
  const started = await ok(callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId, memberNos: people.map((m) => m.memberNo), reason: '回馈' }, requestId()));
  // The crash: the job committed, its items never stored.
  await sdkDb().collection('coupon_issue_items').where({ jobId: started.jobId }).remove();
  await sdkDb().collection('coupon_issues').doc(started.jobId).update({ data: { listStored: false } });
  // And one member's coupon was issued by a run that died before marking the item.
  const early = await issueCoupon(jobContext(), { memberId: people[0].memberId, templateId, key: batchKey(started.jobId, people[0].memberNo), source: 'batch' });

  const outcome = await tick();
  expect(outcome).toMatchObject({ done: true, failed: 0 });
  const status = await ok(callAs(cloud, OPERATOR, 'admin', 'couponIssueStatus', { jobId: started.jobId }));
  expect(status).toMatchObject({ state: 'done', total: 6, issued: 6, failed: 0, percent: 100 });
  const coupons = dump('coupons');
  expect(coupons).toHaveLength(6);
  expect(new Set(coupons.map((c) => c.memberId)).size).toBe(6);
  expect(dump('coupon_issue_items').find((i) => i.memberNo === people[0].memberNo)).toMatchObject({ status: 'issued', couponId: early.couponId });
});

it('overlapping runs (pages and cron ticks at once) issue each member exactly once', async () => {
  const templateId = await createTemplate(cloud, { channel: 'grant', stock: 1_000, perMemberLimit: 10 });
  const people = await members(40, 'openid-overlap');
  const started = await ok(callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId, memberNos: people.map((m) => m.memberNo), reason: '回馈' }, requestId()));
  await Promise.all([
    ...Array.from({ length: 4 }, () => callAs(cloud, OPERATOR, 'admin', 'runCouponIssue', { jobId: started.jobId }, requestId())),
    tick(),
    tick(),
  ]);
  // Whatever a run left pending (a conflict), a later one finishes.
  await tick();
  const status = await ok(callAs(cloud, OPERATOR, 'admin', 'couponIssueStatus', { jobId: started.jobId }));
  expect(status).toMatchObject({ state: 'done', total: 40, done: 40, issued: 40, failed: 0 });
  const coupons = dump('coupons');
  expect(coupons).toHaveLength(40);
  expect(new Set(coupons.map((c) => c.memberId)).size).toBe(40);
  expect(dump('coupon_claims').every((counter) => counter.total === 1)).toBe(true);
  expect(dump('coupon_stock').reduce((sum, s) => sum + s.issued, 0)).toBe(40);
}, 60_000);

it('a replayed start answers the first job; a list of only bad lines is done at once', async () => {
  const templateId = await createTemplate(cloud, { channel: 'grant' });
  const id = requestId();
  const first = await ok(callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId, memberNos: ['x', '12'], reason: '回馈' }, id));
  expect(first).toMatchObject({ state: 'done', total: 0, percent: 100, invalidCount: 2 });
  const again = await callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId, memberNos: ['x', '12'], reason: '回馈' }, id);
  expect(again).toMatchObject({ ok: true, replayed: true, data: { jobId: first.jobId } });
  expect(dump('coupon_issues')).toHaveLength(1);
});
