import { createReadStream, existsSync, statSync } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
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

async function handle(options: ServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (url.pathname === '/api/call' && req.method === 'POST') return handleCall(options.host, req, res);
  if (url.pathname === '/api/local/identities' && req.method === 'GET') return sendJson(res, 200, { identities: LOCAL_IDENTITIES });
  for (const handler of options.extraHandlers ?? []) if (await handler(req, res)) return;
  if (options.staticDir && req.method === 'GET') return serveStatic(options.staticDir, url.pathname, res);
  sendJson(res, 404, { error: 'not found' });
}

async function handleCall(host: FunctionHost, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) return sendJson(res, 200, { ok: false, code: 'PAYLOAD_TOO_LARGE', message: '提交的内容过大' });
  let call: { fn?: unknown; action?: unknown; data?: unknown; requestId?: unknown };
  try {
    call = JSON.parse(body);
  } catch {
    return sendJson(res, 200, { ok: false, code: 'INVALID_INPUT', message: '输入有误，请检查后重试', field: 'body' });
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
