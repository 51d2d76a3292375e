import type { LocalCloud } from '../../scripts/local-cloud';
import { checkLedger } from '../../cloudfunctions/core/ledger/check';
import { callAs, snapshotAll, startTestCloud } from '../support/cloud';
import { createTemplate } from '../coupons/helpers';
import { CASHIER, OPERATOR, acceptStoredValueAgreement, balances, entriesOf, memberCode, register, requestId, seedWorld, setClock, topUp } from '../support/world';

// 我的数据 (export) and 注销 (account deletion) over the emulator, with its HTTP server so the
// export's temporary link and the avatar's can be fetched as a phone would.

let cloud: LocalCloud;
beforeEach(async () => {
  cloud = await startTestCloud({ port: 0 });
  await seedWorld();
  setClock('2026-06-10T02:00:00Z');
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

const DEER = { openid: 'openid-deer-7c1f', nickname: '林间小鹿', phone: '13912345678' };
const FOX = { openid: 'openid-fox-93ab', nickname: '山谷狐狸', phone: '13687654321' };

async function ok(answer: Promise<any>): Promise<any> {
  const settled = await answer;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled.data;
}

const as = (openid: string, action: string, data: Record<string, unknown> = {}, id = requestId()) => callAs(cloud, openid, 'member', action, data, id);

async function upload(cloudPath: string): Promise<string> {
  const { fileID } = await require('wx-server-sdk').uploadFile({ cloudPath, fileContent: Buffer.from('\x89PNG\r\n\x1a\nlocal avatar') });
  return fileID;
}

/** A member who has used everything: profile, phone, birthday, consents, a top-up, a purchase paid partly from it, a coupon. */
async function livedIn(person: typeof DEER) {
  const { memberId, memberNo } = await register(cloud, person.openid);
  const avatarFileId = await upload(`avatars/${person.openid}/1749520800000.png`);
  const profile = await ok(as(person.openid, 'updateProfile', { nickname: person.nickname, avatarFileId }));
  await ok(as(person.openid, 'bindPhone', { code: `local-phone:${person.phone}` }));
  await ok(as(person.openid, 'setBirthday', { birthday: '1990-05-01' }));
  await ok(as(person.openid, 'setConsent', { purpose: 'marketing', granted: true }));
  await acceptStoredValueAgreement(cloud, person.openid);
  const lotId = await topUp(cloud, person.openid, 'p100'); // ¥100 + ¥20
  await ok(callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, person.openid), amountFen: 50_00, walletFen: 30_00 }, requestId()));
  await ok(as(person.openid, 'claimCoupon', { templateId: await createTemplate(cloud) }));
  return { memberId, memberNo, lotId, avatarUrl: profile.avatarUrl as string };
}

const status = async (url: string) => (await fetch(url)).status;

