import Taro from '@tarojs/taro';
import type { ActionInput, ActionName, ActionResult, CallResult, FunctionName } from '@contract';
import { ApiError, NETWORK_MESSAGE } from './errors';
import { LOCAL_OPENID_KEY } from './identity';

export interface CallOptions {
  /** Required for mutating actions: made once per user action, reused on its retries. */
  requestId?: string;
  /** Don't toast the failure (the screen shows it in place, e.g. an error state with 重试). */
  silent?: boolean;
}

/**
 * The one way pages reach the cloud functions. Resolves with the action's result; rejects with an
 * ApiError whose message is the Chinese text for the user (already toasted unless `silent`).
 */
export async function callFunction<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: ActionInput<F, A>,
  opts: CallOptions = {},
): Promise<ActionResult<F, A>> {
  let answer: CallResult<ActionResult<F, A>>;
  try {
    answer = await send<ActionResult<F, A>>(fn, action, data, opts.requestId);
  } catch {
    return fail(new ApiError('NETWORK', NETWORK_MESSAGE), opts);
  }
  if (answer.ok) return answer.data;
  return fail(new ApiError(answer.code, answer.message, answer.field), opts);
}

function fail(error: ApiError, opts: CallOptions): never {
  if (!opts.silent) void Taro.showToast({ title: error.message, icon: 'none', duration: 2500 });
  throw error;
}

async function send<T>(fn: string, action: string, data: unknown, requestId?: string): Promise<CallResult<T>> {
  if (process.env.TARO_ENV === 'h5') return sendOverHttp<T>(fn, action, data, requestId);
  return sendOverCloud<T>(fn, action, data, requestId);
}

let cloudReady = false;

/** weapp: initialises wx.cloud once (calls and uploads share it). */
export function ensureCloud(): void {
  if (cloudReady) return;
  // An empty env lets WeChat pick the environment the mini-program is bound to by default.
  const env = process.env.TARO_APP_CLOUD_ENV;
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true });
  cloudReady = true;
}

async function sendOverCloud<T>(fn: string, action: string, data: unknown, requestId?: string): Promise<CallResult<T>> {
  ensureCloud();
  const response = await Taro.cloud.callFunction({ name: fn, data: { action, data, requestId } });
  return asCallResult<T>(response.result);
}

/** H5 against the local host: same origin, the caller named by the dev login page's identity. */
async function sendOverHttp<T>(fn: string, action: string, data: unknown, requestId?: string): Promise<CallResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const openid = window.localStorage.getItem(LOCAL_OPENID_KEY);
  if (openid) headers['x-local-openid'] = openid;
  const response = await fetch('/api/call', {
    method: 'POST',
    headers,
    body: JSON.stringify({ fn, action, data, requestId }),
  });
  return asCallResult<T>(await response.json());
}

/** Anything that is not a well-formed answer counts as a failed delivery. */
function asCallResult<T>(value: unknown): CallResult<T> {
  if (typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean') {
    return value as CallResult<T>;
  }
  throw new Error('malformed answer from the cloud function');
}
