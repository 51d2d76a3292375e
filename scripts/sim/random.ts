/**
 * A seeded pseudo-random source (mulberry32), so that one seed always draws the same plan.
 * The simulation draws every choice from here; Math.random is never used by the driver.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** An unsigned 32-bit integer, e.g. a seed for another generator. */
  uint(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the keys, with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const keys = Object.keys(weights) as K[];
    const total = keys.reduce((t, k) => t + weights[k], 0);
    let at = this.next() * total;
    for (const key of keys) {
      at -= weights[key];
      if (at < 0) return key;
    }
    return keys[keys.length - 1];
  }

  /** A request id of the shape clients send ([A-Za-z0-9_-]{8,64}), reproducible per seed. */
  requestId(prefix: string): string {
    return `${prefix}_${this.uint().toString(36)}${this.uint().toString(36)}`;
  }
}
