import type { LocalCloud } from '../../scripts/local-cloud';
import { decryptPhone, phoneLookupHash } from '../../cloudfunctions/core/privacy/phone-crypto';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, OPERATOR, STORE, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';

// The member's profile over the emulator: a verified phone exchanged once and kept encrypted, a
// cashier's lookup by the full number only (logged), a birthday set once (then by an operator,
// audited), nickname and avatar checks; refusals change nothing.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-deer';
const OTHER = 'openid-fox';
const PHONE = '13800138000';
const EXCHANGES = 'phonenumber.getPhoneNumber';

const member = (action: string, data: Record<string, unknown> = {}, id: string | undefined = requestId(), openid = M) => callAs(cloud, openid, 'member', action, data, id);
const staff = (action: string, data: Record<string, unknown>, openid = CASHIER) => callAs(cloud, openid, 'staff', action, data);

async function ok(answer: Promise<any>): Promise<any> {
  const settled = await answer;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled.data;
}

/** Every collection but the records of requests and rate limits, which a refusal may leave behind. */
function state() {
  const { requests: _requests, rate_limits: _limits, ...rest } = snapshotAll(cloud);
  return rest;
}

function memberDoc(openid = M): any {
  return cloud.db.dump('members').find((m: any) => m.openid === openid);
}

function reads(action: string): any[] {
  return cloud.db.dump('audit_log').filter((e: any) => e.read && e.action === action);
}

async function upload(cloudPath: string): Promise<string> {
  const { fileID } = await require('wx-server-sdk').uploadFile({ cloudPath, fileContent: Buffer.from('\x89PNG\r\n\x1a\nlocal avatar') });
  return fileID;
}

let deer: { memberId: string; memberNo: string };
beforeEach(async () => {
  setClock('2026-06-10T02:00:00Z'); // 10:00 on 10 June in Shanghai
  deer = await register(cloud, M);
});

