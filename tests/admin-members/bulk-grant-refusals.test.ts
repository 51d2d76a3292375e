import type { LocalCloud } from '../../scripts/local-cloud';
import { snapshotAll, startTestCloud } from '../support/cloud';
import { OPERATOR, register, requestId, seedWorld } from '../support/world';
import { ANALYST, MANAGER, STORE_MANAGER, callAs, ok, seedOperators } from './support';

// Bulk grant refusals: the wrong role, bad input, an unknown job. None changes anything.

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await seedWorld();
  await seedOperators();
});
afterAll(() => cloud.close());

const run = (jobId: string, caller = MANAGER) => ok(callAs(cloud, caller, 'admin', 'runBulkGrant', { jobId }, requestId()));

describe('refusals change nothing', () => {
  let jobId: string;
  let memberNo: string;
  beforeAll(async () => {
    ({ memberNo } = await register(cloud, 'openid-refusals'));
    jobId = (await ok(callAs(cloud, OPERATOR, 'admin', 'startBulkGrant', { memberNos: [memberNo], amount: 10, reason: '测试发放' }, requestId()))).jobId;
  });

  test.each([
    ['an analyst', ANALYST, 'startBulkGrant', () => ({ memberNos: [memberNo], amount: 10, reason: '测试发放' }), 'FORBIDDEN'],
    ['a store manager', STORE_MANAGER, 'runBulkGrant', () => ({ jobId }), 'FORBIDDEN'],
    ['an analyst', ANALYST, 'bulkGrantFailures', () => ({ jobId }), 'FORBIDDEN'],
    ['an amount over 10,000', OPERATOR, 'startBulkGrant', () => ({ memberNos: [memberNo], amount: 10_001, reason: '测试发放' }), 'INVALID_INPUT'],
    ['no reason', MANAGER, 'startBulkGrant', () => ({ memberNos: [memberNo], amount: 10, reason: ' ' }), 'INVALID_INPUT'],
    ['an unknown job', MANAGER, 'runBulkGrant', () => ({ jobId: 'f'.repeat(32) }), 'BULK_GRANT_NOT_FOUND'],
    ['a part the job does not have', MANAGER, 'addBulkGrantMembers', () => ({ jobId, part: 2, memberNos: [memberNo] }), 'INVALID_INPUT'],
  ])('%s: %s → %s', async (_who, caller, action, input, code) => {
    const before = snapshotAll(cloud);
    expect(await callAs(cloud, caller, 'admin', action, input(), requestId())).toMatchObject({ ok: false, code });
    // An unknown job's refusal is remembered for its request id, as every refusal is; nothing else moves.
    const after = snapshotAll(cloud);
    delete after.requests;
    const { requests: _requests, ...rest } = before;
    expect(after).toEqual(rest);
  });

  test('a one-member job granted through the page', async () => {
    expect(await run(jobId, OPERATOR)).toMatchObject({ state: 'done', granted: 1, done: 1, percent: 100 });
    expect(await run(jobId, OPERATOR)).toMatchObject({ state: 'done', granted: 1, percent: 100 });
    const listed = await ok(callAs(cloud, MANAGER, 'admin', 'listBulkGrants', {}));
    expect(listed.items[0]).toMatchObject({ jobId, state: 'done', total: 1, granted: 1, startedBy: OPERATOR });
  });
});
