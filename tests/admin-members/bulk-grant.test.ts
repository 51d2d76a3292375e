import { newAccounts } from '../../cloudfunctions/core/ledger/accounts';
import { bulkGrantJob } from '../../cloudfunctions/core/bulk-grant/job';
import { getDb } from '../../cloudfunctions/core/platform/cloud';
import { serverNow } from '../../cloudfunctions/core/platform/time';
import { runInTransaction } from '../../cloudfunctions/core/platform/transaction';
import type { HandlerContext } from '../../cloudfunctions/core/router/context';
import { DECLARED_INDEXES } from '../../scripts/local-cloud/database/indexes';
import type { LocalCloud } from '../../scripts/local-cloud';
import { startTestCloud } from '../support/cloud';
import { OPERATOR, requestId, sdkDb, seedWorld } from '../support/world';
import { MANAGER, callAs, ok, seedOperators } from './support';

// Bulk grants at the 10,000 cap. First 10,000 lines: 9,980 members, 10 unknown numbers, invalid
// lines and repeats; then a job of 10,000 members who all exist.
// Sent in four parts, run a few chunks by the page, interrupted, then finished by two runners at
// once (the page and the timer's job); every member is granted exactly once.

jest.setTimeout(60_000);

const KNOWN = 9_980;
const UNKNOWN = Array.from({ length: 10 }, (_, i) => String(9_000_000_000 + i));
const memberNoOf = (i: number) => String(4_000_000_000 + i);
const INSERT_BATCH = 1000;

let cloud: LocalCloud;
beforeAll(async () => {
  // The README's indexes for bulk grants, as the cloud would have them.
  cloud = await startTestCloud({ database: { indexes: { ...DECLARED_INDEXES, bulk_grant_items: ['jobId', 'status'], bulk_grants: ['state'] } } });
  await seedWorld();
  await seedOperators();
  const db = sdkDb();
  const started = Date.now();
  // Members and their accounts straight into the database, a thousand per request.
  for (let start = 0; start < KNOWN; start += INSERT_BATCH) {
    const members = [];
    const accounts = [];
    for (let i = start; i < Math.min(KNOWN, start + INSERT_BATCH); i++) {
      const memberId = `bulk-m${i}`;
      members.push({ _id: memberId, memberNo: memberNoOf(i), openid: `openid-bulk-${i}`, nickname: `会员${i}`, avatarUrl: null, tierCode: 'green', tierReviewAt: null, registeredAt: new Date() });
      const fresh = newAccounts(memberId);
      // Every tenth member owes 30 points: the grant settles it first.
      accounts.push(i % 10 === 0 ? { ...fresh.points, debt: 30 } : fresh.points, fresh.growth, fresh.wallet_principal, fresh.wallet_bonus);
    }
    await db.collection('members').add({ data: members });
    for (let a = 0; a < accounts.length; a += INSERT_BATCH) await db.collection('accounts').add({ data: accounts.slice(a, a + INSERT_BATCH) });
  }
  // Twenty more, so that a second job can name 10,000 members who all exist.
  const extra = Array.from({ length: 10_000 - KNOWN }, (_, i) => KNOWN + i);
  await db.collection('members').add({ data: extra.map((i) => ({ _id: `bulk-x${i}`, memberNo: memberNoOf(i), openid: `openid-bulk-${i}`, nickname: `会员${i}`, avatarUrl: null, tierCode: 'green', tierReviewAt: null, registeredAt: new Date() })) });
  await db.collection('accounts').add({ data: extra.flatMap((i) => Object.values(newAccounts(`bulk-x${i}`))) });
  console.log(`inserted 10,000 members in ${Date.now() - started} ms`);
});
afterAll(() => cloud.close());

function lines(): string[] {
  const all = [...Array.from({ length: KNOWN }, (_, i) => memberNoOf(i)), ...UNKNOWN];
  // Five invalid lines and five repeats, spread over the parts.
  all.splice(100, 0, '12345');
  all.splice(3_000, 0, 'abc');
  all.splice(5_000, 0, memberNoOf(7));
  all.splice(6_000, 0, '400000000x');
  all.splice(7_500, 0, memberNoOf(8_000), memberNoOf(8_001));
  all.splice(9_000, 0, '', '40000000000', memberNoOf(2), memberNoOf(3));
  return all;
}

function timerContext(): HandlerContext {
  const db = getDb();
  return { fn: 'cron', action: 'tick', openid: '@timer', roles: {}, now: serverNow(), db, transaction: (work) => runInTransaction(db, work) };
}

