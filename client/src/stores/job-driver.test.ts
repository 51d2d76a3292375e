import { driveJob } from './job-driver';

interface Status {
  percent: number;
  state: 'running' | 'done';
}

/** Answers scripted per call: a status, or 'fail' for a call that throws. */
function script(answers: (Status | 'fail')[]) {
  const calls = { count: 0 };
  const step = async (): Promise<Status> => {
    const answer = answers[calls.count++];
    if (answer === undefined) throw new Error('called past the script');
    if (answer === 'fail') throw new Error('NETWORK');
    return answer;
  };
  return { step, calls };
}

const run = (percent: number): Status => ({ percent, state: 'running' });
const DONE: Status = { percent: 100, state: 'done' };

describe('driveJob', () => {
  it.each<[string, (Status | 'fail')[], number, number[], string | null]>([
    // name, answers, calls made, percents shown, error
    ['runs until done', [run(20), run(60), DONE], 3, [20, 60, 100], null],
    ['two failures in a row are retried', [run(20), 'fail', 'fail', run(60), DONE], 5, [20, 60, 100], null],
    ['failures apart never add up', ['fail', 'fail', run(50), 'fail', 'fail', DONE], 6, [50, 100], null],
    ['three failures in a row give up', [run(20), 'fail', 'fail', 'fail'], 4, [20], 'NETWORK'],
    ['a job already done stops at once', [DONE], 1, [100], null],
  ])('%s', async (_name, answers, callCount, percents, error) => {
    const { step, calls } = script(answers);
    const shown: number[] = [];
    const waits: number[] = [];
    const result = await driveJob({
      step,
      finished: (s) => s.state === 'done',
      onStatus: (s) => shown.push(s.percent),
      cancelled: () => false,
      wait: async (ms) => void waits.push(ms),
    });
    expect(calls.count).toBe(callCount);
    expect(shown).toEqual(percents);
    expect(result === null ? null : (result as Error).message).toBe(error);
    // The waits grow with the failures in a row: 1 s, then 2 s.
    expect(waits.every((ms) => ms === 1000 || ms === 2000)).toBe(true);
  });

  it('stops when the page leaves, and drops the answer in flight', async () => {
    let stopped = false;
    const shown: number[] = [];
    const { step, calls } = script([run(20), run(40), run(60)]);
    const result = await driveJob({
      step: async () => {
        const status = await step();
        if (status.percent === 40) stopped = true; // the page left while the second call was out
        return status;
      },
      finished: (s) => s.state === 'done',
      onStatus: (s) => shown.push(s.percent),
      cancelled: () => stopped,
      wait: async () => undefined,
    });
    expect(result).toBeNull();
    expect(calls.count).toBe(2);
    expect(shown).toEqual([20]);
  });
});