describe('bindPhone', () => {
  test('exchanges the code once, stores the number encrypted, and a second bind is refused before the exchange', async () => {
    const before = cloud.services.openApiCalls(EXCHANGES);
    const id = requestId();
    const bound = await ok(member('bindPhone', { code: `local-phone:${PHONE}` }, id));
    expect(bound).toEqual({ memberNo: deer.memberNo, nickname: `会员${deer.memberNo.slice(-4)}`, avatarUrl: null, birthday: null, phoneMasked: '138****8000', phoneVerifiedAt: expect.stringMatching(/^2026-06-10T02:00:0/), avatarUploadFolder: `avatars/${deer.memberId}/` });
    expect(cloud.services.openApiCalls(EXCHANGES)).toBe(before + 1);

    const doc = memberDoc();
    expect(doc).toMatchObject({ phoneMasked: '138****8000', phoneHash: phoneLookupHash(PHONE) });
    expect(doc.phone).toBeUndefined();
    expect(decryptPhone(doc.phoneCipher)).toBe(PHONE);
    // Nowhere in any collection (members, requests with the answer, audit…) is the number in clear.
    for (const [name, docs] of Object.entries(snapshotAll(cloud))) expect({ name, json: JSON.stringify(docs) }).not.toEqual({ name, json: expect.stringContaining(PHONE) });
    expect(JSON.stringify(snapshotAll(cloud))).not.toContain('0013 8000');

    // The retry of that tap answers the first outcome, without a second exchange.
    expect(await member('bindPhone', { code: `local-phone:${PHONE}` }, id)).toMatchObject({ ok: true, replayed: true, data: bound });
    // A new tap (even with another number) is refused before WeChat is asked.
    const stateBefore = state();
    expect(await member('bindPhone', { code: 'local-phone:13900139000' })).toMatchObject({ ok: false, code: 'PHONE_ALREADY_VERIFIED' });
    expect(cloud.services.openApiCalls(EXCHANGES)).toBe(before + 1);
    expect(state()).toEqual(stateBefore);
    expect(await ok(member('myProfile', {}, undefined))).toEqual(bound);
  });

  test('a code WeChat refuses is PHONE_CODE_INVALID and changes nothing; a new code then works', async () => {
    const before = state();
    expect(await member('bindPhone', { code: 'used-or-forged-code' })).toMatchObject({ ok: false, code: 'PHONE_CODE_INVALID', message: '手机号验证未完成，请重新授权' });
    expect(await member('bindPhone', { code: 'local-phone:1380013800' })).toMatchObject({ ok: false, code: 'PHONE_CODE_INVALID' });
    expect(state()).toEqual(before);
    expect(await ok(member('bindPhone', { code: `local-phone:${PHONE}` }))).toMatchObject({ phoneMasked: '138****8000' });
  });

  test('a number that is not a mainland mobile is refused after the exchange, and nothing is stored', async () => {
    const before = state();
    expect(await member('bindPhone', { code: 'local-phone:12345678901' })).toMatchObject({ ok: false, code: 'PHONE_INVALID' });
    expect(state()).toEqual(before);
  });

  test('two taps at once with different request ids: one number stored, the other refused', async () => {
    const answers = await Promise.all([member('bindPhone', { code: `local-phone:${PHONE}` }), member('bindPhone', { code: 'local-phone:13900139000' })]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok).map((a) => a.code)).toEqual(['PHONE_ALREADY_VERIFIED']);
    const winner = answers.find((a) => a.ok).data.phoneMasked;
    expect(memberDoc().phoneMasked).toBe(winner);
  });

  test('a verified number is one member’s: another member is refused PHONE_TAKEN, also when both tap at once; after 注销 it is free', async () => {
    await register(cloud, OTHER);
    const racing = await Promise.all([member('bindPhone', { code: `local-phone:${PHONE}` }), member('bindPhone', { code: `local-phone:${PHONE}` }, requestId(), OTHER)]);
    expect(racing.filter((a) => a.ok)).toHaveLength(1);
    expect(racing.find((a) => !a.ok)).toMatchObject({ ok: false, code: 'PHONE_TAKEN' });
    const loser = racing[0].ok ? OTHER : M;
    const winner = racing[0].ok ? M : OTHER;
    expect(cloud.db.dump('members').filter((m: any) => m.phoneHash)).toHaveLength(1);
    // The cashier's lookup finds exactly the one who verified it.
    const found = await staff('findMemberByPhone', { phone: PHONE });
    expect(found.data.memberNo).toBe(cloud.db.dump('members').find((m: any) => m.openid === winner).memberNo);
    // The winner deletes their account: the number can be verified by the other.
    expect((await member('deleteAccount', { confirm: true }, requestId(), winner)).ok).toBe(true);
    expect(cloud.db.dump('phone_owners')).toEqual([]);
    expect(await member('bindPhone', { code: `local-phone:${PHONE}` }, requestId(), loser)).toMatchObject({ ok: true, data: { phoneMasked: '138****8000' } });
  });
});

