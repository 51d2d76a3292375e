// Puts the local database behind the real SDK. @cloudbase/database sends every request through
// `new Db.reqClass(config).send(action, params, opts)`; node-sdk assigns its HTTP requester to
// Db.reqClass on every `database()` call, so the property is pinned with a setter that ignores it.
import * as path from 'path';
import { databaseDir, nodeSdkDir } from './sdk-modules';

interface Target {
  send(action: string, params: any): Promise<any>;
}

let target: Target | null = null;
let pinned = false;

/** The answer when nothing is installed: fail locally rather than reach for the network. */
const NO_DATABASE = { code: 'SYS_ERR', message: '[InternalError] No local database installed (installDatabaseTransport)' };

export function pinTransport(): void {
  if (pinned) return;
  const { Db } = require(databaseDir());
  // node-sdk's own processReturn turns a `{ code }` body into the same thrown TcbError as over HTTP
  // (or returns it, if the app called setThrowOnCode(false)).
  const { processReturn } = require(path.join(nodeSdkDir(), 'dist/utils/utils.js'));

  class LocalRequester {
    constructor(readonly config: unknown) {}

    async send(action: string, params: unknown): Promise<unknown> {
      const body = target ? await target.send(action, params ?? {}) : { ...NO_DATABASE, requestId: '' };
      if (body?.code) return processReturn(body);
      return body;
    }
  }

  Object.defineProperty(Db, 'reqClass', {
    configurable: true,
    get: () => LocalRequester,
    set: () => {},
  });
  pinned = true;
}

/** Routes every database request of the real SDK to `db`; calling again swaps the target. */
export function installDatabaseTransport(db: Target): void {
  pinTransport();
  target = db;
}
