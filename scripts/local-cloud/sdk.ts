// Makes `require('wx-server-sdk')` + `cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })` +
// `cloud.database()` work with no network at all.
//
// What reaches for the network outside the cloud, found in node-sdk 3.17.2:
// - `init()` runs preflightRuntimeCloudPlatform(): unless the process looks like a cloud function
//   (TENCENTCLOUD_RUNENV=SCF) it GETs http://metadata.tencentyun.com to detect Tencent Cloud.
// - every request first runs prepareCredentials() without awaiting it; with no secret in the
//   environment it rejects, unhandled, and kills Node. Then it POSTs to tcb-api.tencentcloudapi.com.
// The environment below is what a real cloud function has (placeholder values), and the
// database transport is pinned so a database request never leaves the process.
import { pinTransport } from './database/transport';

export const LOCAL_ENV_ID = 'local';

const CLOUD_FUNCTION_ENV: Record<string, string> = {
  TENCENTCLOUD_RUNENV: 'SCF',
  TENCENTCLOUD_REGION: 'ap-shanghai', // node-sdk logs an error in SCF without it
  TCB_ENV: LOCAL_ENV_ID, // what DYNAMIC_CURRENT_ENV resolves to, and getWXContext().ENV
  SCF_NAMESPACE: LOCAL_ENV_ID,
  TENCENTCLOUD_SECRETID: 'local-secret-id',
  TENCENTCLOUD_SECRETKEY: 'local-secret-key',
  TENCENTCLOUD_SESSIONTOKEN: 'local-session-token',
};

let installed = false;

/** Idempotent. The caller's identity (WX_OPENID ...) is left to the function host, per invocation. */
export function installLocalSdk(): void {
  if (installed) return;
  Object.assign(process.env, CLOUD_FUNCTION_ENV);
  pinTransport();
  installed = true;
}
