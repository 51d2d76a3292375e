import QRCode from 'qrcode';
import { LOCAL_APPID, servicesDatabase } from './context';
import {
  decodeOpenApiRequest,
  encodeOpenApiJson,
  encodeOpenApiResponse,
  type WxApiOptions,
} from './seam';

// `cloud.openapi.*` as WeChat answers it. wx-server-sdk converts the caller's camelCase to
// snake_case, sends it as protobuf through `CloudBase.callCompatibleWxOpenApi`, and turns our
// answer back into `{ ...result, errCode: 0, errMsg: 'openapi.<api>:ok' }`, or into a thrown
// `{ errCode: <errcode>, errMsg: 'openapi.<api>:fail <errmsg>' }` when we answer a JSON errcode.

type OpenApiHandler = (params: Record<string, unknown>) => Promise<Buffer>;

const handlers: Record<string, OpenApiHandler> = {
  'wxacode.getUnlimited': getUnlimited,
  'subscribeMessage.send': sendSubscribeMessage,
  'phonenumber.getPhoneNumber': getPhoneNumber,
  'security.msgSecCheck': msgSecCheck,
  'riskControl.getUserRiskRank': getUserRiskRank,
};

/** Calls per API name since the process started (some cost the brand money: tests count them). */
const calls = new Map<string, number>();

export function openApiCallCount(apiName: string): number {
  return calls.get(apiName) ?? 0;
}

export async function callCompatibleWxOpenApi(options: WxApiOptions): Promise<Buffer> {
  calls.set(options.apiName, openApiCallCount(options.apiName) + 1);
  const handler = handlers[options.apiName];
  if (!handler) {
    // What WeChat answers when a function calls an API it holds no permission for.
    return wxError(48001, `api unauthorized (local cloud does not emulate openapi.${options.apiName})`);
  }
  const { params } = decodeOpenApiRequest(options.requestData);
  return handler(params);
}

function wxError(errcode: number, errmsg: string): Buffer {
  return encodeOpenApiJson({ errcode, errmsg: `${errmsg} rid: local-${Date.now().toString(16)}` });
}

// --- wxacode.getUnlimited -----------------------------------------------------------------

/** Documented: at most 32 visible characters, digits, letters and !#$&'()*+,/:;=?@-._~ only. */
const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const ENV_VERSIONS = new Set(['release', 'trial', 'develop']);

/**
 * Answers a real, scannable QR code (WeChat draws its round "mini-program code"; a QR code keeps
 * the same information and any scanner reads it). It encodes `<page>?scene=<encoded scene>`, the
 * page and query the mini-program would open with; an empty page means the home page.
 *
 * The real service answers image/jpeg, or image/png when `is_hyaline`; we always draw a PNG
 * and say so in contentType, so callers must go by contentType, as they should anyway.
 */
async function getUnlimited(params: Record<string, unknown>): Promise<Buffer> {
  const scene = params.scene;
  if (typeof scene !== 'string' || !SCENE_PATTERN.test(scene)) {
    // The real message, for a missing, too long (> 32) or malformed scene alike. Characters
    // outside the documented set are refused the same way here; the real code for those is a guess.
    return wxError(40169, 'invalid length for scene, or the data is not json string');
  }
  const envVersion = params.env_version ?? 'release';
  if (typeof envVersion !== 'string' || !ENV_VERSIONS.has(envVersion)) {
    return wxError(40097, 'invalid args'); // errcode guessed
  }
  const page = typeof params.page === 'string' ? params.page : '';
  if (page.startsWith('/') || page.includes('?')) {
    // Documented: no leading "/" and no query in page (parameters go in scene).
    return wxError(41030, 'invalid page');
  }
  const width = clamp(typeof params.width === 'number' ? params.width : 430, 280, 1280);
  const png = await QRCode.toBuffer(`${page}?scene=${encodeURIComponent(scene)}`, {
    type: 'png',
    width,
    margin: 2,
    errorCorrectionLevel: 'M',
    color: { dark: lineColor(params), light: params.is_hyaline === true ? '#ffffff00' : '#ffffffff' },
    // pngjs tries all five row filters by default, which costs ~0.5 s per code under jest;
    // one filter keeps it near 50 ms. (pngjs option, passed through; absent from @types/qrcode.)
    rendererOpts: { filterType: 0 } as { deflateLevel?: number },
  });
  return encodeOpenApiResponse(png, 'image/png');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}

