// Pure rules of the profile and the phone at rest, by tables with hand-written answers.
import {
  DEVELOPMENT_PHONE_KEYS,
  decryptPhone,
  encryptPhone,
  maskPhoneNumber,
  normalizeMainlandMobile,
  phoneFields,
  phoneKey,
  phoneLookupHash,
  useDevelopmentPhoneKeys,
} from '../../cloudfunctions/core/privacy/phone-crypto';
import { cleanNickname, isOwnAvatarFileId, isValidBirthday } from '../../cloudfunctions/core/profile/rules';

const KEYS = {
  PHONE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  PHONE_HASH_KEY: Buffer.alloc(32, 9).toString('base64'),
};

describe('normalizeMainlandMobile', () => {
  test.each([
    ['13800138000', '13800138000'],
    [' 138 0013 8000 ', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['19912345678', '19912345678'],
    ['1380013800', null], // ten digits
    ['138001380001', null], // twelve
    ['12800138000', null], // no mainland mobile starts 12
    ['138****8000', null], // the masked form
    ['1380013', null], // a prefix
    ['23800138000', null],
    ['+1 415 555 0100', null],
    ['', null],
  ])('%j → %j', (raw, expected) => expect(normalizeMainlandMobile(raw)).toBe(expected));
});

test('the masked form keeps the first three and last four digits', () => {
  expect(maskPhoneNumber('13800138000')).toBe('138****8000');
  expect(maskPhoneNumber('19912345678')).toBe('199****5678');
});

describe('encryption and the lookup hash', () => {
  test('a number comes back from its cipher text, which differs each time and never holds it', () => {
    const a = encryptPhone('13800138000', KEYS);
    const b = encryptPhone('13800138000', KEYS);
    expect(a).not.toBe(b); // a fresh IV each time
    expect(decryptPhone(a, KEYS)).toBe('13800138000');
    expect(decryptPhone(b, KEYS)).toBe('13800138000');
    // iv 12 + tag 16 + 11 bytes of text
    expect(Buffer.from(a, 'base64')).toHaveLength(39);
    expect(a).not.toContain('13800138000');
    expect(Buffer.from(a, 'base64').toString('latin1')).not.toContain('8000');
  });

  test('an altered cipher text or another key is refused, not misread', () => {
    const cipher = Buffer.from(encryptPhone('13800138000', KEYS), 'base64');
    cipher[cipher.length - 1] ^= 1;
    expect(() => decryptPhone(cipher.toString('base64'), KEYS)).toThrow();
    const other = { ...KEYS, PHONE_ENCRYPTION_KEY: Buffer.alloc(32, 8).toString('base64') };
    expect(() => decryptPhone(encryptPhone('13800138000', KEYS), other)).toThrow();
  });

  test('the hash is stable per key, differs between numbers and keys, and is not a plain SHA-256', () => {
    const h = phoneLookupHash('13800138000', KEYS);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(phoneLookupHash('13800138000', KEYS)).toBe(h);
    expect(phoneLookupHash('13800138001', KEYS)).not.toBe(h);
    expect(phoneLookupHash('13800138000', { ...KEYS, PHONE_HASH_KEY: Buffer.alloc(32, 1).toString('base64') })).not.toBe(h);
    expect(h).not.toBe(require('crypto').createHash('sha256').update('13800138000').digest('hex'));
  });

  test('phoneFields normalises first: +86 and spaces give the same hash and mask', () => {
    const fields = phoneFields('+86 138 0013 8000', KEYS);
    expect(fields.phoneMasked).toBe('138****8000');
    expect(fields.phoneHash).toBe(phoneLookupHash('13800138000', KEYS));
    expect(decryptPhone(fields.phoneCipher, KEYS)).toBe('13800138000');
    expect(() => phoneFields('1380013800', KEYS)).toThrow(/mainland/);
  });
});

describe('keys from the environment', () => {
  test('a missing or malformed key is an error naming what to set', () => {
    expect(() => phoneKey('PHONE_ENCRYPTION_KEY', {})).toThrow(/PHONE_ENCRYPTION_KEY is not set/);
    expect(() => phoneKey('PHONE_HASH_KEY', { PHONE_HASH_KEY: '' })).toThrow(/PHONE_HASH_KEY is not set/);
    expect(() => phoneKey('PHONE_HASH_KEY', { PHONE_HASH_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
    expect(() => phoneKey('PHONE_HASH_KEY', { PHONE_HASH_KEY: 'not base64 at all!' })).toThrow(/32 bytes/);
    expect(() => encryptPhone('13800138000', {})).toThrow(/PHONE_ENCRYPTION_KEY is not set/);
    expect(phoneKey('PHONE_HASH_KEY', KEYS)).toEqual(Buffer.alloc(32, 9));
  });

  test('the local cloud fills in only the missing development keys and warns once', () => {
    const warn = jest.fn();
    const env: Record<string, string | undefined> = { PHONE_HASH_KEY: KEYS.PHONE_HASH_KEY };
    // The jest worker's own local clouds have already used the one warning, or not: count from here.
    const first = useDevelopmentPhoneKeys(env, warn);
    expect(first).toEqual(['PHONE_ENCRYPTION_KEY']);
    expect(env).toEqual({ PHONE_HASH_KEY: KEYS.PHONE_HASH_KEY, PHONE_ENCRYPTION_KEY: DEVELOPMENT_PHONE_KEYS.PHONE_ENCRYPTION_KEY });
    expect(useDevelopmentPhoneKeys({}, warn)).toEqual(['PHONE_ENCRYPTION_KEY', 'PHONE_HASH_KEY']);
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1);
    expect(useDevelopmentPhoneKeys(env, warn)).toEqual([]);
    expect(phoneKey('PHONE_ENCRYPTION_KEY', { ...DEVELOPMENT_PHONE_KEYS })).toHaveLength(32);
    expect(phoneKey('PHONE_HASH_KEY', { ...DEVELOPMENT_PHONE_KEYS })).toHaveLength(32);
  });
});

describe('cleanNickname', () => {
  test.each([
    ['小鹿', '小鹿'],
    ['  小鹿  ', '小鹿'],
    ['\u3000小鹿\u3000', '小鹿'], // full-width spaces trimmed
    ['Deer Lu', 'Deer Lu'],
    ['一二三四五六七八九十一二三四五六七八九十', '一二三四五六七八九十一二三四五六七八九十'], // 20
    ['一二三四五六七八九十一二三四五六七八九十一', null], // 21
    ['😀'.repeat(20), '😀'.repeat(20)], // 20 characters, 40 UTF-16 units
    ['', null],
    ['   ', null],
    ['小\u0000鹿', null],
    ['小\n鹿', null],
    ['小\t鹿', null],
    ['小\u007f鹿', null],
    ['小\u0085鹿', null], // C1 control
    ['小\u2028鹿', null],
    ['\u202e鹿小', null], // right-to-left override
  ])('%j → %j', (raw, expected) => expect(cleanNickname(raw)).toBe(expected));
});

describe('isOwnAvatarFileId', () => {
  const owners = ['openid-a', 'm_123'];
  test.each([
    ['cloud://local.local-bucket/avatars/openid-a/1717000000.png', true],
    ['cloud://prod-1a2b.7072-prod-1a2b-1250000000/avatars/openid-a/x/1.JPG', true],
    ['cloud://local.local-bucket/avatars/m_123/a.webp', true],
    ['cloud://local.local-bucket/avatars/openid-a/a.jpeg', true],
    ['cloud://local.local-bucket/avatars/openid-b/a.png', false], // someone else's folder
    ['cloud://local.local-bucket/exports/openid-a/a.png', false], // not avatars/
    ['cloud://local.local-bucket/avatars/openid-a/a.json', false], // not an image
    ['cloud://local.local-bucket/avatars/openid-a/a.png.exe', false],
    ['cloud://local.local-bucket/avatars/openid-a/../openid-b/a.png', false],
    ['cloud://local.local-bucket/avatars/openid-a//a.png', false],
    ['cloud://local.local-bucket/avatars/openid-a/.png', false], // an extension with no name
    ['https://example.com/avatars/openid-a/a.png', false],
    ['avatars/openid-a/a.png', false],
  ])('%s → %s', (fileId, expected) => expect(isOwnAvatarFileId(fileId, owners)).toBe(expected));
});

describe('isValidBirthday', () => {
  // 2026-06-10T17:00Z is 01:00 on 11 June in Shanghai: "today" there is the 11th.
  const now = new Date('2026-06-10T17:00:00Z');
  test.each([
    ['1990-05-20', true],
    ['2024-02-29', true], // a leap day
    ['2023-02-29', false], // not a leap year
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-06-11', true], // today in the brand's zone
    ['2026-06-12', false], // tomorrow
    ['2027-01-01', false],
    ['1900-01-01', true],
    ['1899-12-31', false],
    ['1990-5-20', false],
    ['19900520', false],
  ])('%s → %s', (day, expected) => expect(isValidBirthday(day, now, 'Asia/Shanghai')).toBe(expected));

  test('the day is the brand zone’s: at the same moment it is still the 10th in UTC', () => {
    expect(isValidBirthday('2026-06-11', now, 'UTC')).toBe(false);
  });
});
