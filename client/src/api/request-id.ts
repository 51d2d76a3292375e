import { useCallback, useState } from 'react';

// A mutating action carries a request id made on the phone. The same id is sent again on every
// retry of the same user action, so the server answers a retry with the first outcome instead of
// posting twice; only after a success does the next action get a fresh id.

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const LENGTH = 24;

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto;
  if (cryptoApi?.getRandomValues) {
    cryptoApi.getRandomValues(bytes);
  } else {
    // The mini-program runtime has no Web Crypto; the id only needs to be unique, not secret.
    for (let i = 0; i < count; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  }
  return bytes;
}

/** 24 base-36 characters (~124 bits): a time prefix for readable logs, then random. */
export function newRequestId(): string {
  const time = Date.now().toString(36);
  const bytes = randomBytes(LENGTH - time.length);
  let random = '';
  for (const byte of bytes) random += ALPHABET[byte % 36];
  return time + random;
}

/** For stores and other non-React code: the id of the pending action, renewed after success. */
export function createRequestIdSlot(): { current: () => string; renew: () => void } {
  let id = newRequestId();
  return {
    current: () => id,
    renew: () => {
      id = newRequestId();
    },
  };
}

/**
 * The id of the user action a screen is about to send. Pass `id` to `callFunction`; call
 * `renew()` once the server has answered with success, never on failure (a retry must reuse it).
 */
export function useRequestId(): { id: string; renew: () => void } {
  const [id, setId] = useState(newRequestId);
  const renew = useCallback(() => setId(newRequestId()), []);
  return { id, renew };
}
