import type { IncomingMessage, ServerResponse } from 'http';
import { callerContext, newRequestId } from './context';
import { callCompatibleWxOpenApi, openApiCallCount } from './openapi';
import { LocalPay, type PayApi, handlePayPageRequest, type PendingPayment } from './pay';
import { cloudBasePrototype, type CallFunctionOptions, type CloudBaseSeam, type WxApiOptions } from './seam';
import { LocalStorage } from './storage';

// The cloud services other than the database, answered in-process. Business code keeps calling
// the real wx-server-sdk (`cloud.openapi.*`, `cloud.cloudPay.*`, `cloud.uploadFile`, ...); the
// fakes sit one level down, on @cloudbase/node-sdk's CloudBase methods, and answer exactly what
// the real service's answer looks like there, so wx-server-sdk's own decoding, case conversion
// and error mapping run unchanged.

export type { PayApi, PendingPayment } from './pay';
export { paymentNotification } from './pay';

export interface CloudServiceFakesOptions {
  /** Local disk for uploadFile/getTempFileURL (e.g. .data/storage). */
  storageDir: string;
  /** E.g. http://127.0.0.1:PORT; temp URLs and the local pay page live under it. */
  publicBaseUrl: () => string;
  /**
   * Calls a local cloud function (the host provides it). The third argument says why, for a
   * host that wants to set the callee's WeChat context accordingly; it may ignore it.
   */
  invokeFunction: (name: string, event: unknown, info?: InvocationInfo) => Promise<unknown>;
}

export interface InvocationInfo {
  /** `payment`: WeChat Pay's notification (no user behind it); `callFunction`: one function calling another. */
  trigger: 'payment' | 'callFunction';
  /** For callFunction: the caller's OPENID, which the real cloud passes on to the callee's context. */
  openid?: string;
}

export interface LocalServices {
  /** An order created by cloudPay.unifiedOrder in this process (pending or since paid). */
  getPendingPayment(outTradeNo: string): PendingPayment | undefined;
  /**
   * Completes a payment as WeChat would: settles the order, builds the payment notification and
   * calls the `functionName` given to unifiedOrder through invokeFunction; answers what the
   * function answered. Can be called again: WeChat re-delivers until the function answers errcode 0.
   * `deliver: false` settles it without notifying (a late notification).
   */
  completePayment(outTradeNo: string, options?: { deliver?: boolean }): Promise<unknown>;
  /**
   * An outage for tests: until cleared (null), WeChat Pay answers this API with `errCode`
   * (default SYSTEMERROR) as a business failure, as it does when it cannot serve the call.
   */
  setPayOutage(api: PayApi, errCode?: string | null): void;
  /** The local pay page, for the host to mount under `/__local/pay`; true if it handled the request. */
  handlePayPageRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Serves stored files behind getTempFileURL links (`/__local/storage/...`); true if handled. */
  handleStorageRequest(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** How many times `cloud.openapi.<apiName>` was called in this process (e.g. 'phonenumber.getPhoneNumber', which costs the brand). */
  openApiCalls(apiName: string): number;
}

/** CloudBase methods that would otherwise reach the network; each fails loudly instead. */
const NOT_EMULATED = [
  'callWxOpenApi',
  'wxCallContainerApi',
  'callContainer',
  'callApis',
  'copyFile',
  'getFileInfo',
  'getUploadMetadata',
  'getFileAuthority',
  'sendTemplateNotification',
] as const;

const originals = new Map<string, unknown>();

/**
 * Installs the fakes for the whole process (every CloudBase instance, present and future). A
 * second call replaces the first one's options.
 */
export function installCloudServiceFakes(opts: CloudServiceFakesOptions): LocalServices {
  const pay = new LocalPay(opts.publicBaseUrl, opts.invokeFunction);
  const storage = new LocalStorage(opts.storageDir, opts.publicBaseUrl);

  patch({
    callCompatibleWxOpenApi: (options: WxApiOptions) => callCompatibleWxOpenApi(options),
    callWxPayApi: (options: WxApiOptions) => pay.callWxPayApi(options),
    callFunction: (options: CallFunctionOptions) => callFunction(opts.invokeFunction, options),
    uploadFile: (options: { cloudPath: string; fileContent: unknown }) => storage.uploadFile(options),
    getTempFileURL: (options: { fileList: unknown }) => storage.getTempFileURL(options),
    downloadFile: (options: { fileID: string }) => storage.downloadFile(options),
    deleteFile: (options: { fileList: unknown }) => storage.deleteFile(options),
    ...Object.fromEntries(NOT_EMULATED.map((name) => [name, () => notEmulated(name)])),
  });

  return {
    getPendingPayment: (outTradeNo) => pay.getPendingPayment(outTradeNo),
    completePayment: (outTradeNo, options) => pay.completePayment(outTradeNo, options),
    setPayOutage: (api, errCode = 'SYSTEMERROR') => pay.setOutage(api, errCode),
    handlePayPageRequest: (req, res) => handlePayPageRequest(pay, req, res),
    handleStorageRequest: (req, res) => storage.handleRequest(req, res),
    openApiCalls: (apiName) => openApiCallCount(apiName),
  };
}

/** Puts the real CloudBase methods back (tests). */
export function uninstallCloudServiceFakes(): void {
  const proto = cloudBasePrototype();
  for (const [name, original] of originals) proto[name] = original;
  originals.clear();
}

function patch(methods: Record<string, (options: never) => Promise<unknown>>): void {
  const proto = cloudBasePrototype();
  for (const [name, fake] of Object.entries(methods)) {
    if (!originals.has(name)) originals.set(name, proto[name]);
    // The seam's methods are async and take (options, requestOptions); we ignore the latter.
    proto[name] = async function (this: CloudBaseSeam, options: never) {
      return fake(options);
    };
  }
}

async function notEmulated(name: string): Promise<never> {
  throw Object.assign(new Error(`[local-cloud] CloudBase.${name} is not emulated locally`), { code: 'SYS_ERR' });
}

/**
 * What node-sdk's callFunction resolves with: `{ result, requestId }`, the result having made
 * the JSON round trip the real service imposes; a function that throws answers
 * FUNCTIONS_EXECUTE_FAIL, which wx-server-sdk throws as errCode -504002.
 */
async function callFunction(
  invoke: CloudServiceFakesOptions['invokeFunction'],
  options: CallFunctionOptions,
): Promise<Record<string, unknown>> {
  const requestId = newRequestId();
  const event = options.data === undefined ? {} : JSON.parse(JSON.stringify(options.data));
  try {
    const result = await invoke(options.name, event, { trigger: 'callFunction', openid: callerContext().openid });
    return { result: result === undefined ? null : JSON.parse(JSON.stringify(result)), requestId };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { code: 'FUNCTIONS_EXECUTE_FAIL', message: `errCode: -504002 functions execute fail | errMsg: ${message}`, requestId };
  }
}
