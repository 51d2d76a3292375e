import { birthdayMonthDay, birthdayRange, checkNickname, localPhoneCode, maskMobile, nicknameChange, normalizeMobile } from './fields';

describe('checkNickname', () => {
  it.each([
    ['小鹿', { ok: true, nickname: '小鹿' }],
    ['  小鹿  ', { ok: true, nickname: '小鹿' }],
    ['Deer 🦌', { ok: true, nickname: 'Deer 🦌' }],
    ['一二三四五六七八九十一二三四五六七八九十', { ok: true, nickname: '一二三四五六七八九十一二三四五六七八九十' }],
    ['🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌', { ok: true, nickname: '🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌🦌' }],
    ['', { ok: false, message: '请填写昵称' }],
    ['   ', { ok: false, message: '请填写昵称' }],
    ['一二三四五六七八九十一二三四五六七八九十一', { ok: false, message: '昵称最多 20 个字' }],
    ['小\u0007鹿', { ok: false, message: '昵称不能包含特殊字符' }],
    ['小\u200b鹿', { ok: false, message: '昵称不能包含特殊字符' }],
    ['小\u202e鹿', { ok: false, message: '昵称不能包含特殊字符' }],
    ['小\n鹿', { ok: false, message: '昵称不能包含特殊字符' }],
  ])('"%s"', (raw, expected) => {
    expect(checkNickname(raw)).toEqual(expected);
  });
});

describe('nicknameChange', () => {
  it.each([
    ['会员8956', '会员8956', null],
    [' 会员8956 ', '会员8956', null],
    ['小鹿', '会员8956', { ok: true, nickname: '小鹿' }],
    ['', '会员8956', { ok: false, message: '请填写昵称' }],
  ])('"%s" over "%s"', (raw, current, expected) => {
    expect(nicknameChange(raw, current)).toEqual(expected);
  });
});

describe('phone numbers', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['19912345678', '19912345678'],
    ['1380013800', null],
    ['138001380001', null],
    ['12800138000', null],
    ['23800138000', null],
    ['1380013800a', null],
  ])('normalizeMobile("%s")', (raw, expected) => {
    expect(normalizeMobile(raw)).toBe(expected);
  });

  it('makes the local fake code and the masked form', () => {
    expect(localPhoneCode('13800138000')).toBe('local-phone:13800138000');
    expect(maskMobile('13800138000')).toBe('138****8000');
  });
});

describe('birthday', () => {
  it.each([
    ['1990-05-20', '5月20日'],
    ['2000-12-01', '12月1日'],
    ['bad', 'bad'],
  ])('birthdayMonthDay(%s)', (value, expected) => {
    expect(birthdayMonthDay(value)).toBe(expected);
  });

  it('ends the range today', () => {
    expect(birthdayRange('2026-03-04')).toEqual({ start: '1900-01-01', end: '2026-03-04' });
  });
});
