import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../scripts/local-cloud';

/** A fresh in-memory cloud per test file. */
export async function startTestCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  return startLocalCloud(options);
}

/** Calls a function as a mini-program user would. */
export function callAs(cloud: LocalCloud, openid: string | undefined, fn: string, action: string, data: unknown = {}, requestId?: string) {
  return cloud.host.invoke(fn, { action, data, requestId }, { openid, source: 'wx_client' }) as Promise<any>;
}

/** Every collection's committed documents, for "nothing changed" assertions. */
export function snapshotAll(cloud: LocalCloud): Record<string, unknown[]> {
  const all: Record<string, unknown[]> = {};
  for (const name of cloud.db.collections()) all[name] = cloud.db.dump(name);
  return all;
}
