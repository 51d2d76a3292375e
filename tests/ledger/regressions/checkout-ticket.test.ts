import type { LocalCloud } from '../../../scripts/local-cloud';
import { callAs } from '../../support/cloud';
import { CASHIER, OPERATOR, balances, memberCode, register, requestId, onASeededCloudEachTest, setClock, topUp } from '../../support/world';

// A checkout ticket stands in for the member's code for 10 minutes, for this cashier at this
// store. It must not outlive that: not by being looked up again, not at another store.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

it('a ticket cannot be renewed by looking the member up with the ticket itself', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { memberId } = await register(cloud, 'openid-M');
  await topUp(cloud, 'openid-M', 'p100'); // 120.00 in the wallet
  const code = await memberCode(cloud, 'openid-M');
  const ticket = (await callAs(cloud, CASHIER, 'staff', 'lookupMember', { code })).data.checkoutTicket as string;
  // The member has left. Looking up with the ticket itself would hand out a fresh one: refused.
  setClock('2026-03-10T04:09:00Z');
  expect(await callAs(cloud, CASHIER, 'staff', 'lookupMember', { code: ticket })).toMatchObject({ ok: false, code: 'MEMBER_CODE_INVALID' });
  // Past its ten minutes the ticket cannot charge the member's stored value.
  setClock('2026-03-10T04:10:01Z');
  const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: ticket, amountFen: 100_00, walletFen: 100_00 }, requestId());
  expect(bought).toMatchObject({ ok: false, code: 'MEMBER_CODE_EXPIRED' });
  expect(balances(cloud, memberId)).toMatchObject({ principal: 100_00, bonus: 20_00 });
});

it('a ticket from one store is not accepted after the cashier moved to another store', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { memberId } = await register(cloud, 'openid-M');
  const code = await memberCode(cloud, 'openid-M');
  const ticket = (await callAs(cloud, CASHIER, 'staff', 'lookupMember', { code })).data.checkoutTicket as string;

  const store = await callAs(cloud, OPERATOR, 'admin', 'createStore', { name: '二号店', address: '测试路2号' }, requestId());
  expect(store.ok).toBe(true);
  const binding = await callAs(cloud, OPERATOR, 'admin', 'createStaffBindingCode', { storeId: store.data.storeId, staffName: '收银员' }, requestId());
  expect(binding.ok).toBe(true);
  expect((await callAs(cloud, CASHIER, 'member', 'bindStaff', { code: binding.data.code }, requestId())).ok).toBe(true);

  setClock('2026-03-10T04:03:00Z');
  const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: ticket, amountFen: 10_00 }, requestId());
  expect(bought.ok).toBe(false);
  expect(balances(cloud, memberId).points).toBe(0);
});
