import { existsSync, readFileSync } from 'fs';
import path from 'path';
import { LOCAL_APPID, LOCAL_ENV, installPerInvocationContext, runWithContext } from './context';

type Main = (event: unknown, context: unknown) => Promise<unknown>;

export interface Caller {
  /** Absent for platform invocations (timer, payment notification). */
  openid?: string;
  source?: 'wx_client' | 'wx_pay' | 'timer' | 'scf' | 'local';
}

export class UnknownFunctionError extends Error {}

type Loaded = { main: Main; timeoutMs: number };

/**
 * Bundles loaded in this process, by folder, shared by every host: a cloud starts per test or
 * simulated seed, and resolving the bundle (through tsx's loader hooks under tsx) cost more than
 * the first calls themselves. Node caches the module itself anyway.
 */
const loadedBundles = new Map<string, Loaded>();

/**
 * Runs the built function bundles (the same folders that deploy), one invocation per call,
 * each with its own WeChat context.
 */
export class FunctionHost {
  private readonly mains = new Map<string, Loaded>();

  constructor(private readonly functionsDir: string) {
    installPerInvocationContext();
  }

  has(name: string): boolean {
    return /^[a-z][a-z0-9_-]*$/.test(name) && existsSync(path.join(this.functionsDir, name, 'index.js'));
  }

  async invoke(name: string, event: unknown, caller: Caller = {}): Promise<unknown> {
    const fn = this.load(name);
    const wxContext = {
      OPENID: caller.openid,
      APPID: caller.openid ? LOCAL_APPID : undefined,
      ENV: LOCAL_ENV,
      SOURCE: caller.source ?? (caller.openid ? 'wx_client' : 'local'),
    };
    // A call from the mini-program arrives with userInfo added by WeChat, as in the cloud.
    const cloudEvent =
      caller.openid && typeof event === 'object' && event !== null && !Array.isArray(event)
        ? { ...event, userInfo: { appId: LOCAL_APPID, openId: caller.openid } }
        : event;
    const started = Date.now();
    const result = await runWithContext(wxContext, () => fn.main(cloudEvent, { function_name: name, request_id: `local-${started}` }));
    const took = Date.now() - started;
    if (took > fn.timeoutMs) console.warn(`[host] ${name} took ${took} ms: over its ${fn.timeoutMs} ms cloud timeout`);
    return result;
  }

  private load(name: string): Loaded {
    const loaded = this.mains.get(name);
    if (loaded) return loaded;
    if (!this.has(name)) throw new UnknownFunctionError(name);
    const dir = path.join(this.functionsDir, name);
    let entry = loadedBundles.get(dir);
    if (!entry) {
      const main = require(path.join(dir, 'index.js')).main as Main;
      const config = existsSync(path.join(dir, 'config.json')) ? JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) : {};
      // The cloud's default timeout is 3 s; a function that needs longer declares it in config.json.
      entry = { main, timeoutMs: 1000 * (Number(config.timeout) || 3) };
      loadedBundles.set(dir, entry);
    }
    this.mains.set(name, entry);
    return entry;
  }
}
