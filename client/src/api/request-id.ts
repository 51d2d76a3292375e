import { useCallback, useState } from 'react';

// A mutating action carries a request id made on the phone. The same id is sent again on every
// retry of the same user action, so the server answers a retry with the first outcome instead of
// posting twice. The server stores the first definitive outcome per id (a success or a business
// failure such as 积分不足), so after any definitive answer the next action needs a fresh id:
// reusing it would replay the old outcome. Only a failure that may not have reached the ledger
// (NETWORK, BUSY, INTERNAL) keeps the id, so that the retry cannot post twice.

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

/** Failures after which the action may or may not have been recorded: retry with the same id. */
const UNSETTLED_CODES: ReadonlySet<string> = new Set(['NETWORK', 'BUSY', 'INTERNAL']);

/** True when a retry of this failure must reuse the request id (the server has no outcome yet). */
export function keepsRequestId(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code !== 'string' || UNSETTLED_CODES.has(code);
}

export interface RequestIdSlot {
  current: () => string;
  renew: () => void;
  /** Sends with the current id, then renews it unless the failure leaves the outcome open. */
  run: <T>(send: (requestId: string) => Promise<T>) => Promise<T>;
}

/** For stores and other non-React code: the id of the pending action. */
export function createRequestIdSlot(): RequestIdSlot {
  let id = newRequestId();
  const renew = () => {
    id = newRequestId();
  };
  return {
    current: () => id,
    renew,
    run: async (send) => {
      try {
        const result = await send(id);
        renew();
        return result;
      } catch (error) {
        if (!keepsRequestId(error)) renew();
        throw error;
      }
    },
  };
}

/**
 * One slot per target of the same action (a top-up package, a lot to refund): tapping another
 * package is another action, while tapping the same one again after a lost answer is a retry.
 */
export function createRequestIdSlots(): (key: string) => RequestIdSlot {
  const slots = new Map<string, RequestIdSlot>();
  return (key) => {
    let slot = slots.get(key);
    if (!slot) {
      slot = createRequestIdSlot();
      slots.set(key, slot);
    }
    return slot;
  };
}

/**
 * The id of the user action a screen is about to send. Pass `id` to `callFunction`; call
 * `renew()` after any definitive answer (success or business failure), never after a failure
 * that `keepsRequestId` (a retry must reuse it).
 */
export function useRequestId(): { id: string; renew: () => void } {
  const [id, setId] = useState(newRequestId);
  const renew = useCallback(() => setId(newRequestId()), []);
  return { id, renew };
}
