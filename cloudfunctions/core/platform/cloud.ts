import cloud from 'wx-server-sdk';

// The one place that touches wx-server-sdk's bootstrap. Locally the emulator stands behind
// the same SDK (scripts/local-cloud), so this module is identical in both worlds.

let initialised = false;

export function getCloud(): typeof cloud {
  if (!initialised) {
    // DYNAMIC_CURRENT_ENV is a symbol; the typings only accept strings.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export type Database = ReturnType<typeof cloud.database>;

let database: Database | undefined;

export function getDb(): Database {
  // Without throwOnNotFound: false, wx-server-sdk 4.0.2 throws on doc(id).get() of a missing
  // document, even inside a transaction where the service itself answers `data: null`.
  database ??= getCloud().database({ throwOnNotFound: false } as Parameters<typeof cloud.database>[0]);
  return database;
}

/** The caller as WeChat vouches for it. Never read identity from the payload. */
export function callerOpenid(): string | undefined {
  const context = getCloud().getWXContext() as { OPENID?: string };
  return context.OPENID || undefined;
}

/** The cloud environment this function runs in (cloudPay needs it to route notifications back). */
export function currentEnv(): string | undefined {
  return (getCloud().getWXContext() as { ENV?: string }).ENV;
}
