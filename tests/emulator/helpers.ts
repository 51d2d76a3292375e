// Every emulator test goes through the real wx-server-sdk; only its transport is local.
import { installDatabaseTransport, LocalDatabase, LocalDatabaseOptions } from '../../scripts/local-cloud/database';
import { installLocalSdk } from '../../scripts/local-cloud/sdk';

installLocalSdk();
// eslint-disable-next-line @typescript-eslint/no-var-requires
export const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

export interface Opened {
  local: LocalDatabase;
  db: any;
  _: any;
}

/** A fresh database behind the SDK; `dbConfig` goes to `cloud.database(...)`. */
export function openDatabase(opts?: LocalDatabaseOptions, dbConfig?: Record<string, unknown>): Opened {
  const local = new LocalDatabase(opts);
  installDatabaseTransport(local);
  const db = cloud.database(dbConfig);
  return { local, db, _: db.command };
}

/** Resolves to the rejection reason, failing if the promise resolves. */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
