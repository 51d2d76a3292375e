import { mkdtempSync } from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { useDevelopmentPhoneKeys } from '../../cloudfunctions/core/privacy/phone-crypto';
import { LocalDatabase, type LocalDatabaseOptions, installDatabaseTransport } from './database';
import { FunctionHost } from './host';
import { installLocalSdk } from './sdk';
import { createLocalServer, listen } from './server';
import { type LocalServices, installCloudServiceFakes } from './services';

const root = path.resolve(__dirname, '../..');

export interface LocalCloudOptions {
  /** Where the database persists; absent → in memory (tests). */
  dataDir?: string;
  database?: Omit<LocalDatabaseOptions, 'dataDir'>;
  /** Built function bundles; default $LOCAL_FUNCTIONS_DIR (a test run's own build), else build/functions. */
  functionsDir?: string;
  /** H5 build to serve; absent → API only. */
  staticDir?: string;
  /** Serve HTTP on 127.0.0.1:port (0 = any free port); absent → no server (in-process tests). */
  port?: number;
}

export interface LocalCloud {
  db: LocalDatabase;
  host: FunctionHost;
  services: LocalServices;
  /** http://127.0.0.1:PORT when serving. */
  url: string;
  close(): Promise<void>;
}

/**
 * The whole cloud in one process: the real wx-server-sdk over the embedded database, the faked
 * open APIs, the function host, and (optionally) the HTTP front the H5 build talks to.
 * Must run before any business code touches the SDK.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  // Functions read their secrets from the environment, as in the cloud; locally a development value.
  process.env.MEMBER_CODE_SECRET ??= 'local-dev-member-code-secret';
  process.env.WXPAY_SUB_MCH_ID ??= '1900000109';
  // The phone keys likewise (fixed development keys, with a warning outside the tests).
  useDevelopmentPhoneKeys(process.env, process.env.JEST_WORKER_ID ? () => undefined : console.warn);
  installLocalSdk();
  // Business code initialises the SDK itself; scripts and tests that use it directly need this.
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = new LocalDatabase({ ...options.database, dataDir: options.dataDir });
  installDatabaseTransport(db);
  const host = new FunctionHost(options.functionsDir ?? process.env.LOCAL_FUNCTIONS_DIR ?? path.join(root, 'build/functions'));
  let url = 'http://127.0.0.1';
  const services = installCloudServiceFakes({
    storageDir: options.dataDir ? path.join(options.dataDir, 'storage') : mkdtempSync(path.join(os.tmpdir(), 'local-storage-')),
    publicBaseUrl: () => url,
    // A function calling another passes its caller on, as the cloud does; WeChat Pay has no caller.
    invokeFunction: (name, event, info) =>
      host.invoke(name, event, info?.trigger === 'callFunction' ? { openid: info.openid, source: 'scf' } : { source: 'wx_pay' }),
  });

  let server: http.Server | undefined;
  if (options.port !== undefined) {
    server = createLocalServer({
      host,
      staticDir: options.staticDir,
      extraHandlers: [(req, res) => services.handlePayPageRequest(req, res), (req, res) => services.handleStorageRequest(req, res)],
    });
    url = `http://127.0.0.1:${await listen(server, options.port)}`;
  }

  return {
    db,
    host,
    services,
    get url() {
      return url;
    },
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await db.close();
    },
  };
}
