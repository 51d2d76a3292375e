import { h5InviteUrl, inviteCodeFromQuery, inviteCodeFromScene, inviteGreeting, queryOfUrl } from './invite-launch';

const CODE = 'iAbC123xyZ09';

describe('reading the invite code from a launch', () => {
  it.each([
    ['a share card', { inv: CODE }, CODE],
    ['a mini-program code (scene encoded once)', { scene: `i%3D${CODE}` }, CODE],
    ['a scene encoded twice', { scene: `i%253D${CODE}` }, CODE],
    ['a scene already decoded', { scene: `i=${CODE}` }, CODE],
    ['a scene with another parameter first', { scene: `s%3D1%26i%3D${CODE}` }, CODE],
    ['inv wins over scene', { inv: CODE, scene: 'i%3DiZZZZZZZZZZZ' }, CODE],
    ['a bad inv falls back to the scene', { inv: 'nope', scene: `i%3D${CODE}` }, CODE],
    ['a code one character short', { inv: CODE.slice(0, 11) }, null],
    ['a code one character long', { inv: `${CODE}x` }, null],
    ['a code not starting with i', { inv: `x${CODE.slice(1)}` }, null],
    ['a code with a symbol', { inv: 'iAbC123xyZ0-' }, null],
    ['a scene of another kind', { scene: 'm%3D123' }, null],
    ['a scene with a bad code', { scene: 'i%3Dshort' }, null],
    ['a broken escape', { scene: 'i%3' }, null],
    ['no query', {}, null],
  ])('%s', (_name, query, expected) => {
    expect(inviteCodeFromQuery(query)).toBe(expected);
  });

  it('takes only the i= parameter of a scene', () => {
    expect(inviteCodeFromScene(`x=${CODE}`)).toBeNull();
    expect(inviteCodeFromScene(`ii=${CODE}`)).toBeNull();
    expect(inviteCodeFromQuery(undefined)).toBeNull();
  });
});

describe('the query of an H5 address', () => {
  it('reads the hash route query', () => {
    expect(queryOfUrl(`http://localhost:8080/#/pages/index/index?inv=${CODE}`)).toEqual({ inv: CODE });
  });
  it('reads the search part and lets the hash win', () => {
    expect(queryOfUrl(`http://h/?inv=a&x=1#/pages/index/index?inv=${CODE}`)).toEqual({ inv: CODE, x: '1' });
  });
  it('keeps a scene encoded, for the scene reader', () => {
    const query = queryOfUrl(`http://h/#/pages/index/index?scene=i%3D${CODE}`);
    expect(query).toEqual({ scene: `i%3D${CODE}` });
    expect(inviteCodeFromQuery(query)).toBe(CODE);
  });
  it('is empty without a query', () => {
    expect(queryOfUrl('http://h/#/pages/index/index')).toEqual({});
  });
});

describe('the greeting on the home page', () => {
  const base = { source: 'member' as const, fromName: '小*', welcomeText: '注册即得 100 积分' };
  it.each([
    [{ ...base, outcome: 'pending' as const }, '好友 小* 邀请你加入，注册即得 100 积分'],
    [{ ...base, outcome: 'pending' as const, welcomeText: null }, '好友 小* 邀请你加入'],
    [{ ...base, outcome: 'pending' as const, source: 'store' as const, fromName: '国贸店' }, '国贸店 邀请你加入，注册即得 100 积分'],
    [{ ...base, outcome: 'pending' as const, source: 'staff' as const, fromName: '王芳', welcomeText: null }, '王芳 欢迎你加入'],
    [{ ...base, outcome: 'guide_bound' as const, source: 'staff' as const, fromName: '王芳' }, '王芳 将为你提供专属服务'],
    [{ ...base, outcome: 'existing_member' as const }, '你已是会员，感谢 小* 的分享'],
    [{ ...base, outcome: 'self' as const }, null],
    [{ ...base, outcome: 'inactive' as const }, null],
    [{ ...base, outcome: 'guide_protected' as const, source: 'staff' as const }, null],
  ])('%o', (result, expected) => {
    expect(inviteGreeting(result)).toBe(expected);
  });
});

describe('the H5 invite address', () => {
  const location = { origin: 'http://localhost:8080', pathname: '/' };
  it.each([
    [null, CODE, `http://localhost:8080/#/pages/index/index?inv=${CODE}`],
    [`pages/index/index?inv=${CODE}`, null, `http://localhost:8080/#/pages/index/index?inv=${CODE}`],
    [`/#/pages/index/index?inv=${CODE}`, null, `http://localhost:8080/#/pages/index/index?inv=${CODE}`],
    [`/pages/index/index?inv=${CODE}`, null, `http://localhost:8080/#/pages/index/index?inv=${CODE}`],
    [`https://m.example.com/#/pages/index/index?inv=${CODE}`, null, `https://m.example.com/#/pages/index/index?inv=${CODE}`],
    [null, null, null],
  ])('h5Path %s, code %s', (h5Path, code, expected) => {
    expect(h5InviteUrl(location, h5Path, code)).toBe(expected);
  });
});
