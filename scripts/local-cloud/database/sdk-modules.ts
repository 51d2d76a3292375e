// Finds the exact module instances wx-server-sdk ends up using, so that the transport is pinned on
// the Db class that really sends requests and EJSON comes from the same bson build.
import * as path from 'path';

function dirOf(request: string, from?: string): string {
  const resolved = from ? require.resolve(request, { paths: [from] }) : require.resolve(request);
  return path.dirname(resolved);
}

function packageRoot(request: string, from?: string): string {
  return dirOf(`${request}/package.json`, from);
}

/** node-sdk as wx-server-sdk resolves it (falls back to the project's own copy). */
export function nodeSdkDir(): string {
  let fromWx: string | undefined;
  try {
    fromWx = packageRoot('@cloudbase/node-sdk', packageRoot('wx-server-sdk'));
  } catch {
    fromWx = undefined;
  }
  const own = packageRoot('@cloudbase/node-sdk');
  if (fromWx && fromWx !== own) {
    throw new Error(`local-cloud: wx-server-sdk uses ${fromWx} but the project resolves ${own}; dedupe @cloudbase/node-sdk`);
  }
  return fromWx ?? own;
}

/** @cloudbase/database resolved from node-sdk's own folder: the one whose Db.reqClass node-sdk sets. */
export function databaseDir(): string {
  return packageRoot('@cloudbase/database', nodeSdkDir());
}

export function requireFrom(dir: string, request: string): any {
  return require(require.resolve(request, { paths: [dir] }));
}
