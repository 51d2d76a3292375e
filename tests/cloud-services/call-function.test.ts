import { type Harness, startHarness } from './harness';

describe('cloud.callFunction through wx-server-sdk', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('invokes the local function with the data and resolves its result like the real one', async () => {
    h.answer = (name, event) => ({ ok: true, data: { echoed: event, by: name, at: new Date(0) } });
    const result = await h.cloud.callFunction({ name: 'member', data: { action: 'me', data: { n: 1 } } });
    expect(h.invocations.at(-1)).toEqual({
      name: 'member',
      event: { action: 'me', data: { n: 1 } },
      info: { trigger: 'callFunction', openid: undefined },
    });
    // The result made the JSON round trip the real service imposes (a Date arrives as a string).
    expect(result).toEqual({
      result: { ok: true, data: { echoed: { action: 'me', data: { n: 1 } }, by: 'member', at: '1970-01-01T00:00:00.000Z' } },
      errMsg: 'callFunction:ok',
      requestID: expect.any(String),
    });
  });

  it('rejects with -504002 when the function throws', async () => {
    h.answer = () => {
      throw new Error('boom');
    };
    await expect(h.cloud.callFunction({ name: 'cron', data: {} })).rejects.toMatchObject({
      errCode: -504002,
      errMsg: expect.stringContaining('boom'),
    });
  });
});
