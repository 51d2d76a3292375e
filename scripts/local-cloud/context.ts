import { AsyncLocalStorage } from 'async_hooks';
import { LOCAL_ENV_ID } from './sdk';

// wx-server-sdk's getWXContext() reads process.env, which is one per process: two local calls in
// flight at once would read each other's OPENID. Each local invocation runs inside its own
// AsyncLocalStorage scope instead, and getWXContext reads that scope.

export interface WXContext {
  OPENID?: string;
  APPID?: string;
  UNIONID?: string;
  ENV: string;
  SOURCE: string;
}

const scope = new AsyncLocalStorage<WXContext>();
let installed = false;

export const LOCAL_APPID = 'wxlocal0000000000';
export const LOCAL_ENV = LOCAL_ENV_ID;

export function installPerInvocationContext(): void {
  if (installed) return;
  const cloud = require('wx-server-sdk');
  // Outside any invocation (seed scripts, tests calling core directly) there is no caller.
  cloud.getWXContext = (): WXContext => ({ ...(scope.getStore() ?? { ENV: LOCAL_ENV, SOURCE: 'local' }) });
  installed = true;
}

export function runWithContext<T>(context: WXContext, work: () => Promise<T>): Promise<T> {
  return scope.run(context, work);
}
