import type { LocalCloud } from '../../scripts/local-cloud';
import { startTestCloud } from '../support/cloud';

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ port: 0 });
});
afterAll(() => cloud.close());

function post(body: unknown, openid?: string) {
  return fetch(`${cloud.url}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-local-openid': openid } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then((response) => response.json() as Promise<any>);
}

describe('local HTTP front', () => {
  it('calls a function as the identity picked on the dev login page', async () => {
    const result = await post({ fn: 'member', action: 'me', data: {} }, 'openid-http');
    expect(result.ok).toBe(true);
    expect(result.data.registeredNow).toBe(true);
    expect(cloud.db.dump('members')[0].openid).toBe('openid-http');
  });

  it('answers UNKNOWN_ACTION for a function that does not exist', async () => {
    const result = await post({ fn: 'nonexistent', action: 'me', data: {} }, 'openid-http');
    expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });

  it('answers INVALID_INPUT for a body that is not JSON', async () => {
    expect(await post('{not json', 'openid-http')).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('lists the local identities for the dev login page', async () => {
    const response = await fetch(`${cloud.url}/api/local/identities`);
    const body = (await response.json()) as { identities: { openid: string }[] };
    expect(body.identities.map((i) => i.openid)).toContain('demo-member-openid');
  });
});
