import type { LocalCloud } from '../../scripts/local-cloud';
import { mayMarket } from '../../cloudfunctions/core/privacy/consents';
import { PRIVACY_POLICY_VERSION, STORED_VALUE_AGREEMENT_VERSION } from '../../cloudfunctions/core/privacy/documents';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, balances, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';

// The privacy documents, the stored-value agreement gating top-ups, and consents per purpose.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-consenting';
const AT = '2026-12-02T02:00:00Z';

const member = (action: string, data: Record<string, unknown> = {}, id: string | undefined = requestId()) => callAs(cloud, M, 'member', action, data, id);

async function ok(answer: Promise<any>): Promise<any> {
  const settled = await answer;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled.data;
}

function withoutRequests() {
  const { requests: _requests, ...rest } = snapshotAll(cloud);
  return rest;
}

let memberId: string;
beforeEach(async () => {
  setClock(AT);
  ({ memberId } = await register(cloud, M));
});

describe('policies', () => {
  test('a new member has accepted nothing and decided no consent', async () => {
    expect(await ok(member('privacyStatus'))).toEqual({
      policies: [
        { document: 'privacy', currentVersion: PRIVACY_POLICY_VERSION, acceptedVersion: null, acceptedAt: null, upToDate: false },
        { document: 'stored_value', currentVersion: STORED_VALUE_AGREEMENT_VERSION, acceptedVersion: null, acceptedAt: null, upToDate: false },
      ],
      consents: [],
    });
  });

  test('acceptance of the current version is recorded once: who, what, version, when', async () => {
    const accepted = await ok(member('acceptPolicy', { document: 'privacy', version: '2026-12-01' }));
    expect(accepted).toEqual({ document: 'privacy', currentVersion: '2026-12-01', acceptedVersion: '2026-12-01', acceptedAt: expect.stringMatching(/^2026-12-02T02:00:0/), upToDate: true });
    // Accepting it again records nothing new.
    await ok(member('acceptPolicy', { document: 'privacy', version: '2026-12-01' }));
    expect(cloud.db.dump('consents')).toEqual([{ _id: expect.any(String), memberId, kind: 'policy', document: 'privacy', version: '2026-12-01', at: expect.any(Date) }]);
  });

  test('an outdated or unknown version is refused and nothing changes', async () => {
    const before = withoutRequests();
    expect(await member('acceptPolicy', { document: 'stored_value', version: '2026-01-01' })).toMatchObject({ ok: false, code: 'POLICY_VERSION_OUTDATED', message: '协议已更新，请阅读最新版本后再同意', field: 'version' });
    expect(withoutRequests()).toEqual(before);
  });

  test('no top-up before the 储值协议 is accepted; after it the order is placed', async () => {
    const before = snapshotAll(cloud);
    const id = requestId();
    expect(await member('createTopup', { packageId: 'p100' }, id)).toMatchObject({ ok: false, code: 'AGREEMENT_REQUIRED', message: '请先阅读并同意《储值协议》' });
    // Not even the refusal is recorded: the member accepts and taps again.
    expect(snapshotAll(cloud)).toEqual(before);
    await ok(member('acceptPolicy', { document: 'stored_value', version: STORED_VALUE_AGREEMENT_VERSION }));
    expect(await member('createTopup', { packageId: 'p100' }, id)).toMatchObject({ ok: true, data: { totalFee: 100_00 } });
  });

  test('a new version must be accepted again before the next top-up; a retry of an order placed before still replays', async () => {
    await ok(member('acceptPolicy', { document: 'stored_value', version: STORED_VALUE_AGREEMENT_VERSION }));
    const placedId = requestId();
    const placed = await ok(member('createTopup', { packageId: 'p100' }, placedId));
    // The brand publishes a new text: what the member accepted is now an older version.
    await sdkDb().collection('members').doc(memberId).update({ data: { privacy: { policies: { stored_value: { version: '2026-06-01', at: new Date('2026-06-01T00:00:00Z') } } } } });
    const status = await ok(member('privacyStatus'));
    expect(status.policies[1]).toMatchObject({ document: 'stored_value', acceptedVersion: '2026-06-01', upToDate: false });
    expect(await member('createTopup', { packageId: 'p100' })).toMatchObject({ ok: false, code: 'AGREEMENT_REQUIRED' });
    expect(await member('createTopup', { packageId: 'p100' }, placedId)).toMatchObject({ ok: true, replayed: true, data: { outTradeNo: placed.outTradeNo } });
    await ok(member('acceptPolicy', { document: 'stored_value', version: STORED_VALUE_AGREEMENT_VERSION }));
    expect(await member('createTopup', { packageId: 'p100' })).toMatchObject({ ok: true });
  });
});

