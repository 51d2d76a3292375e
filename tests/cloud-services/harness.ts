import { mkdtempSync, rmSync } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import cloud from 'wx-server-sdk';
import { LocalDatabase, installDatabaseTransport } from '../../scripts/local-cloud/database';
import { installLocalSdk } from '../../scripts/local-cloud/sdk';
import { installCloudServiceFakes, type InvocationInfo, type LocalServices } from '../../scripts/local-cloud/services';

/** One recorded call of the invokeFunction boundary. */
export interface Invocation {
  name: string;
  event: any;
  info?: InvocationInfo;
}

export interface Harness {
  /** The real wx-server-sdk singleton. Untyped here: its typings answer `Promise<T> | void` and omit cloudPay. */
  cloud: any;
  services: LocalServices;
  invocations: Invocation[];
  /** What the stand-in functions answer; default `{ errcode: 0, errmsg: 'OK' }`. */
  answer: (name: string, event: any) => unknown;
  storageDir: string;
  baseUrl: string;
  db: LocalDatabase;
  /** Installs the fakes again with fresh state, as a restarted host would (same database, same disk). */
  reinstall(): LocalServices;
  close(): Promise<void>;
}

/**
 * The local cloud as the host assembles it (offline SDK, in-memory database, these fakes), an
 * HTTP server mounting the fakes' handlers, and a stand-in for invokeFunction that records what it
 * is given. Business calls go through the real wx-server-sdk, initialised as our functions do.
 */
export async function startHarness(): Promise<Harness> {
  installLocalSdk();
  const db = new LocalDatabase();
  installDatabaseTransport(db);
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'cloud-services-'));
  const invocations: Invocation[] = [];
  let baseUrl = 'http://127.0.0.1:0';
  const harness = {} as Harness;
  harness.answer = () => ({ errcode: 0, errmsg: 'OK' });
  const install = () =>
    installCloudServiceFakes({
      storageDir,
      publicBaseUrl: () => baseUrl,
      invokeFunction: async (name, event, info) => {
        invocations.push({ name, event, info });
        return harness.answer(name, event);
      },
    });
  let services = install();
  const server = http.createServer(async (req, res) => {
    if (await services.handlePayPageRequest(req, res)) return;
    if (await services.handleStorageRequest(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
  return Object.assign(harness, {
    cloud,
    services,
    invocations,
    storageDir,
    baseUrl,
    db,
    reinstall() {
      services = install();
      harness.services = services;
      return services;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  });
}
