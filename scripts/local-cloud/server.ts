import { createReadStream, existsSync, statSync } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import { errorResult } from '../../cloudfunctions/core/contract/errors';
import { LOCAL_IDENTITIES } from '../seed/identities';
import type { FunctionHost } from './host';

export interface ServerOptions {
  host: FunctionHost;
  /** The H5 build to serve; absent → API only. */
  staticDir?: string;
  /** Extra handlers (local pay page, storage) tried before the static files. */
  extraHandlers?: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>)[];
}

const MAX_BODY_BYTES = 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * One origin for the H5 build and the functions, so the browser needs no cross-origin set-up.
 * `POST /api/call {fn, action, data, requestId}` stands in for wx.cloud.callFunction; the caller
 * is the identity picked on the local login page (header x-local-openid).
 *
 * Anyone who reaches it can act as anyone and pay any order, so it answers only this machine:
 * - Host must name loopback (127.0.0.1, localhost or [::1], with this server's port or none),
 *   else 421. Binding to 127.0.0.1 is not enough: a page elsewhere can point its own name at
 *   127.0.0.1 (DNS rebinding) and then talks to us as "its" origin; its Host gives it away.
 * - A request that can change state (any method but GET and HEAD) is refused with 403 when it
 *   carries an Origin other than this server's own (a loopback host with this port), or when the
 *   browser marks it `Sec-Fetch-Site: cross-site`: a page elsewhere cannot post to the API or to
 *   the local pay page. Without either header (curl, node, tests) it is taken.
 * A malformed request (bad %-escapes in the URL, a body that is not a JSON object) answers 400.
 */
export function createLocalServer(options: ServerOptions): http.Server {
  return http.createServer((req, res) => {
    handle(options, req, res).catch((error) => {
      console.error('[server]', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, code: 'INTERNAL', message: '系统开小差了，请稍后重试' });
      else res.end();
    });
  });
}

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?$/;
const LOOPBACK_ORIGIN = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?$/;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

async function handle(options: ServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const port = req.socket.localPort;
  if (!isOwnHost(req.headers.host, port)) {
    return sendJson(res, 421, errorResult('FORBIDDEN', undefined, '本地云只接受发往本机地址（127.0.0.1、localhost 或 [::1]）的请求'));
  }
  if (!SAFE_METHODS.has(req.method ?? 'GET') && !isSameOriginWrite(req, port)) {
    return sendJson(res, 403, errorResult('FORBIDDEN', undefined, '本地云不接受来自其他网页的提交'));
  }
  const url = parseUrl(req.url);
  if (!url) return sendJson(res, 400, errorResult('INVALID_INPUT', 'url', '网址中的 % 编码有误'));
  if (url.pathname === '/api/call' && req.method === 'POST') return handleCall(options.host, req, res);
  if (url.pathname === '/api/local/identities' && req.method === 'GET') return sendJson(res, 200, { identities: LOCAL_IDENTITIES });
  for (const handler of options.extraHandlers ?? []) if (await handler(req, res)) return;
  if (options.staticDir && req.method === 'GET') return serveStatic(options.staticDir, url.pathname, res);
  sendJson(res, 404, { error: 'not found' });
}

/** Host names this server: a loopback name or address, with our port or none. */
function isOwnHost(host: string | undefined, port: number | undefined): boolean {
  const match = LOOPBACK_HOST.exec((host ?? '').toLowerCase());
  return match !== null && (match[1] === undefined || Number(match[1]) === port);
}

/** No Origin, or our own (scheme http, a loopback host, our port); and not marked cross-site. */
function isSameOriginWrite(req: http.IncomingMessage, port: number | undefined): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const match = LOOPBACK_ORIGIN.exec(origin.toLowerCase());
  return match !== null && Number(match[1] ?? 80) === port;
}

/** The request URL, or undefined when it does not parse or a %-escape in it does not decode. */
function parseUrl(raw: string | undefined): URL | undefined {
  try {
    const url = new URL(raw ?? '/', 'http://local');
    decodeURIComponent(url.pathname);
    decodeURIComponent(url.search);
    return url;
  } catch {
    return undefined;
  }
}

async function handleCall(host: FunctionHost, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) return sendJson(res, 413, errorResult('PAYLOAD_TOO_LARGE'));
  let call: { fn?: unknown; action?: unknown; data?: unknown; requestId?: unknown };
  try {
    call = JSON.parse(body);
  } catch {
    return sendJson(res, 400, errorResult('INVALID_INPUT', 'body', '提交的内容不是有效的 JSON'));
  }
  // `null`, a number, a string or an array parse, but are no call.
  if (typeof call !== 'object' || call === null || Array.isArray(call)) {
    return sendJson(res, 400, errorResult('INVALID_INPUT', 'body', '提交的内容应为 {fn, action, data, requestId} 对象'));
  }
  const fn = typeof call.fn === 'string' ? call.fn : '';
  if (!host.has(fn)) return sendJson(res, 200, { ok: false, code: 'UNKNOWN_ACTION', message: '不支持的操作，请升级小程序后重试' });
  const openid = headerValue(req.headers['x-local-openid']);
  const result = await host.invoke(fn, { action: call.action, data: call.data, requestId: call.requestId }, { openid, source: 'wx_client' });
  sendJson(res, 200, result);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one && /^[A-Za-z0-9_-]{1,64}$/.test(one) ? one : undefined;
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(dir: string, pathname: string, res: http.ServerResponse): void {
  const base = path.resolve(dir);
  const relative = path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = path.join(base, relative);
  if (!file.startsWith(base) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(base, 'index.html');
  if (!existsSync(file)) return sendJson(res, 404, { error: 'H5 build missing: run npm run build:h5' });
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function listen(server: http.Server, port: number, hostname = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve((server.address() as AddressInfo).port));
  });
}