describe('consents', () => {
  test('withdrawing marketing is recorded (append-only, the latest counts) and stops marketing alone', async () => {
    const given = await ok(member('setConsent', { purpose: 'marketing', granted: true }));
    expect(given).toEqual({ purpose: 'marketing', granted: true, version: PRIVACY_POLICY_VERSION, at: expect.stringMatching(/^2026-12-02T02:00:0/) });
    await ok(member('setConsent', { purpose: 'phone', granted: true }));
    expect(await mayMarket(sdkDb(), memberId)).toBe(true);
    const [firstRecord] = cloud.db.dump('consents');

    setClock('2026-12-03T02:00:00Z');
    const before = snapshotAll(cloud);
    const withdrawn = await ok(member('setConsent', { purpose: 'marketing', granted: false }));
    expect(withdrawn).toEqual({ purpose: 'marketing', granted: false, version: PRIVACY_POLICY_VERSION, at: expect.stringMatching(/^2026-12-03T02:00:0/) });
    const after = snapshotAll(cloud);

    // What changed: one more consent record (the earlier ones untouched), the member's latest
    // state, and the request's record. Nothing else of the service.
    expect(after.consents).toEqual([...before.consents, { _id: expect.any(String), memberId, kind: 'consent', purpose: 'marketing', granted: false, version: PRIVACY_POLICY_VERSION, at: expect.any(Date) }]);
    expect(after.consents[0]).toEqual(firstRecord);
    const changed = Object.keys(after).filter((name) => JSON.stringify(after[name]) !== JSON.stringify(before[name]));
    expect(changed.sort()).toEqual(['consents', 'members', 'requests']);
    const memberBefore = before.members.find((m: any) => m._id === memberId) as any;
    const memberAfter = after.members.find((m: any) => m._id === memberId) as any;
    const { privacy: privacyBefore, ...restBefore } = memberBefore;
    const { privacy: privacyAfter, ...restAfter } = memberAfter;
    expect(restAfter).toEqual(restBefore);
    expect(privacyAfter.consents).toEqual({ ...privacyBefore.consents, marketing: { granted: false, version: PRIVACY_POLICY_VERSION, at: expect.any(Date) } });

    expect(await mayMarket(sdkDb(), memberId)).toBe(false);
    expect((await ok(member('privacyStatus'))).consents).toEqual([
      { purpose: 'phone', granted: true, version: PRIVACY_POLICY_VERSION, at: expect.stringMatching(/^2026-12-02T02:00:0/) },
      { purpose: 'marketing', granted: false, version: PRIVACY_POLICY_VERSION, at: expect.stringMatching(/^2026-12-03T02:00:0/) },
    ]);
    // The service goes on: the card, a purchase and its points.
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, M), amountFen: 50_00 }, requestId());
    expect(bought).toMatchObject({ ok: true });
    expect(balances(cloud, memberId).points).toBe(50);
    // The same decision again records nothing.
    await ok(member('setConsent', { purpose: 'marketing', granted: false }));
    expect(cloud.db.dump('consents')).toHaveLength(3);
  });

  test('marketing is opt-in: no decision means no marketing', async () => {
    expect(await mayMarket(sdkDb(), memberId)).toBe(false);
    expect(await mayMarket(sdkDb(), 'm_unknown')).toBe(false);
  });
});

describe('bad input', () => {
  test('every new action refuses bad input with a typed error and changes nothing', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['privacyStatus', { extra: 1 }, 'INVALID_INPUT'],
      ['acceptPolicy', { document: 'terms', version: '2026-12-01' }, 'INVALID_INPUT'],
      ['acceptPolicy', { document: 'privacy', version: '' }, 'INVALID_INPUT'],
      ['acceptPolicy', { document: 'privacy', version: 'x'.repeat(21) }, 'INVALID_INPUT'],
      ['acceptPolicy', { document: 'privacy', version: '2026-12-01', memberId: 'm_x' }, 'INVALID_INPUT'],
      ['acceptPolicy', { document: 'privacy', version: '2025-01-01' }, 'POLICY_VERSION_OUTDATED'],
      ['setConsent', { purpose: 'ads', granted: true }, 'INVALID_INPUT'],
      ['setConsent', { purpose: 'marketing', granted: 'yes' }, 'INVALID_INPUT'],
      ['setConsent', { purpose: 'marketing' }, 'INVALID_INPUT'],
      ['exportMyData', { format: 'csv' }, 'INVALID_INPUT'],
      ['deletionPreview', { extra: true }, 'INVALID_INPUT'],
      ['deleteAccount', {}, 'INVALID_INPUT'],
      ['deleteAccount', { confirm: false }, 'INVALID_INPUT'],
      ['deleteAccount', { confirm: true, forfeitWallet: 'yes' }, 'INVALID_INPUT'],
      ['deleteAccount', { confirm: true, openid: M }, 'INVALID_INPUT'],
    ];
    const before = withoutRequests();
    for (const [action, data, code] of cases) {
      expect({ action, data, answer: await member(action, data) }).toMatchObject({ action, data, answer: { ok: false, code } });
    }
    // A mutating action without a request id.
    expect(await callAs(cloud, M, 'member', 'setConsent', { purpose: 'marketing', granted: true })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'requestId' });
    expect(withoutRequests()).toEqual(before);
  });

  test('someone who never opened the app is not a member', async () => {
    const before = withoutRequests();
    for (const action of ['privacyStatus', 'deletionPreview', 'exportMyData']) {
      expect(await callAs(cloud, 'openid-stranger', 'member', action, {}, requestId())).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    }
    expect(await callAs(cloud, 'openid-stranger', 'member', 'deleteAccount', { confirm: true }, requestId())).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    expect(await callAs(cloud, 'openid-stranger', 'member', 'setConsent', { purpose: 'marketing', granted: true }, requestId())).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    const { rate_limits: _a, ...after } = withoutRequests();
    const { rate_limits: _b, ...start } = before;
    expect(after).toEqual(start);
  });
});
