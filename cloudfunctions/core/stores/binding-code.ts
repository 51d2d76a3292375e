import { randomInt } from 'crypto';
import { BINDING_CODE_ALPHABET, BINDING_CODE_LENGTH } from '../contract';
import type { BindingCodeDoc } from './collections';

// Rules of staff binding codes, apart from the database.

export const BINDING_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** 8 characters of a 32-letter alphabet: 2^40 codes, drawn from the system's CSPRNG. */
export function newBindingCode(): string {
  let code = '';
  for (let i = 0; i < BINDING_CODE_LENGTH; i++) code += BINDING_CODE_ALPHABET[randomInt(BINDING_CODE_ALPHABET.length)];
  return code;
}

export function bindingCodeExpiry(now: Date): Date {
  return new Date(now.getTime() + BINDING_CODE_TTL_MS);
}

/** A code binds once, before it expires. */
export function isUsable(code: BindingCodeDoc | null, now: Date): code is BindingCodeDoc {
  return code !== null && code.usedBy === null && new Date(code.expiresAt).getTime() > now.getTime();
}
