// Random hex ids (generated _ids, transaction ids) from a pooled buffer: one randomFillSync per
// 256 ids instead of one per id, with the same randomness.
import { randomFillSync } from 'crypto';

const pool = Buffer.alloc(4096);
let used = pool.length;

/** 32 random hex digits (16 bytes). */
export function randomHex16(): string {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const text = pool.toString('hex', used, used + 16);
  used += 16;
  return text;
}
