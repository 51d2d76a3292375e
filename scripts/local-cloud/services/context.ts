import crypto from 'crypto';
import type cloudType from 'wx-server-sdk';
import { LOCAL_APPID } from '../context';

// What the fakes need from the surrounding cloud: who is calling (as the business code itself
// sees it) and a database handle.

export { LOCAL_APPID, LOCAL_ENV as LOCAL_ENV_ID } from '../context';

type Cloud = typeof cloudType;
export type Database = ReturnType<Cloud['database']>;

let loaded: Cloud | undefined;

/** Loaded once: a require on every call goes through the TypeScript loader's hooks each time. */
function sdk(): Cloud {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (loaded ??= require('wx-server-sdk') as Cloud);
}

export interface CallerContext {
  openid?: string;
  appid: string;
}

/**
 * The caller as business code sees it through `cloud.getWXContext()`. The real cloudPay fills
 * the payer in from the calling function's context the same way.
 */
export function callerContext(): CallerContext {
  const context = sdk().getWXContext() as { OPENID?: string; APPID?: string };
  return { openid: context.OPENID || undefined, appid: context.APPID || LOCAL_APPID };
}

let database: Database | undefined;

/**
 * The fakes' own wx-server-sdk instance, so that they never init (and thereby configure) the
 * singleton the business code will init itself. It talks to the same emulator as everything
 * else, since the emulator is installed below wx-server-sdk.
 */
export function servicesDatabase(): Database {
  if (!database) {
    const cloud = sdk() as Cloud & { createNewInstance(config: unknown): Cloud };
    database = cloud.createNewInstance({ env: cloud.DYNAMIC_CURRENT_ENV }).database();
  }
  return database;
}

export function newRequestId(): string {
  return crypto.randomUUID();
}