function lineColor(params: Record<string, unknown>): string {
  const color = params.line_color as { r?: unknown; g?: unknown; b?: unknown } | undefined;
  if (params.auto_color === true || !color || typeof color !== 'object') return '#000000ff';
  const hex = (channel: unknown) => clamp(Number(channel) || 0, 0, 255).toString(16).padStart(2, '0');
  return `#${hex(color.r)}${hex(color.g)}${hex(color.b)}ff`;
}

// --- subscribeMessage.send ----------------------------------------------------------------

/** Documented value limits per template keyword type (the keyword name minus its number). */
const KEYWORD_LIMITS: Record<string, number> = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phone_number: 17,
  car_number: 8,
  name: 20,
  phrase: 5,
};

/**
 * Sending a message is an outcome we can observe locally: it lands in the `outbox` collection
 * (through the same SDK database the functions use) instead of on a phone.
 */
async function sendSubscribeMessage(params: Record<string, unknown>): Promise<Buffer> {
  if (typeof params.touser !== 'string' || params.touser === '') return wxError(40003, 'invalid openid');
  if (typeof params.template_id !== 'string' || params.template_id === '') {
    return wxError(40037, 'invalid template_id');
  }
  const data = params.data;
  if (!data || typeof data !== 'object') return wxError(47003, 'argument invalid! data is empty');
  const invalid = invalidKeyword(data as Record<string, unknown>);
  if (invalid) return wxError(47003, `argument invalid! data.${invalid}.value invalid`);

  const doc: Record<string, unknown> = {
    touser: params.touser,
    templateId: params.template_id,
    page: typeof params.page === 'string' ? params.page : '',
    data,
    miniprogramState: typeof params.miniprogram_state === 'string' ? params.miniprogram_state : 'formal',
    sentAt: new Date(),
  };
  if (typeof params.lang === 'string') doc.lang = params.lang;
  await servicesDatabase().collection('outbox').add({ data: doc });
  return encodeOpenApiJson({ errcode: 0, errmsg: 'ok' });
}

/** The first keyword whose value is missing or over its type's documented length (47003 on the real service). */
function invalidKeyword(data: Record<string, unknown>): string | undefined {
  for (const [keyword, entry] of Object.entries(data)) {
    const value = (entry as { value?: unknown } | null)?.value;
    if (value === undefined || value === null || String(value) === '') return keyword;
    const limit = KEYWORD_LIMITS[keyword.replace(/\d+$/, '')];
    if (limit !== undefined && [...String(value)].length > limit) return keyword;
  }
  return undefined;
}

// --- phonenumber.getPhoneNumber -----------------------------------------------------------

/**
 * The code of <button open-type="getPhoneNumber"> exchanged for the number (each exchange costs
 * the brand). Locally the dev login hands out codes `local-phone:<11 digits>`, which answer that
 * number; any other code is what WeChat calls an invalid code. The real answer's shape:
 * `{ errcode, errmsg, phone_info: { phoneNumber, purePhoneNumber, countryCode, watermark } }`.
 */
export const LOCAL_PHONE_CODE_PREFIX = 'local-phone:';

async function getPhoneNumber(params: Record<string, unknown>): Promise<Buffer> {
  const code = typeof params.code === 'string' ? params.code : '';
  const match = /^local-phone:(\d{11})$/.exec(code);
  if (!match) return wxError(40029, 'invalid code');
  const pure = match[1];
  return encodeOpenApiJson({
    errcode: 0,
    errmsg: 'ok',
    phone_info: {
      phoneNumber: pure,
      purePhoneNumber: pure,
      countryCode: '86',
      watermark: { timestamp: Math.floor(Date.now() / 1000), appid: LOCAL_APPID },
    },
  });
}

