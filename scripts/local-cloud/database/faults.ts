// Fault injection for tests: slow answers, one failing operation, and transaction conflicts that
// are indistinguishable from real ones. A seed makes every run take the same path.
import { DbError } from './errors';

export interface FaultOptions {
  /** Chance that a write inside a transaction conflicts. */
  conflictProbability?: number;
  /** The Nth operation from now (1 = the next one) fails with SYS_ERR or DATABASE_REQUEST_FAILED. */
  failNthOperation?: number;
  /** Delay before every operation is answered. */
  latencyMs?: number;
  seed?: number;
}

/** mulberry32: tiny, fast and good enough to make injected faults reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private options: FaultOptions = {};
  private random = seededRandom(1);
  private untilFailure = 0;

  set(options: FaultOptions): void {
    this.options = { ...options };
    this.random = seededRandom(options.seed ?? 1);
    this.untilFailure = options.failNthOperation ?? 0;
  }

  clear(): void {
    this.set({});
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }

  /** Counts one operation; returns the error it must fail with, if this is the chosen one. */
  nextOperationFailure(): DbError | null {
    if (this.untilFailure <= 0) return null;
    this.untilFailure -= 1;
    if (this.untilFailure > 0) return null;
    return this.random() < 0.5
      ? new DbError('SYS_ERR', '[InternalError] Injected fault: system error')
      : new DbError('DATABASE_REQUEST_FAILED', '[InternalError] Injected fault: database request failed');
  }

  injectConflict(): boolean {
    const p = this.options.conflictProbability ?? 0;
    return p > 0 && this.random() < p;
  }
}
