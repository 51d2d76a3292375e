import path from 'path';
import { buildFunction } from '../../scripts/build/functions';
import { FunctionHost } from '../../scripts/local-cloud/host';
import { LOCAL_APPID, LOCAL_ENV, runWithContext } from '../../scripts/local-cloud/context';
import { startTestCloud } from '../support/cloud';
import { register, seedWorld } from '../support/world';

describe('function host', () => {
  it('gives each of 100 interleaved invocations its own caller identity', async () => {
    const cloud = await startTestCloud();
    // Inside the repo, so the bundle resolves wx-server-sdk from node_modules as a deployed one does.
    const dir = path.resolve(__dirname, '../../build/test-functions');
    await buildFunction('whoami', dir, path.join(__dirname, '../fixtures/whoami/index.ts'));
    const host = new FunctionHost(dir);

    const calls = Array.from({ length: 100 }, (_, i) => ({ openid: `openid-${i}`, delayMs: (i * 37) % 23 }));
    const results = (await Promise.all(
      calls.map(({ openid, delayMs }) => host.invoke('whoami', { delayMs }, { openid })),
    )) as { before: string; after: string; userInfo: string }[];

    results.forEach((result, i) => {
      expect(result).toEqual({ before: `openid-${i}`, after: `openid-${i}`, userInfo: `openid-${i}` });
    });
    await cloud.close();
  });

  it('passes the caller on when one function calls another', async () => {
    const cloud = await startTestCloud();
    await seedWorld();
    const { memberNo } = await register(cloud, 'openid-caller');
    // As a function invoked by that member would call the member function.
    const answer: any = await runWithContext({ OPENID: 'openid-caller', APPID: LOCAL_APPID, ENV: LOCAL_ENV, SOURCE: 'wx_client' }, () =>
      require('wx-server-sdk').callFunction({ name: 'member', data: { action: 'me', data: {} } }),
    );
    expect(answer.result).toMatchObject({ ok: true, data: { member: { memberNo }, registeredNow: false } });
    await cloud.close();
  });

    it('knows only the functions that were built', async () => {
    const cloud = await startTestCloud();
    expect(cloud.host.has('member')).toBe(true);
    expect(cloud.host.has('nonexistent')).toBe(false);
    expect(cloud.host.has('../member')).toBe(false);
    await cloud.close();
  });
});