describe('findMemberByPhone', () => {
  beforeEach(async () => {
    await ok(member('bindPhone', { code: `local-phone:${PHONE}` }));
    await ok(member('updateProfile', { nickname: '小鹿' }));
    await register(cloud, OTHER);
  });

  test('the full number finds the member, however it is typed; each lookup is a logged read of this cashier at this store', async () => {
    const found = { memberNo: deer.memberNo, nickname: '小鹿', phoneMasked: '138****8000', tierName: '绿卡', points: 0 };
    for (const typed of [PHONE, '+86 138 0013 8000', '138-0013-8000', '8613800138000']) expect(await ok(staff('findMemberByPhone', { phone: typed }))).toEqual(found);
    const logged = reads('findMemberByPhone');
    expect(logged).toHaveLength(4);
    expect(logged[0]).toMatchObject({
      actor: { openid: CASHIER, role: 'staff' },
      fn: 'staff',
      target: { kind: 'member', id: deer.memberId, label: deer.memberNo },
      storeId: STORE,
      read: true,
      before: null,
      after: null,
    });
    expect(JSON.stringify(cloud.db.dump('audit_log'))).not.toContain(PHONE);
  });

  test('a prefix or the masked form is not a number; an unknown number finds no one (logged, without the number)', async () => {
    const before = state();
    for (const typed of ['138 0013 80', '138-0013-800', '138****8000', '23800138000', '138001380001', 'abcdefghijk']) {
      expect({ typed, answer: await staff('findMemberByPhone', { phone: typed }) }).toMatchObject({ typed, answer: { ok: false, code: 'PHONE_INVALID', message: '请输入完整的 11 位手机号' } });
    }
    // Shorter than 11 characters the contract refuses it before the handler.
    for (const typed of ['1380013800', '1380013', '138']) expect(await staff('findMemberByPhone', { phone: typed })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'phone' });
    expect(state()).toEqual(before);

    expect(await staff('findMemberByPhone', { phone: '13800138001' })).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    const { audit_log: after, ...rest } = state();
    const { audit_log: earlier, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(after.length - (earlier ?? []).length).toBe(1);
    expect(reads('findMemberByPhone')).toEqual([expect.objectContaining({ target: { kind: 'member', id: 'not_found', label: '138****8001' }, storeId: STORE })]);
  });

  test('members and operators cannot call it; a member without a verified phone is never found', async () => {
    expect(await callAs(cloud, M, 'staff', 'findMemberByPhone', { phone: PHONE })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await staff('findMemberByPhone', { phone: '13900139000' })).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
  });

  test('scanning a member code is logged as the same kind of read', async () => {
    const looked = await ok(staff('lookupMember', { code: await memberCode(cloud, M) }));
    expect(looked).toMatchObject({ memberNo: deer.memberNo, nickname: '小鹿', maskedPhone: '138****8000' });
    expect(reads('lookupMember')).toEqual([
      expect.objectContaining({ actor: { openid: CASHIER, role: 'staff' }, target: { kind: 'member', id: deer.memberId, label: deer.memberNo }, storeId: STORE, read: true }),
    ]);
  });
});