const run = (jobId: string, caller = MANAGER) => ok(callAs(cloud, caller, 'admin', 'runBulkGrant', { jobId }, requestId()));

test('10,000 lines: sent in parts, interrupted, resumed by two runners at once, each member granted once', async () => {
  const started = Date.now();
  const list = lines();
  expect(list.length).toBe(10_000);
  // The page drops blank lines before it sends; what is left fits four parts.
  const sent = list.filter((l) => l !== '');
  expect(sent.length).toBe(9_999);
  const parts = [sent.slice(0, 2_500), sent.slice(2_500, 5_000), sent.slice(5_000, 7_500), sent.slice(7_500)];
  expect(parts[3].length).toBeLessThanOrEqual(2_500);

  // Too many lines in a part never reaches the handler.
  const oversize = await callAs(cloud, MANAGER, 'admin', 'startBulkGrant', { memberNos: sent.slice(0, 2_501), parts: 4, amount: 100, reason: '周年庆' }, requestId());
  expect(oversize).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'memberNos' });

  const startId = requestId();
  const start = { memberNos: parts[0], parts: 4, amount: 100, reason: '周年庆' };
  const first = await ok(callAs(cloud, MANAGER, 'admin', 'startBulkGrant', start, startId));
  const jobId = first.jobId;
  expect(first).toMatchObject({ state: 'uploading', total: 2_499, partsReceived: 1, parts: 4, invalidCount: 1, invalid: [{ line: 101, value: '12345' }], duplicates: 0 });
  // A retried start (same request id) answers the same job, and makes no second one.
  expect(await callAs(cloud, MANAGER, 'admin', 'startBulkGrant', start, startId)).toMatchObject({ ok: true, replayed: true, data: { jobId } });
  expect(cloud.db.dump('bulk_grants')).toHaveLength(1);

  // Runs nothing while the list is incomplete.
  expect(await run(jobId)).toMatchObject({ state: 'uploading', done: 0 });
  const uploads = [];
  for (const [index, memberNos] of parts.slice(1).entries()) {
    uploads.push(await ok(callAs(cloud, MANAGER, 'admin', 'addBulkGrantMembers', { jobId, part: index + 2, memberNos }, requestId())));
  }
  expect(uploads.map((u) => [u.invalidCount, u.duplicates])).toEqual([
    [1, 0],
    [1, 1],
    [1, 4],
  ]);
  // A part sent again is received once.
  const again = await ok(callAs(cloud, MANAGER, 'admin', 'addBulkGrantMembers', { jobId, part: 3, memberNos: parts[2] }, requestId()));
  expect(again).toMatchObject({ total: KNOWN + UNKNOWN.length, duplicates: 1, state: 'running' });
  expect(uploads[2]).toMatchObject({ state: 'running', total: KNOWN + UNKNOWN.length, percent: 0 });

  // The page runs three chunks, then is closed.
  for (let i = 0; i < 3; i++) await run(jobId);
  const interrupted = await ok(callAs(cloud, MANAGER, 'admin', 'bulkGrantStatus', { jobId }));
  expect(interrupted.done).toBeGreaterThanOrEqual(3 * 200 - 10);
  expect(interrupted.state).toBe('running');

  // Reopened: the page and the timer's job finish it together.
  const page = async () => {
    for (let status = await run(jobId); status.state !== 'done'; status = await run(jobId));
  };
  const timer = async () => {
    for (let ticks = 0; ticks < 100; ticks++) {
      const outcome = await bulkGrantJob.run(timerContext(), Date.now() + 2_000);
      if (outcome.done) return;
    }
  };
  await Promise.all([page(), timer()]);

  const status = await ok(callAs(cloud, OPERATOR, 'admin', 'bulkGrantStatus', { jobId }));
  expect(status).toMatchObject({ state: 'done', total: KNOWN + UNKNOWN.length, done: KNOWN + UNKNOWN.length, granted: KNOWN, failed: UNKNOWN.length, percent: 100 });

  // Exactly one grant posting per member, naming the operator and the job; balances follow.
  const grants = cloud.db.dump('ledger_entries').filter((e: any) => e.source?.type === 'bulk_grant');
  expect(grants.every((e: any) => e.source.id === jobId && e.actor.type === 'operator' && e.actor.id === MANAGER && (e.kind !== 'grant' || e.reason === '周年庆'))).toBe(true);
  const perMember = new Map<string, number>();
  for (const e of grants.filter((e: any) => e.kind === 'grant')) perMember.set(e.memberId, (perMember.get(e.memberId) ?? 0) + 1);
  expect(perMember.size).toBe(KNOWN);
  expect([...perMember.values()].every((n) => n === 1)).toBe(true);
  const points = cloud.db.dump('accounts').filter((a: any) => a.asset === 'points' && a._id.startsWith('bulk-m'));
  expect(points).toHaveLength(KNOWN);
  // 70 on a member who owed 30 (settled first), 100 on the rest.
  expect(points.filter((a: any) => a.balance === 70 && a.debt === 0)).toHaveLength(KNOWN / 10);
  expect(points.filter((a: any) => a.balance === 100 && a.debt === 0)).toHaveLength(KNOWN - KNOWN / 10);
  expect(grants.filter((e: any) => e.kind === 'debt_settle')).toHaveLength(KNOWN / 10);

  // The failures file: the unknown numbers and the invalid lines, with why.
  const failures = await ok(callAs(cloud, MANAGER, 'admin', 'bulkGrantFailures', { jobId }));
  const rows = failures.csv.trim().split('\r\n');
  expect(rows[0]).toBe('会员号,原因');
  expect(rows.filter((r: string) => r.endsWith(',会员不存在')).map((r: string) => r.split(',')[0]).sort()).toEqual(UNKNOWN);
  expect(rows.filter((r: string) => r.includes('不是 10 位会员号')).map((r: string) => r.split(',')[0])).toEqual(['12345', 'abc', '400000000x', '40000000000']);
  expect(failures.count).toBe(14);

  // The start is in the audit log: who, how many, the amount, the reason.
  const audit = cloud.db.dump('audit_log').filter((e: any) => e.target.kind === 'job' && e.target.id === jobId);
  expect(audit.map((e: any) => [e.action, e.actor.openid, e.reason, e.after])).toEqual([
    ['startBulkGrant', MANAGER, '周年庆', { amount: 100, parts: 4, firstPartMembers: 2_499, invalidLines: 1 }],
    ['addBulkGrantMembers', MANAGER, '周年庆', { state: 'running', members: KNOWN + UNKNOWN.length, amount: 100 }],
  ]);

  // Running a finished job grants nothing more.
  const entries = cloud.db.dump('ledger_entries').length;
  expect(await run(jobId)).toMatchObject({ state: 'done', granted: KNOWN });
  expect(cloud.db.dump('ledger_entries')).toHaveLength(entries);
  const took = Date.now() - started;
  console.log(`bulk grant of ${KNOWN + UNKNOWN.length} members took ${took} ms`);
  expect(took).toBeLessThan(30_000);
});

