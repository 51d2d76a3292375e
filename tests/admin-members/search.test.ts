import type { LocalCloud } from '../../scripts/local-cloud';
import { phoneFields } from '../../cloudfunctions/core/privacy/phone-crypto';
import { OPERATOR, onASeededCloudEachTest, register, sdkDb } from '../support/world';
import { ANALYST, MANAGER, STORE_MANAGER, callAs, ok, seedOperators } from './support';

// searchMembers: by member number, full phone number (exact only) and nickname prefix (paged);
// analysts see masked personal fields.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

let deer: { memberId: string; memberNo: string };

beforeEach(async () => {
  await seedOperators();
  deer = await register(cloud, 'openid-deer');
  await sdkDb().collection('members').doc(deer.memberId).update({ data: { nickname: '小鹿', ...phoneFields('13800138000'), phoneVerifiedAt: new Date() } });
  const others: [string, string][] = [
    ['openid-deer-2', '小鹿斑比'],
    ['openid-fox', '小狐狸'],
    ['openid-dot', '.*'],
  ];
  for (const [openid, nickname] of others) {
    const { memberId } = await register(cloud, openid);
    await sdkDb().collection('members').doc(memberId).update({ data: { nickname } });
  }
});

const search = (caller: string, query: string, cursor?: string) => callAs(cloud, caller, 'admin', 'searchMembers', cursor ? { query, cursor } : { query });

test('a member number finds its member with tier, points, wallet and joining time', async () => {
  const result = await ok(search(OPERATOR, deer.memberNo));
  expect(result.searchedBy).toBe('memberNo');
  expect(result.items).toEqual([
    { memberNo: deer.memberNo, nickname: '小鹿', phone: '13800138000', tier: { code: 'green', name: '绿卡', color: '#3d8b6d' }, points: 0, walletFen: 0, joinedAt: expect.any(String) },
  ]);
  expect((await ok(search(OPERATOR, '9999999999'))).items).toEqual([]);
  // Personal data shown in full is a logged read, naming the member shown, never the query.
  const reads = cloud.db.dump('audit_log').filter((e: any) => e.action === 'searchMembers');
  expect(reads.map((e: any) => [e.actor.openid, e.read, e.target])).toEqual([[OPERATOR, true, { kind: 'member', id: deer.memberId, label: deer.memberNo }]]);
});

test('a phone number matches exactly, never a part of one', async () => {
  expect((await ok(search(MANAGER, '13800138000'))).items.map((m: any) => m.memberNo)).toEqual([deer.memberNo]);
  const partial = await ok(search(MANAGER, '1380013'));
  expect(partial.searchedBy).toBe('nickname');
  expect(partial.items).toEqual([]);
  expect((await ok(search(MANAGER, '13800138001'))).items).toEqual([]);
  // The same number typed with +86, spaces or dashes is the same number; the masked form is not one.
  expect((await ok(search(MANAGER, '+86 138-0013-8000'))).items.map((m: any) => m.memberNo)).toEqual([deer.memberNo]);
  expect((await ok(search(MANAGER, '138****8000'))).items).toEqual([]);
  // Found by the keyed hash: the stored member holds no number in clear.
  expect(JSON.stringify(cloud.db.dump('members'))).not.toContain('13800138000');
  expect(JSON.stringify(cloud.db.dump('audit_log'))).not.toContain('13800138000');
});

test('a nickname prefix finds those it starts, a page at a time, literally', async () => {
  const found = await ok(search(OPERATOR, '小鹿'));
  expect(found.searchedBy).toBe('nickname');
  expect(found.items.map((m: any) => m.nickname).sort()).toEqual(['小鹿', '小鹿斑比']);
  expect((await ok(search(OPERATOR, '.*'))).items.map((m: any) => m.nickname)).toEqual(['.*']);
  expect((await ok(search(OPERATOR, '鹿'))).items).toEqual([]);
});

test('nickname results page without repeats or gaps', async () => {
  const db = sdkDb();
  const rows = Array.from({ length: 45 }, (_, i) => ({
    _id: `page-m${i}`,
    memberNo: String(5_000_000_000 + i),
    openid: `openid-page-${i}`,
    nickname: `阿${String(i % 7)}`,
    avatarUrl: null,
    tierCode: 'green',
    tierReviewAt: null,
    registeredAt: new Date(),
  }));
  await db.collection('members').add({ data: rows });
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await ok(search(OPERATOR, '阿', cursor));
    expect(page.items.length).toBeLessThanOrEqual(20);
    seen.push(...page.items.map((m: any) => m.memberNo));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  expect(pages).toBe(3);
  expect(seen.sort()).toEqual(rows.map((r) => r.memberNo).sort());
});

test('an analyst sees nickname and phone masked; owner and manager in full', async () => {
  const byAnalyst = await ok(search(ANALYST, '13800138000'));
  expect(byAnalyst.masked).toBe(true);
  expect(byAnalyst.items[0]).toMatchObject({ memberNo: deer.memberNo, nickname: '小*', phone: '138****8000' });
  const byNickname = await ok(search(ANALYST, '小鹿'));
  expect(byNickname.items.map((m: any) => m.nickname).sort()).toEqual(['小*', '小*']);
  expect((await ok(search(MANAGER, deer.memberNo))).items[0]).toMatchObject({ nickname: '小鹿', phone: '13800138000' });
});

test('a store manager may not search members, and a forged cursor is refused', async () => {
  expect(await search(STORE_MANAGER, deer.memberNo)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await search(OPERATOR, '小', 'Zm9yZ2Vk')).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'cursor' });
});
