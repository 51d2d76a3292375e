import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'crypto';

// The member's verified phone number at rest. The number itself is never stored: the member
// document keeps it encrypted (AES-256-GCM, for the operators who may see it in full), masked
// (138****8000, for display) and as a keyed hash (HMAC-SHA256, so a cashier's full number finds
// the member by an exact match, and a leaked database cannot be reversed by hashing every
// possible number without the key).
//
// The keys are environment variables of the functions that read or write phones (member, staff,
// admin), 32 random bytes in base64 each (`openssl rand -base64 32`). As with MEMBER_CODE_SECRET,
// business code requires them; the local cloud fills in fixed development keys when they are not
// set (scripts/local-cloud), so in the real cloud a missing key is an error, never a silent default.

export const PHONE_ENCRYPTION_KEY = 'PHONE_ENCRYPTION_KEY';
export const PHONE_HASH_KEY = 'PHONE_HASH_KEY';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Prefixed to the hashed text so the same key could never be confused with another use of it. */
const HASH_CONTEXT = 'member-phone:v1:';

/** A mainland mobile number: 1, then 3–9, then nine digits. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

type Env = Record<string, string | undefined>;

export interface PhoneFields {
  /** base64(iv 12 bytes | tag 16 bytes | ciphertext). */
  phoneCipher: string;
  /** 138****8000 */
  phoneMasked: string;
  /** HMAC-SHA256(PHONE_HASH_KEY, number), hex. */
  phoneHash: string;
}

/** One of the two keys from the environment: 32 bytes of base64, or an error naming what to do. */
export function phoneKey(name: typeof PHONE_ENCRYPTION_KEY | typeof PHONE_HASH_KEY, env: Env = process.env): Buffer {
  const value = env[name];
  if (!value) {
    throw new Error(`${name} is not set: configure it as an environment variable of the member, staff and admin cloud functions (openssl rand -base64 32)`);
  }
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value.trim()) ? Buffer.from(value.trim(), 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) throw new Error(`${name} must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)`);
  return key;
}

/**
 * A number as typed or as WeChat gives it (+86, spaces, dashes allowed) → its 11 digits, or null
 * unless it is a whole mainland mobile number.
 */
export function normalizeMainlandMobile(raw: string): string | null {
  const compact = raw.trim().replace(/[\s-]/g, '');
  const digits = compact.replace(/^(\+?86|0086)(?=1\d{10}$)/, '');
  return MAINLAND_MOBILE.test(digits) ? digits : null;
}

/** 13800138000 → 138****8000. Expects a normalised 11-digit number. */
export function maskPhoneNumber(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** The lookup hash of a normalised number. */
export function phoneLookupHash(phone: string, env: Env = process.env): string {
  return createHmac('sha256', phoneKey(PHONE_HASH_KEY, env)).update(HASH_CONTEXT + phone).digest('hex');
}

export function encryptPhone(phone: string, env: Env = process.env): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', phoneKey(PHONE_ENCRYPTION_KEY, env), iv);
  const ciphertext = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Throws if the cipher text was altered or the key is not the one it was written with. */
export function decryptPhone(phoneCipher: string, env: Env = process.env): string {
  const raw = Buffer.from(phoneCipher, 'base64');
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error('phone cipher text is too short');
  const decipher = createDecipheriv('aes-256-gcm', phoneKey(PHONE_ENCRYPTION_KEY, env), raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** What a member document holds of a verified number (plus phoneVerifiedAt, set by the caller). */
export function phoneFields(rawPhone: string, env: Env = process.env): PhoneFields {
  const phone = normalizeMainlandMobile(rawPhone);
  if (!phone) throw new Error('not a mainland mobile number');
  return { phoneCipher: encryptPhone(phone, env), phoneMasked: maskPhoneNumber(phone), phoneHash: phoneLookupHash(phone, env) };
}

/**
 * Fixed keys for the local cloud only; a deployment that used them would protect nothing. They are
 * 32 bytes each so that they pass the same checks as real keys.
 */
export const DEVELOPMENT_PHONE_KEYS: Readonly<Record<typeof PHONE_ENCRYPTION_KEY | typeof PHONE_HASH_KEY, string>> = {
  PHONE_ENCRYPTION_KEY: Buffer.from('local-dev-phone-encryption-key!!').toString('base64'),
  PHONE_HASH_KEY: Buffer.from('local-dev-phone-lookup-hash-key!').toString('base64'),
};

let warnedAboutDevelopmentKeys = false;

/**
 * Locally (scripts/local-cloud, never in a function): fills in the development keys that are not
 * set, and says so once per process. Answers which keys it filled in.
 */
export function useDevelopmentPhoneKeys(env: Env = process.env, warn: (message: string) => void = console.warn): string[] {
  const filled = (Object.keys(DEVELOPMENT_PHONE_KEYS) as (keyof typeof DEVELOPMENT_PHONE_KEYS)[]).filter((name) => !env[name]);
  for (const name of filled) env[name] = DEVELOPMENT_PHONE_KEYS[name];
  if (filled.length && !warnedAboutDevelopmentKeys) {
    warnedAboutDevelopmentKeys = true;
    warn(`[local-cloud] ${filled.join(' and ')} not set: phone numbers are encrypted with fixed development keys (set real ones in the cloud)`);
  }
  return filled;
}