describe('setBirthday', () => {
  test('once: a second setting is refused; a day that does not exist or lies ahead is invalid; nothing changes', async () => {
    const before = state();
    for (const birthday of ['2026-02-30', '2023-02-29', '2026-06-11', '1899-12-31']) {
      expect({ birthday, answer: await member('setBirthday', { birthday }) }).toMatchObject({ birthday, answer: { ok: false, code: 'BIRTHDAY_INVALID', field: 'birthday' } });
    }
    expect(await member('setBirthday', { birthday: '1990-5-20' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'birthday' });
    expect(state()).toEqual(before);

    expect(await ok(member('setBirthday', { birthday: '2026-06-10' }))).toMatchObject({ birthday: '2026-06-10' }); // born today
    expect(memberDoc().birthday).toBe('2026-06-10');
    const set = state();
    expect(await member('setBirthday', { birthday: '1990-05-20' })).toMatchObject({ ok: false, code: 'BIRTHDAY_ALREADY_SET', message: '生日设置后不能自行修改，如需更正请联系门店' });
    expect(state()).toEqual(set);
  });

  test('two first settings at once: one wins, the other is refused', async () => {
    const answers = await Promise.all([member('setBirthday', { birthday: '1990-05-20' }), member('setBirthday', { birthday: '1991-01-02' })]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.find((a) => !a.ok)).toMatchObject({ code: 'BIRTHDAY_ALREADY_SET' });
    expect(memberDoc().birthday).toBe(answers.find((a) => a.ok).data.birthday);
  });
});

describe('setMemberBirthday', () => {
  test('a manager changes the birthday the member set, audited with before, after and reason; a retry changes nothing more', async () => {
    await ok(member('setBirthday', { birthday: '1990-05-20' }));
    await sdkDb().collection('operators').doc('openid-manager').set({ data: { name: '张伟', role: 'manager', active: true } });
    const id = requestId();
    const data = { memberNo: deer.memberNo, birthday: '1990-05-02', reason: '会员填错了日子' };
    expect(await ok(callAs(cloud, 'openid-manager', 'admin', 'setMemberBirthday', data, id))).toEqual({ memberNo: deer.memberNo, birthday: '1990-05-02' });
    expect(memberDoc().birthday).toBe('1990-05-02');
    const audit = cloud.db.dump('audit_log').filter((e: any) => e.action === 'setMemberBirthday');
    expect(audit).toEqual([
      expect.objectContaining({
        actor: { openid: 'openid-manager', role: 'manager' },
        target: { kind: 'member', id: deer.memberId, label: deer.memberNo },
        before: { birthday: '1990-05-20' },
        after: { birthday: '1990-05-02' },
        reason: '会员填错了日子',
        read: false,
        requestId: id,
      }),
    ]);
    expect(await callAs(cloud, 'openid-manager', 'admin', 'setMemberBirthday', data, id)).toMatchObject({ ok: true, replayed: true });
    expect(cloud.db.dump('audit_log').filter((e: any) => e.action === 'setMemberBirthday')).toHaveLength(1);
    // The member still cannot change it themselves.
    expect(await member('setBirthday', { birthday: '1990-05-20' })).toMatchObject({ ok: false, code: 'BIRTHDAY_ALREADY_SET' });
  });

  test('sets a birthday never set (before: null); bad input and unknown members change nothing', async () => {
    const admin = (data: Record<string, unknown>) => callAs(cloud, OPERATOR, 'admin', 'setMemberBirthday', data, requestId());
    const before = state();
    expect(await admin({ memberNo: deer.memberNo, birthday: '2026-02-30', reason: '更正生日' })).toMatchObject({ ok: false, code: 'BIRTHDAY_INVALID' });
    expect(await admin({ memberNo: deer.memberNo, birthday: '2027-01-01', reason: '更正生日' })).toMatchObject({ ok: false, code: 'BIRTHDAY_INVALID' });
    expect(await admin({ memberNo: '9999999999', birthday: '1990-05-20', reason: '更正生日' })).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
    expect(await admin({ memberNo: deer.memberNo, birthday: '1990-05-20', reason: '' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
    expect(await admin({ memberNo: deer.memberNo, birthday: '1990-05-20' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
    expect(state()).toEqual(before);
    await ok(admin({ memberNo: deer.memberNo, birthday: '1990-05-20', reason: '门店代填' }));
    expect(cloud.db.dump('audit_log').find((e: any) => e.action === 'setMemberBirthday')).toMatchObject({ before: { birthday: null }, after: { birthday: '1990-05-20' } });
  });
});

describe('updateProfile', () => {
  test('a nickname is trimmed and checked: control characters, 21 characters and WeChat’s content check are refused', async () => {
    const before = state();
    const refused: [string, string][] = [
      ['小\u0000鹿', 'NICKNAME_INVALID'],
      ['小\n鹿', 'NICKNAME_INVALID'],
      ['一二三四五六七八九十一二三四五六七八九十一', 'NICKNAME_INVALID'],
      ['   ', 'NICKNAME_INVALID'],
      ['我是违禁词', 'NICKNAME_REJECTED'],
    ];
    for (const [nickname, code] of refused) expect({ nickname, answer: await member('updateProfile', { nickname }) }).toMatchObject({ nickname, answer: { ok: false, code, field: 'nickname' } });
    expect(await member('updateProfile', {})).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await member('updateProfile', { nickname: '小鹿', extra: 1 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(state()).toEqual(before);

    expect(await ok(member('updateProfile', { nickname: '  一二三四五六七八九十一二三四五六七八九十  ' }))).toMatchObject({ nickname: '一二三四五六七八九十一二三四五六七八九十' });
    expect(memberDoc().nickname).toBe('一二三四五六七八九十一二三四五六七八九十');
    // The home card shows it too.
    expect((await ok(member('me', {}, undefined))).member.nickname).toBe('一二三四五六七八九十一二三四五六七八九十');
  });

  test('an avatar must be an image the member uploaded under avatars/<their openid or member id>/', async () => {
    const mine = await upload(`avatars/${M}/1749520800000.png`);
    const byMemberId = await upload(`avatars/${deer.memberId}/a.jpg`);
    const theirs = await upload(`avatars/${OTHER}/1749520800000.png`);
    const notImage = await upload(`avatars/${M}/notes.txt`);
    const elsewhere = await upload(`exports/${M}/a.png`);
    const before = state();
    for (const avatarFileId of [theirs, notImage, elsewhere, `cloud://local.local-bucket/avatars/${M}/never-uploaded.png`, `cloud://local.local-bucket/avatars/${M}/../${OTHER}/1749520800000.png`]) {
      expect({ avatarFileId, answer: await member('updateProfile', { avatarFileId }) }).toMatchObject({ avatarFileId, answer: { ok: false, code: 'AVATAR_INVALID', field: 'avatarFileId' } });
    }
    expect(state()).toEqual(before);

    const updated = await ok(member('updateProfile', { avatarFileId: mine, nickname: '小鹿' }));
    expect(updated).toMatchObject({ nickname: '小鹿', avatarUrl: expect.stringMatching(new RegExp(`/__local/storage/avatars/${M}/1749520800000\\.png$`)) });
    expect(memberDoc()).toMatchObject({ avatarFileId: mine, avatarUrl: updated.avatarUrl, nickname: '小鹿' });
    expect(await ok(member('updateProfile', { avatarFileId: byMemberId }))).toMatchObject({ nickname: '小鹿', avatarUrl: expect.stringMatching(/a\.jpg$/) });
    // The client uploads into the folder the profile names (it knows neither the openid nor the member id in WeChat).
    expect((await ok(member('myProfile'))).avatarUploadFolder).toBe(`avatars/${deer.memberId}/`);
  });

  test('a retry answers the first outcome; the same id with other input is a conflict', async () => {
    const id = requestId();
    const first = await ok(member('updateProfile', { nickname: '小鹿' }, id));
    await ok(member('updateProfile', { nickname: '小狐' }));
    expect(await member('updateProfile', { nickname: '小鹿' }, id)).toMatchObject({ ok: true, replayed: true, data: first });
    expect(memberDoc().nickname).toBe('小狐');
    expect(await member('updateProfile', { nickname: '别的' }, id)).toMatchObject({ ok: false, code: 'IDEMPOTENCY_CONFLICT' });
  });
});

test('bad input on every new member action is a typed error, and a caller who never registered is not registered by it', async () => {
  const before = state();
  const cases: [string, Record<string, unknown>, string][] = [
    ['myProfile', { extra: true }, 'INVALID_INPUT'],
    ['updateProfile', { nickname: 12 }, 'INVALID_INPUT'],
    ['updateProfile', { avatarFileId: 'short' }, 'INVALID_INPUT'],
    ['setBirthday', {}, 'INVALID_INPUT'],
    ['setBirthday', { birthday: '2026-13-01' }, 'INVALID_INPUT'],
    ['bindPhone', {}, 'INVALID_INPUT'],
    ['bindPhone', { code: 'abc' }, 'INVALID_INPUT'],
    ['bindPhone', { code: 'local-phone:13800138000', phone: '13800138000' }, 'INVALID_INPUT'],
  ];
  for (const [action, data, code] of cases) expect({ action, data, answer: await member(action, data) }).toMatchObject({ action, data, answer: { ok: false, code } });
  // Someone who never opened the home page.
  for (const [action, data] of [['myProfile', {}], ['updateProfile', { nickname: '路人' }], ['setBirthday', { birthday: '1990-05-20' }], ['bindPhone', { code: `local-phone:${PHONE}` }]] as const) {
    expect({ action, answer: await member(action, data, requestId(), 'openid-stranger') }).toMatchObject({ action, answer: { ok: false, code: 'MEMBER_NOT_FOUND' } });
  }
  expect(state()).toEqual(before);
});