test('10,000 members who all exist: stopped after two chunks, finished by the timer, each granted exactly once', async () => {
  const everyone = Array.from({ length: 10_000 }, (_, i) => memberNoOf(i));
  const parts = [0, 1, 2, 3].map((p) => everyone.slice(p * 2_500, (p + 1) * 2_500));
  const { jobId } = await ok(callAs(cloud, MANAGER, 'admin', 'startBulkGrant', { memberNos: parts[0], parts: 4, amount: 10, reason: '会员日' }, requestId()));
  for (const [index, memberNos] of parts.slice(1).entries()) await ok(callAs(cloud, MANAGER, 'admin', 'addBulkGrantMembers', { jobId, part: index + 2, memberNos }, requestId()));
  // The page shows progress for two chunks, then is closed.
  const progress = [await run(jobId), await run(jobId)].map((status) => status.percent);
  expect(progress[0]).toBeGreaterThan(0);
  expect(progress[1]).toBeGreaterThan(progress[0]);
  expect(progress[1]).toBeLessThan(100);
  for (let ticks = 0; ticks < 100; ticks++) if ((await bulkGrantJob.run(timerContext(), Date.now() + 2_000)).done) break;

  expect(await ok(callAs(cloud, MANAGER, 'admin', 'bulkGrantStatus', { jobId }))).toMatchObject({ state: 'done', total: 10_000, done: 10_000, granted: 10_000, failed: 0, percent: 100 });
  const perMember = new Map<string, number>();
  for (const e of cloud.db.dump('ledger_entries')) if (e.source?.id === jobId && e.kind === 'grant') perMember.set(e.memberId, (perMember.get(e.memberId) ?? 0) + 1);
  expect(perMember.size).toBe(10_000);
  expect([...perMember.values()].every((n) => n === 1)).toBe(true);
  // The twenty who were not in the first job hold exactly this grant.
  const extra = cloud.db.dump('accounts').filter((a: any) => a.asset === 'points' && a._id.startsWith('bulk-x'));
  expect(extra.map((a: any) => a.balance)).toEqual(Array(10_000 - KNOWN).fill(10));
});
