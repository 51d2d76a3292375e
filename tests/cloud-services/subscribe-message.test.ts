import { type Harness, startHarness } from './harness';

describe('openapi.subscribeMessage.send through wx-server-sdk', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers ok and leaves the message in the outbox collection', async () => {
    const before = Date.now();
    const result = await h.cloud.openapi.subscribeMessage.send({
      touser: 'o-member-1',
      templateId: 'TPL_POINTS_EXPIRING',
      page: 'pages/points/index',
      data: { thing1: { value: '积分即将过期' }, number2: { value: '120' }, date3: { value: '2025-12-31' } },
      miniprogramState: 'developer',
    });
    expect(result).toEqual({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });

    const { data } = await h.cloud.database().collection('outbox').where({ touser: 'o-member-1' }).get();
    expect(data).toHaveLength(1);
    expect(data[0]).toEqual({
      _id: expect.any(String),
      touser: 'o-member-1',
      templateId: 'TPL_POINTS_EXPIRING',
      page: 'pages/points/index',
      data: { thing1: { value: '积分即将过期' }, number2: { value: '120' }, date3: { value: '2025-12-31' } },
      miniprogramState: 'developer',
      sentAt: expect.any(Date),
    });
    expect(data[0].sentAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('refuses what WeChat refuses, and then writes nothing', async () => {
    await expect(
      h.cloud.openapi.subscribeMessage.send({ touser: 'o-member-2', templateId: 'T', data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } } }),
    ).rejects.toMatchObject({ errCode: 47003 });
    await expect(h.cloud.openapi.subscribeMessage.send({ templateId: 'T', data: { thing1: { value: 'x' } } })).rejects.toMatchObject({
      errCode: 40003,
    });
    expect(h.db.dump('outbox').filter((doc) => doc.touser === 'o-member-2')).toEqual([]);
  });
});
