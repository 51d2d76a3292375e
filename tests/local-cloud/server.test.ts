import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import http from 'http';
import net from 'net';
import os from 'os';
import path from 'path';
import type { LocalCloud } from '../../scripts/local-cloud';
import { startTestCloud } from '../support/cloud';
import { seedWorld } from '../support/world';
import { STORED_VALUE_AGREEMENT_VERSION } from '../../cloudfunctions/core/privacy/documents';

let cloud: LocalCloud;
let port: number;
let staticDir: string;
beforeAll(async () => {
  // A stand-in H5 build, so requests that fall through to the static files reach them.
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'server-test-h5-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>h5</title>');
  cloud = await startTestCloud({ port: 0, staticDir });
  port = Number(new URL(cloud.url).port);
  await seedWorld();
});
afterAll(async () => {
  await cloud.close();
  rmSync(staticDir, { recursive: true, force: true });
});

function post(body: unknown, openid?: string) {
  return fetch(`${cloud.url}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-local-openid': openid } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, ...((await response.json()) as any) }));
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): any;
}

/**
 * One request as a browser (or an attacker's page through DNS rebinding) could send it: node's
 * http.request, so Host, Origin and a raw, unnormalised path are ours to choose. `host: null`
 * sends no Host header at all.
 */
function raw(options: { method?: string; path: string; host?: string | null; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.host !== null) headers.host = options.host ?? `127.0.0.1:${port}`;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const meCall = JSON.stringify({ fn: 'member', action: 'me', data: {} });

describe('local HTTP front', () => {
  it('calls a function as the identity picked on the dev login page', async () => {
    const result = await post({ fn: 'member', action: 'me', data: {} }, 'openid-http');
    expect(result.ok).toBe(true);
    expect(result.data.registeredNow).toBe(true);
    expect(cloud.db.dump('members').map((m: { openid: string }) => m.openid)).toContain('openid-http');
  });

  it('answers UNKNOWN_ACTION for a function that does not exist', async () => {
    const result = await post({ fn: 'nonexistent', action: 'me', data: {} }, 'openid-http');
    expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });

  it('answers 400 INVALID_INPUT for a body that is not JSON', async () => {
    expect(await post('{not json', 'openid-http')).toMatchObject({ status: 400, ok: false, code: 'INVALID_INPUT', field: 'body' });
  });

  it.each([['null'], ['42'], ['"member"'], ['[]'], ['true']])('answers 400 INVALID_INPUT for a JSON body that is not an object: %s', async (body) => {
    const result = await post(body, 'openid-http');
    expect(result).toMatchObject({ status: 400, ok: false, code: 'INVALID_INPUT', field: 'body' });
    expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MB', async () => {
    const result = await post({ fn: 'member', action: 'me', data: { pad: 'x'.repeat(1024 * 1024) } }, 'openid-http');
    expect(result).toMatchObject({ status: 413, ok: false, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('lists the local identities for the dev login page', async () => {
    const response = await fetch(`${cloud.url}/api/local/identities`);
    const body = (await response.json()) as { identities: { openid: string }[] };
    expect(body.identities.map((i) => i.openid)).toContain('demo-member-openid');
  });

  it('still serves the H5 build, falling back to index.html', async () => {
    for (const pathname of ['/', '/index.html', '/pages/index/index']) {
      const response = await raw({ path: pathname });
      expect([pathname, response.status, response.text]).toEqual([pathname, 200, '<!doctype html><title>h5</title>']);
    }
  });
});

describe('malformed percent-encoding in the URL', () => {
  it.each([
    ['a static path', '/%E0%A4%A'],
    ['a lone percent sign', '/%'],
    ['an invalid UTF-8 sequence', '/%C0%AF'],
    ['a stored file path', '/__local/storage/a%E0%A4%A.png'],
    ['the pay page', '/__local/pay/%ZZ?outTradeNo=x'],
    ['the API path', '/api/call%'],
  ])('answers 400 with a JSON error for %s', async (_, pathname) => {
    const response = await raw({ path: pathname });
    expect([pathname, response.status]).toEqual([pathname, 400]);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'url' });
  });

  it('still decodes well-formed escapes', async () => {
    const response = await raw({ path: '/%69ndex.html' });
    expect(response.status).toBe(200);
  });
});

describe('Host: only this machine, by name or address (no DNS rebinding)', () => {
  it.each([
    ['127.0.0.1 with the port', () => `127.0.0.1:${port}`],
    ['localhost with the port', () => `localhost:${port}`],
    ['[::1] with the port', () => `[::1]:${port}`],
    ['localhost without a port', () => 'localhost'],
    ['127.0.0.1 without a port', () => '127.0.0.1'],
    ['upper-case LOCALHOST', () => `LOCALHOST:${port}`],
  ])('accepts %s', async (_, host) => {
    const identities = await raw({ path: '/api/local/identities', host: host() });
    expect(identities.status).toBe(200);
    const call = await raw({ method: 'POST', path: '/api/call', host: host(), body: meCall, headers: { 'x-local-openid': 'openid-host' } });
    expect(call.status).toBe(200);
    expect(call.json().ok).toBe(true);
  });

  it.each([
    ['a foreign name with our port', () => `attacker.example:${port}`],
    ['a foreign name', () => 'attacker.example'],
    ['a name that merely starts with localhost', () => `localhost.attacker.example:${port}`],
    ['another loopback address', () => `127.0.0.2:${port}`],
    ['the machine\'s LAN-style address', () => `192.168.1.10:${port}`],
    ['a loopback host with another port', () => `127.0.0.1:${port === 65535 ? 1 : port + 1}`],
    ['a loopback host with port 0', () => 'localhost:0'],
    ['an empty Host', () => ''],
    ['credentials in the Host', () => `user@127.0.0.1:${port}`],
  ])('refuses %s', async (_, host) => {
    const before = cloud.db.dump('members').length;
    for (const request of [
      { path: '/api/local/identities' },
      { path: '/' },
      { path: '/__local/pay?outTradeNo=x' },
      { method: 'POST', path: '/api/call', body: meCall, headers: { 'x-local-openid': 'openid-rebound' } },
    ]) {
      const response = await raw({ ...request, host: host() });
      expect([request.path, response.status]).toEqual([request.path, 421]);
      expect(response.json()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(cloud.db.dump('members')).toHaveLength(before);
  });

  it('refuses a request without a Host header (HTTP/1.0; node itself answers 400 to HTTP/1.1 without one)', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end('GET /api/local/identities HTTP/1.0\r\n\r\n'));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
    expect(answer.split('\r\n')[0]).toMatch(/^HTTP\/1\.[01] 421 /);
    expect((await raw({ path: '/api/local/identities', host: null })).status).toBe(400);
  });
});

describe('state-changing requests: same origin only', () => {
  const ownOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
  const foreignOrigins = () => [
    'http://attacker.example',
    `http://attacker.example:${port}`,
    `http://localhost:${port === 65535 ? 1 : port + 1}`,
    'http://localhost',
    `https://127.0.0.1:${port}`,
    'null',
    'garbage',
  ];

  it('takes a call with our own origin, or with none (curl, node)', async () => {
    for (const origin of [...ownOrigins(), undefined]) {
      const response = await raw({ method: 'POST', path: '/api/call', body: meCall, headers: { 'x-local-openid': 'openid-origin', ...(origin ? { origin } : {}) } });
      expect([origin, response.status, response.json().ok]).toEqual([origin, 200, true]);
    }
  });

  it('refuses a call from another origin with 403, and runs nothing', async () => {
    const before = cloud.db.dump('members').length;
    for (const origin of foreignOrigins()) {
      const response = await raw({ method: 'POST', path: '/api/call', body: meCall, headers: { origin, 'x-local-openid': 'openid-cross' } });
      expect([origin, response.status]).toEqual([origin, 403]);
      expect(response.json()).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(cloud.db.dump('members')).toHaveLength(before);
  });

  it('refuses a call the browser marks as cross-site, even without an Origin', async () => {
    const response = await raw({ method: 'POST', path: '/api/call', body: meCall, headers: { 'sec-fetch-site': 'cross-site', 'x-local-openid': 'openid-cross' } });
    expect(response.status).toBe(403);
    const sameOrigin = await raw({
      method: 'POST',
      path: '/api/call',
      body: meCall,
      headers: { 'sec-fetch-site': 'same-origin', origin: `http://127.0.0.1:${port}`, 'x-local-openid': 'openid-origin' },
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('refuses other state-changing methods from another origin too', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await raw({ method, path: '/api/call', body: meCall, headers: { origin: 'http://attacker.example' } });
      expect([method, response.status]).toEqual([method, 403]);
    }
  });

  it('lets another origin GET (reading is not changing, and the browser keeps the answer from it)', async () => {
    const response = await raw({ path: '/api/local/identities', headers: { origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site' } });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a cross-site form post to the local pay page pays nothing; the page itself still can', async () => {
    expect((await post({ fn: 'member', action: 'me', data: {} }, 'openid-payer')).ok).toBe(true);
    expect((await post({ fn: 'member', action: 'acceptPolicy', data: { document: 'stored_value', version: STORED_VALUE_AGREEMENT_VERSION }, requestId: 'req_server_test_accept_0001' }, 'openid-payer')).ok).toBe(true);
    const order = await raw({
      method: 'POST',
      path: '/api/call',
      body: JSON.stringify({ fn: 'member', action: 'createTopup', data: { packageId: 'p100' }, requestId: 'req_server_test_topup_0001' }),
      headers: { 'x-local-openid': 'openid-payer', origin: `http://127.0.0.1:${port}` },
    });
    const created = order.json();
    expect(created).toMatchObject({ ok: true });
    const outTradeNo: string = created.data.outTradeNo;
    const payPath = `/__local/pay?outTradeNo=${encodeURIComponent(outTradeNo)}`;

    for (const headers of [
      { origin: 'http://attacker.example', 'sec-fetch-site': 'cross-site' } as Record<string, string>,
      { origin: 'http://attacker.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
    ]) {
      const response = await raw({ method: 'POST', path: payPath, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      expect([headers, response.status]).toEqual([headers, 403]);
      expect(cloud.services.getPendingPayment(outTradeNo)).toMatchObject({ status: 'pending' });
    }

    // The pay page's own 确认支付 form posts from its origin.
    const paid = await raw({
      method: 'POST',
      path: payPath,
      headers: { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin', accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(paid.status).toBe(200);
    expect(cloud.services.getPendingPayment(outTradeNo)).toMatchObject({ status: 'paid' });
  });
});