describe('我的数据', () => {
  test('one JSON file of everything held about the caller and nothing of anyone else, behind a temporary link', async () => {
    const deer = await livedIn(DEER);
    const fox = await livedIn(FOX);
    const id = requestId();
    const answer = await ok(as(DEER.openid, 'exportMyData', {}, id));
    expect(answer.fileId).toMatch(new RegExp(`^cloud://[^/]+/exports/${deer.memberId}/\\d{8}T\\d{9}Z-[0-9a-f]{8}\\.json$`));
    expect(answer.expiresAt).toMatch(/^2026-06-10T03:00:/); // an hour after the (moved) server clock

    const file = await (await fetch(answer.url)).json();
    expect(file.profile).toMatchObject({ memberId: deer.memberId, memberNo: deer.memberNo, openid: DEER.openid, nickname: DEER.nickname, phone: DEER.phone, birthday: '1990-05-01' });
    expect(file.profile.phoneVerifiedAt).toEqual(expect.any(String));
    const entries = entriesOf(cloud, deer.memberId);
    expect(file.ledgerEntries.map((e: any) => e._id).sort()).toEqual(entries.map((e) => e._id).sort());
    expect(file.accounts.map((a: any) => a._id).sort()).toEqual(['growth', 'points', 'wallet_bonus', 'wallet_principal'].map((a) => `${deer.memberId}:${a}`));
    expect(file.purchases).toHaveLength(1);
    expect(file.topupOrders).toEqual([expect.objectContaining({ _id: deer.lotId, memberId: deer.memberId })]);
    expect(file.coupons).toHaveLength(1);
    expect(file.consents.map((c: any) => c.kind === 'policy' ? c.document : c.purpose).sort()).toEqual(['marketing', 'stored_value']);
    expect(answer.counts).toEqual({ profile: 1, accounts: 4, ledgerEntries: entries.length, purchases: 1, topupOrders: 1, walletRefunds: 0, coupons: 1, couponRedemptions: 0, couponClaims: 1, consents: 2, planOrders: 0, paidMembership: 0, checkins: 0, checkinStreak: 0, subscribeQuotas: 0, inviteVisits: 0, referralRewards: 0 });

    // Nobody else: not the other member, not the cashier who served them.
    const text = JSON.stringify(file);
    for (const other of [fox.memberId, fox.memberNo, FOX.openid, FOX.nickname, FOX.phone, fox.lotId, CASHIER]) expect({ other, found: text.includes(other) }).toEqual({ other, found: false });

    // Once per request id.
    expect(await as(DEER.openid, 'exportMyData', {}, id)).toEqual({ ok: true, replayed: true, data: answer });
    expect(cloud.db.dump('data_exports')).toEqual([expect.objectContaining({ memberId: deer.memberId, fileId: answer.fileId })]);
  });
});

