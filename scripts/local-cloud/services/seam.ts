import path from 'path';

// Where the fakes plug in. wx-server-sdk keeps one @cloudbase/node-sdk `CloudBase` per
// environment (and makes a fresh one for each storage/function call when `env` is dynamic), and
// every cloud service it offers ends in one of that class's methods. Patching the prototype
// therefore covers every instance, including the ones created after the patch.
//
// Both modules are resolved from wx-server-sdk's own folder so that we patch exactly the copies
// it loads (in the jest registry as well as in plain Node).

const sdkDir = path.dirname(require.resolve('wx-server-sdk'));

/** The CloudBase methods wx-server-sdk calls for the services we fake, in its own terms. */
export interface CloudBaseSeam {
  callCompatibleWxOpenApi(options: WxApiOptions): Promise<unknown>;
  callWxPayApi(options: WxApiOptions): Promise<unknown>;
  callWxOpenApi(options: unknown): Promise<unknown>;
  callFunction(options: CallFunctionOptions): Promise<unknown>;
  uploadFile(options: { cloudPath: string; fileContent: unknown }): Promise<unknown>;
  downloadFile(options: { fileID: string }): Promise<unknown>;
  getTempFileURL(options: { fileList: unknown }): Promise<unknown>;
  deleteFile(options: { fileList: unknown }): Promise<unknown>;
  [method: string]: unknown;
}

export interface WxApiOptions {
  apiName: string;
  requestData: Buffer;
  apiOptions?: Buffer;
  cgiName?: string;
}

export interface CallFunctionOptions {
  name: string;
  data?: unknown;
  type?: string;
}

export function cloudBasePrototype(): CloudBaseSeam {
  const modulePath = require.resolve('@cloudbase/node-sdk/dist/cloudbase', { paths: [sdkDir] });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { CloudBase } = require(modulePath) as { CloudBase: { prototype: CloudBaseSeam } };
  return CloudBase.prototype;
}

// --- The open API wire format -------------------------------------------------------------
// wx-server-sdk encodes `cloud.openapi.*` requests as a protobuf `CommApiData` (one key/value
// pair per parameter, each value a JSON text) and decodes the answer as a `CommOpenApiResp`
// (`respData` + `contentType`). Its generated protobuf classes register themselves in
// protobufjs' default root, so we use those very classes instead of restating the schema.

interface ProtoMessage<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(data: Uint8Array): T;
}

export interface KeyValuePair {
  key: string;
  value: Uint8Array;
  contenttype?: string;
  filename?: string;
}

interface CommApiData {
  apiType?: number;
  openapiData?: { pairs?: KeyValuePair[] };
  appid?: string;
}

interface CommOpenApiResp {
  respData?: Uint8Array;
  contentType?: string;
  errorCode?: number;
  httpCode?: number;
}

interface ApiOptions {
  appid?: string;
}

interface OpenApiRoot {
  CommApiData: ProtoMessage<CommApiData>;
  CommOpenApiResp: ProtoMessage<CommOpenApiResp>;
  ApiOptions: ProtoMessage<ApiOptions>;
}

function protoRoot(): OpenApiRoot {
  require('wx-server-sdk'); // loading it registers the classes
  const protobufPath = require.resolve('protobufjs/minimal', { paths: [sdkDir] });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const protobuf = require(protobufPath) as { roots: Record<string, Partial<OpenApiRoot>> };
  const root = protobuf.roots['default'];
  if (!root?.CommApiData || !root.CommOpenApiResp || !root.ApiOptions) {
    throw new Error('[local-cloud] wx-server-sdk protobuf classes not found (SDK layout changed?)');
  }
  return root as OpenApiRoot;
}

/** An open API request as WeChat receives it: snake_case keys, JSON values (media stay bytes). */
export interface DecodedOpenApiRequest {
  params: Record<string, unknown>;
  appid?: string;
}

export function decodeOpenApiRequest(requestData: Buffer): DecodedOpenApiRequest {
  const message = protoRoot().CommApiData.decode(requestData);
  const params: Record<string, unknown> = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    const bytes = Buffer.from(pair.value ?? []);
    if (pair.contenttype) {
      params[pair.key] = { contentType: pair.contenttype, value: bytes };
      continue;
    }
    try {
      params[pair.key] = JSON.parse(bytes.toString('utf8'));
    } catch {
      params[pair.key] = bytes.toString('utf8');
    }
  }
  return { params, appid: message.appid || undefined };
}

export function encodeOpenApiResponse(respData: Buffer, contentType: string): Buffer {
  const bytes = protoRoot()
    .CommOpenApiResp.encode({ respData, contentType, errorCode: 0, httpCode: 200 })
    .finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** WeChat's JSON answer (errors, and APIs such as subscribeMessage.send that answer JSON). */
export function encodeOpenApiJson(body: Record<string, unknown>): Buffer {
  return encodeOpenApiResponse(Buffer.from(JSON.stringify(body)), 'application/json; encoding=utf-8');
}

export function decodeApiOptions(apiOptions: Buffer | undefined): ApiOptions {
  if (!apiOptions || apiOptions.length === 0) return {};
  return protoRoot().ApiOptions.decode(apiOptions);
}
