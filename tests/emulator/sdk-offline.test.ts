// Outside the cloud, wx-server-sdk reaches for the network at init (platform detection) and on
// every request (credentials, then HTTP). Under installLocalSdk nothing may open a socket.
import { execFileSync } from 'child_process';
import * as path from 'path';

function probe(mode: 'with-local-sdk' | 'without-local-sdk'): { attempts: string[]; rejections: string[]; failures: string[] } {
  const fixture = path.join(__dirname, 'fixtures', 'offline-probe.ts');
  const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), fixture, mode], { encoding: 'utf8' });
  return JSON.parse(out);
}

test('with installLocalSdk: require, init, database() and every kind of request open no socket', () => {
  expect(probe('with-local-sdk')).toEqual({ attempts: [], rejections: [], failures: [] });
}, 20_000);

test('the probe does catch the network use of the bare SDK', () => {
  const bare = probe('without-local-sdk');
  expect(bare.attempts.join('\n')).toContain('tcb-api.tencentcloudapi.com');
  expect(bare.failures.length).toBeGreaterThan(0);
  expect(bare.rejections.join('\n')).toContain('missing secretId');
}, 20_000);

test('requests fail locally before a database is installed, and the pin survives database()', async () => {
  const { installLocalSdk } = require('../../scripts/local-cloud/sdk');
  installLocalSdk();
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const error = await cloud.database().collection('x').get().catch((e: any) => e);
  expect(error.errMsg).toContain('No local database installed');

  // Every database() call re-assigns Db.reqClass in node-sdk; the pinned requester stays.
  const wxDir = path.dirname(require.resolve('wx-server-sdk'));
  const nodeSdkDir = path.dirname(require.resolve('@cloudbase/node-sdk/package.json', { paths: [wxDir] }));
  const { Db } = require(require.resolve('@cloudbase/database', { paths: [nodeSdkDir] }));
  cloud.database();
  expect(Db.reqClass.name).toBe('LocalRequester');
  expect(process.env.TCB_ENV).toBe('local');
});