describe('注销', () => {
  const EXCLUDED = new Set([
    // WeChat's side, not ours: subscribe messages already delivered to the phone, and WeChat Pay's records.
    'outbox',
    '_local_payments',
  ]);

  /** Every collection's documents that still mention one of `needles`, as `collection/_id: needle`. */
  function mentions(needles: string[]): string[] {
    const found: string[] = [];
    for (const name of cloud.db.collections()) {
      if (EXCLUDED.has(name)) continue;
      for (const doc of cloud.db.dump(name) as { _id: string }[]) {
        const text = JSON.stringify(doc);
        for (const needle of needles) if (text.includes(needle)) found.push(`${name}/${doc._id}: ${needle}`);
      }
    }
    return found;
  }

  const withoutRequests = () => {
    const { requests: _r, ...rest } = snapshotAll(cloud);
    return rest;
  };

  test('refund first, wait for it, then erase: no openid, phone or nickname left anywhere; the ledger checks; the openid comes back as a new visitor', async () => {
    const deer = await livedIn(DEER);
    const fox = await livedIn(FOX);
    const exported = await ok(as(DEER.openid, 'exportMyData'));
    await ok(as(DEER.openid, 'setConsent', { purpose: 'marketing', granted: false }));

    // ¥30 paid from the wallet drew 25.00 principal and 5.00 bonus: 75.00 can go back, 15.00 of bonus with it.
    expect(await ok(as(DEER.openid, 'deletionPreview'))).toMatchObject({
      refundablePrincipalFen: 75_00,
      unrefundablePrincipalFen: 0,
      bonusFen: 15_00,
      points: 50,
      blockedReason: '储值中还有 ¥75.00 本金可以原路退回，请先在储值页申请退款',
    });
    let before = withoutRequests();
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true, forfeitWallet: true })).toMatchObject({ ok: false, code: 'WALLET_NOT_EMPTY' });
    expect(withoutRequests()).toEqual(before);

    // The refund is posted but WeChat Pay does not take it yet.
    const errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    cloud.services.setPayOutage('refund');
    const refundId = requestId();
    expect(await ok(as(DEER.openid, 'refundTopup', { lotId: deer.lotId }, refundId))).toMatchObject({ cashBackFen: 75_00, refundStatus: 'pending' });
    expect((await ok(as(DEER.openid, 'deletionPreview'))).blockedReason).toBe('有储值退款正在处理中，退款到账后才能注销');
    before = withoutRequests();
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true })).toMatchObject({ ok: false, code: 'WALLET_REFUND_PENDING' });
    expect(withoutRequests()).toEqual(before);
    cloud.services.setPayOutage('refund', null);
    expect(await ok(as(DEER.openid, 'refundTopup', { lotId: deer.lotId }, refundId))).toMatchObject({ refundStatus: 'submitted' });
    errorLog.mockRestore();

    const preview = await ok(as(DEER.openid, 'deletionPreview'));
    expect(preview).toMatchObject({ refundablePrincipalFen: 0, unrefundablePrincipalFen: 0, bonusFen: 0, points: 50, blockedReason: null });
    // Before: the person is in the member, the identity, request records, the top-up order, the
    // ledger (their own refund names them as actor), the stored answers of profile changes.
    const held = new Set(mentions([DEER.openid, DEER.phone, DEER.nickname]).map((m) => m.split('/')[0]));
    expect([...held].sort()).toEqual(expect.arrayContaining(['identities', 'ledger_entries', 'members', 'payment_orders', 'requests']));
    const id = requestId();
    const deleted = await ok(as(DEER.openid, 'deleteAccount', { confirm: true }, id));
    expect(deleted).toEqual({ deletedAt: expect.any(String), pointsForfeited: 50, walletForfeitedFen: 0 });

    // Nothing anywhere leads to the person.
    expect(mentions([DEER.openid, DEER.phone, DEER.nickname])).toEqual([]);
    // The other member is untouched.
    expect(mentions([FOX.openid, FOX.phone, FOX.nickname]).length).toBeGreaterThan(0);
    expect(cloud.db.dump('members').find((m: any) => m._id === fox.memberId)).toMatchObject({ openid: FOX.openid, nickname: FOX.nickname });

    // The member document keeps what the ledger, the tiers and the console need.
    expect(cloud.db.dump('members').find((m: any) => m._id === deer.memberId)).toEqual({
      _id: deer.memberId,
      memberNo: deer.memberNo,
      nickname: '已注销会员',
      avatarUrl: null,
      tierCode: 'green',
      tierOverride: null,
      downgradeNotice: null,
      tierReviewAt: null,
      tierGiftsPending: [],
      tierGiftsPendingAt: null,
      registeredAt: expect.any(Date),
      privacy: expect.objectContaining({ consents: expect.objectContaining({ marketing: expect.objectContaining({ granted: false }) }) }),
      deletedAt: expect.any(Date),
    });
    // Points forfeited in one posting; the ledger entries and the purchase stay under the member id.
    const forfeits = entriesOf(cloud, deer.memberId).filter((e) => e.kind === 'forfeit');
    expect(forfeits).toEqual([expect.objectContaining({ asset: 'points', amount: -50, balanceAfter: 0, actor: { type: 'member', id: deer.memberId }, source: { type: 'account_deletion', id: deer.memberId } })]);
    expect(balances(cloud, deer.memberId)).toMatchObject({ points: 0, principal: 0, bonus: 0, debt: 0 });
    expect(entriesOf(cloud, deer.memberId).filter((e) => e.actor.type === 'member').every((e) => e.actor.id === deer.memberId)).toBe(true);
    expect(cloud.db.dump('purchases').filter((p: any) => p.memberId === deer.memberId)).toHaveLength(1);
    expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
    // Consent records stay, keyed by the member id alone.
    expect(cloud.db.dump('consents').filter((c: any) => c.memberId === deer.memberId)).toHaveLength(3);

    // The files are gone from storage.
    expect(await status(exported.url)).toBe(404);
    expect(await status(deer.avatarUrl)).toBe(404);

    // The operator sees that the member deleted their account, and nothing of who they were.
    const audit = cloud.db.dump('audit_log').filter((e: any) => e.action === 'deleteAccount');
    expect(audit).toEqual([
      expect.objectContaining({ actor: { openid: deer.memberId, role: 'member' }, target: { kind: 'member', id: deer.memberId, label: deer.memberNo }, before: null, after: { deletedAt: deleted.deletedAt, pointsForfeited: 50, walletForfeitedFen: 0 }, read: false }),
    ]);
    const page = await ok(callAs(cloud, OPERATOR, 'admin', 'getMember', { memberNo: deer.memberNo }));
    expect(page.profile).toEqual({ memberNo: deer.memberNo, nickname: '已注销会员', phone: null, avatarUrl: null, joinedAt: expect.any(String), deletedAt: deleted.deletedAt });

    // Deleting twice: the same request answers the same; a new one finds no member and changes nothing.
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true }, id)).toEqual({ ok: true, replayed: true, data: deleted });
    before = withoutRequests();
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true })).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    expect(withoutRequests()).toEqual(before);
    expect(mentions([DEER.openid, DEER.phone, DEER.nickname])).toEqual([]);

    // Opening the app again: a new visitor, a new member.
    const again = await ok(as(DEER.openid, 'me'));
    expect(again).toMatchObject({ registeredNow: true, balances: { points: 0, walletPrincipal: 0, walletBonus: 0 } });
    expect(again.member.memberNo).not.toBe(deer.memberNo);
    const reborn = cloud.db.dump('members').find((m: any) => m.openid === DEER.openid);
    expect(reborn._id).not.toBe(deer.memberId);
  });

  test('stored value past its refund year needs forfeitWallet; then it is written off in one posting and the ledger checks', async () => {
    const deer = await livedIn(DEER);
    setClock('2027-06-10T02:00:00Z'); // the top-up's refund window closed on 2027-06-08
    const preview = await ok(as(DEER.openid, 'deletionPreview'));
    expect(preview).toMatchObject({ refundablePrincipalFen: 0, unrefundablePrincipalFen: 75_00, bonusFen: 15_00, points: 50, blockedReason: null });
    expect(preview.consequences).toContain('剩余储值 ¥90.00（其中赠送金 ¥15.00，无法原路退回的本金 ¥75.00）将放弃，须确认后注销');

    const before = withoutRequests();
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true })).toMatchObject({ ok: false, code: 'FORFEIT_REQUIRED', field: 'forfeitWallet' });
    expect(withoutRequests()).toEqual(before);

    const deleted = await ok(as(DEER.openid, 'deleteAccount', { confirm: true, forfeitWallet: true }));
    expect(deleted).toMatchObject({ pointsForfeited: 50, walletForfeitedFen: 90_00 });
    const forfeits = entriesOf(cloud, deer.memberId).filter((e) => e.kind === 'forfeit');
    expect(new Set(forfeits.map((e) => e.postingId)).size).toBe(1);
    expect(forfeits.map((e) => [e.asset, e.amount, e.lotId ?? null])).toEqual([
      ['points', -50, null],
      ['wallet_principal', -75_00, deer.lotId],
      ['wallet_bonus', -15_00, deer.lotId],
    ]);
    expect(balances(cloud, deer.memberId)).toMatchObject({ points: 0, principal: 0, bonus: 0 });
    expect(checkLedger(cloud.db.dump('accounts'), cloud.db.dump('ledger_entries'))).toEqual([]);
    expect(mentions([DEER.openid, DEER.phone, DEER.nickname])).toEqual([]);
  });

  test('two deletions at once (two taps, two request ids): one deletes, the other finds no member', async () => {
    const { memberId } = await register(cloud, DEER.openid);
    await ok(as(DEER.openid, 'updateProfile', { nickname: DEER.nickname }));
    const answers = await Promise.all([as(DEER.openid, 'deleteAccount', { confirm: true }), as(DEER.openid, 'deleteAccount', { confirm: true })]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.find((a) => !a.ok)).toMatchObject({ ok: false, code: expect.stringMatching(/^(MEMBER_NOT_FOUND|BUSY)$/) });
    expect(cloud.db.dump('audit_log').filter((e: any) => e.action === 'deleteAccount' && e.target.id === memberId)).toHaveLength(1);
    expect(mentions([DEER.openid, DEER.nickname])).toEqual([]);
  });

  test('a deleted account takes nothing new: a checkout ticket from before, an operator grant, a coupon issue', async () => {
    const { memberNo } = await register(cloud, DEER.openid);
    const looked = await ok(callAs(cloud, CASHIER, 'staff', 'lookupMember', { code: await memberCode(cloud, DEER.openid) }));
    const templateId = await createTemplate(cloud, { channel: 'grant' });
    await ok(as(DEER.openid, 'deleteAccount', { confirm: true }));
    const before = withoutRequests();
    expect(await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: looked.checkoutTicket, amountFen: 10_00 }, requestId())).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND', message: '该会员已注销' });
    expect(await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 100, reason: '补发积分' }, requestId())).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    const issue = await ok(callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId, memberNos: [memberNo], reason: '测试发放' }, requestId()));
    const run = await ok(callAs(cloud, OPERATOR, 'admin', 'runCouponIssue', { jobId: issue.jobId }, requestId()));
    expect(run).toMatchObject({ issued: 0, failed: 1 });
    const { coupon_issues: _j, coupon_issue_items: _i, audit_log: _a, ...after } = withoutRequests();
    const { coupon_issues: _j0, coupon_issue_items: _i0, audit_log: _a0, ...beforeRest } = before;
    expect(after).toEqual(beforeRest);
  });

  test('an unpaid top-up order blocks until it is paid or its two hours are up', async () => {
    await register(cloud, DEER.openid);
    await acceptStoredValueAgreement(cloud, DEER.openid);
    await ok(as(DEER.openid, 'createTopup', { packageId: 'p100' }));
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true })).toMatchObject({ ok: false, code: 'TOPUP_ORDER_PENDING' });
    setClock('2026-06-10T04:01:00Z');
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true })).toMatchObject({ ok: true });
    expect(mentions([DEER.openid])).toEqual([]);
  });

  test('an unpaid plan order blocks the same way, and a paid one does not', async () => {
    const { memberId } = await register(cloud, DEER.openid);
    const plan = await ok(
      callAs(cloud, OPERATOR, 'admin', 'savePaidPlan', { plan: { name: '月卡', kind: 'monthly', priceFen: 1990, trialPriceFen: null, openingGift: { points: 0, couponTemplateIds: [] }, monthlyCouponTemplateIds: [], pointsMultiplierPercent: 100, memberPricePercent: 95, monthlyPackValueFen: 0 } }, requestId()),
    );
    const order = await ok(as(DEER.openid, 'createPlanOrder', { planId: plan.planId, mode: 'buy' }));
    const preview = await ok(as(DEER.openid, 'deletionPreview'));
    expect(preview.blockedReason).toBe('有未完成的支付订单（如付费会员卡），请完成支付或 2 小时后再注销');
    const before = snapshotAll(cloud);
    const refused = await as(DEER.openid, 'deleteAccount', { confirm: true });
    expect(refused).toMatchObject({ ok: false, code: 'PAYMENT_ORDER_PENDING' });
    const { requests: _r, ...after } = snapshotAll(cloud);
    const { requests: _r0, ...beforeRest } = before;
    expect(after).toEqual(beforeRest);
    expect(cloud.db.dump('members').find((m: any) => m._id === memberId).deletedAt).toBeUndefined();
    // Paid (the membership credited), nothing is pending any more: 注销 goes ahead.
    await cloud.services.completePayment(order.outTradeNo);
    expect(cloud.db.dump('payment_orders').find((o: any) => o._id === order.outTradeNo).status).toBe('paid');
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true })).toMatchObject({ ok: true });
  });

  test('an unpaid plan order stops blocking once its two hours are up', async () => {
    await register(cloud, DEER.openid);
    const plan = await ok(
      callAs(cloud, OPERATOR, 'admin', 'savePaidPlan', { plan: { name: '月卡', kind: 'monthly', priceFen: 1990, trialPriceFen: null, openingGift: { points: 0, couponTemplateIds: [] }, monthlyCouponTemplateIds: [], pointsMultiplierPercent: 100, memberPricePercent: 95, monthlyPackValueFen: 0 } }, requestId()),
    );
    await ok(as(DEER.openid, 'createPlanOrder', { planId: plan.planId, mode: 'buy' }));
    setClock('2026-06-10T03:59:00Z');
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true })).toMatchObject({ ok: false, code: 'PAYMENT_ORDER_PENDING' });
    setClock('2026-06-10T04:01:00Z');
    expect(await as(DEER.openid, 'deleteAccount', { confirm: true })).toMatchObject({ ok: true });
  });
});
