import type { LocalCloud } from '../../../scripts/local-cloud';
import { callAs } from '../../support/cloud';
import { OPERATOR, STORE, onASeededCloudEachTest, register, requestId, setClock } from '../../support/world';

// Refusals with fresh request ids each left a requests document for good, and nothing slowed a
// caller guessing binding codes a thousand a second.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const tick = () => cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 't', Time: '' }, { source: 'timer' }) as Promise<any>;
const guess = (openid: string, code: string) => callAs(cloud, openid, 'member', 'bindStaff', { code }, requestId());

it('lets a caller guess ten binding codes a minute, then answers RATE_LIMITED and writes nothing', async () => {
  setClock('2026-05-01T04:00:00.000Z');
  for (let i = 0; i < 10; i++) expect(await guess('openid-guesser', `ABCDEFG${'23456789AB'[i]}`)).toMatchObject({ ok: false, code: 'BINDING_CODE_INVALID' });
  const requestsBefore = cloud.db.dump('requests').length;
  expect(await guess('openid-guesser', 'ABCDEFGC')).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: '操作太频繁，请一分钟后再试' });
  expect(cloud.db.dump('requests')).toHaveLength(requestsBefore);
  // Someone else is not held up; the guesser is let in again the next minute.
  expect(await guess('openid-other', 'ABCDEFGC')).toMatchObject({ code: 'BINDING_CODE_INVALID' });
  setClock('2026-05-01T04:01:00.000Z');
  const { code } = (await callAs(cloud, OPERATOR, 'admin', 'createStaffBindingCode', { storeId: STORE, staffName: '新店员' }, requestId())).data;
  expect(await guess('openid-guesser', code)).toMatchObject({ ok: true, data: { storeId: STORE } });
});

it('lets at most ten of a hundred concurrent guesses through', async () => {
  const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => guess('openid-burst', `ABCDEF${'23456789ABCDEFGHJKLMNPQRSTUVWXYZ'[i % 32]}${'23456789'[i % 8]}`)));
  const answered = answers.filter((a) => a.code === 'BINDING_CODE_INVALID');
  expect(answered.length).toBeLessThanOrEqual(10);
  expect(answers.every((a) => ['BINDING_CODE_INVALID', 'RATE_LIMITED', 'BUSY'].includes(a.code))).toBe(true);
});

it('keeps a refusal a week for retries, then deletes it; successes stay', async () => {
  setClock('2026-05-01T04:00:00.000Z');
  const { memberNo } = await register(cloud, 'openid-M');
  const refusedId = requestId();
  const refused = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: -50, reason: '扣减' }, refusedId);
  expect(refused).toMatchObject({ ok: false, code: 'INSUFFICIENT_POINTS' });
  const granted = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 50, reason: '补发' }, requestId());
  expect(granted.ok).toBe(true);
  expect(cloud.db.dump('requests')).toHaveLength(2);

  setClock('2026-05-07T04:00:00.000Z'); // six days on: the retry still answers the first outcome
  await tick();
  expect(await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: -50, reason: '扣减' }, refusedId)).toMatchObject({ ok: false, code: 'INSUFFICIENT_POINTS', replayed: true });
  setClock('2026-05-08T04:00:01.000Z');
  const answer = await tick();
  expect(answer.data.jobs).toContainEqual({ name: 'requests-retention', processed: 1, done: true, failed: 0 });
  expect(cloud.db.dump('requests')).toEqual([expect.objectContaining({ outcome: expect.objectContaining({ ok: true }) })]);
});