// --- security.msgSecCheck -----------------------------------------------------------------

/** Words the local content check refuses: enough to see a refusal, nothing like the real service. */
export const LOCAL_RISKY_WORDS = ['违禁', '赌博', '色情', '毒品', 'fuck'];

/**
 * Version 2 (openid, scene, content) answers `result.suggest` 'risky' with label 20001 (时政) …
 * here 10001 (广告) stands for any refusal; without version 2 the old API answers errcode 87014.
 */
async function msgSecCheck(params: Record<string, unknown>): Promise<Buffer> {
  const content = typeof params.content === 'string' ? params.content : '';
  if (content === '') return wxError(47001, 'data format error');
  const risky = LOCAL_RISKY_WORDS.some((word) => content.toLowerCase().includes(word));
  if (params.version !== 2) return risky ? wxError(87014, 'risky content') : encodeOpenApiJson({ errcode: 0, errmsg: 'ok' });
  if (typeof params.openid !== 'string' || params.openid === '') return wxError(40003, 'invalid openid');
  const scene = params.scene;
  if (scene !== 1 && scene !== 2 && scene !== 3 && scene !== 4) return wxError(40097, 'invalid args');
  const label = risky ? 10001 : 100;
  const suggest = risky ? 'risky' : 'pass';
  return encodeOpenApiJson({
    errcode: 0,
    errmsg: 'ok',
    result: { suggest, label },
    detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: risky ? 90 : 0 }],
    trace_id: `local-${Date.now().toString(16)}`,
  });
}

// --- riskControl.getUserRiskRank ----------------------------------------------------------

/**
 * Ranks a user 0–4 (higher is riskier), as WeChat's safety service does from what it knows of
 * the account. Locally every openid ranks 0 unless a test or the developer stored another answer
 * in the services database: `risk_ranks/<openid>` = `{ rank }`, or `{ errcode }` for a failing
 * call (see setLocalRiskRank). The real answer: `{ errcode, errmsg, risk_rank, unoin_id }`
 * (sic: WeChat's field name), which wx-server-sdk hands over as `riskRank` and `unoinId`.
 */
export const RISK_RANKS = 'risk_ranks';

export async function setLocalRiskRank(openid: string, answer: { rank: number } | { errcode: number } | null): Promise<void> {
  const doc = servicesDatabase().collection(RISK_RANKS).doc(openid);
  if (answer === null) await (doc.remove() as Promise<unknown>).catch(() => undefined);
  else await doc.set({ data: answer });
}

async function getUserRiskRank(params: Record<string, unknown>): Promise<Buffer> {
  if (typeof params.openid !== 'string' || params.openid === '') return wxError(40003, 'invalid openid');
  if (typeof params.appid !== 'string' || params.appid === '') return wxError(40097, 'invalid args'); // errcode guessed
  if (params.scene !== 0 && params.scene !== 1) return wxError(40097, 'invalid args');
  if (typeof params.client_ip !== 'string' || params.client_ip === '') return wxError(40097, 'invalid args');
  const { data } = (await servicesDatabase().collection(RISK_RANKS).where({ _id: params.openid }).limit(1).get()) as { data: unknown[] };
  const stored = (data as Array<{ rank?: unknown; errcode?: unknown }>)[0];
  if (stored && typeof stored.errcode === 'number') return wxError(stored.errcode, 'system error');
  const rank = stored && typeof stored.rank === 'number' ? stored.rank : 0;
  return encodeOpenApiJson({ errcode: 0, errmsg: 'getuserriskrank succ', risk_rank: rank, unoin_id: Math.floor(Math.random() * 2 ** 31) });
}
