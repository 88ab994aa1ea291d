/**
 * Limits per key (a user's or service's principal), kept in this process's memory: a token bucket for
 * what a request costs, and a count of what a key holds open at once. Both take the time from `now`, so
 * that tests can move it.
 */

/** Entries whose buckets are full again are dropped at most this often, so idle users cost nothing. */
const SWEEP_INTERVAL_MS = 60_000;

/** The answer of {@link TokenBuckets.take}. */
export type Taken =
  | { taken: true; left: number }
  | {
      taken: false;
      /** What the key's bucket holds now. */
      left: number;
      /** How long until it holds the cost, in milliseconds. */
      retryAfterMs: number;
    };

/**
 * A token bucket per key: each holds up to `capacity` tokens, is full at first, and refills at
 * `refillPerMinute`, continuously. A request takes its cost at once, or nothing and is told how long
 * until the bucket holds that much. A cost above the capacity is charged as the whole bucket, so it
 * passes only with a full one.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    private readonly options: {
      capacity: number;
      refillPerMinute: number;
      now?: () => number;
    },
  ) {
    if (!(options.capacity > 0) || !(options.refillPerMinute > 0)) {
      throw new Error('A token bucket needs a capacity and a refill above 0');
    }
    this.perMs = options.refillPerMinute / 60_000;
    this.lastSweep = this.now();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** What `key`'s bucket holds at `now`. */
  private level(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) {
      return this.options.capacity;
    }
    return Math.min(
      this.options.capacity,
      bucket.tokens + Math.max(0, now - bucket.at) * this.perMs,
    );
  }

  take(key: string, cost: number): Taken {
    const now = this.now();
    this.sweep(now);
    const charged = Math.min(cost, this.options.capacity);
    const level = this.level(key, now);
    if (level >= charged) {
      this.buckets.set(key, { tokens: level - charged, at: now });
      return { taken: true, left: level - charged };
    }
    return {
      taken: false,
      left: level,
      retryAfterMs: (charged - level) / this.perMs,
    };
  }

  /** How many keys have a bucket that is not full (for tests: idle keys are forgotten). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number) {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) {
      return;
    }
    this.lastSweep = now;
    for (const key of [...this.buckets.keys()]) {
      if (this.level(key, now) >= this.options.capacity) {
        this.buckets.delete(key);
      }
    }
  }
}

/** A slot of {@link ConcurrencySlots}, held until released; releasing twice frees it once. */
export type Slot = { readonly since: number; release(): void };

/** The answer of {@link ConcurrencySlots.acquire}. */
export type Acquired =
  | { acquired: true; slot: Slot }
  | {
      acquired: false;
      /** When the key's oldest slot was taken, in epoch milliseconds. */
      oldestSince: number;
    };

/** At most `perKey` slots held at once by each key. */
export class ConcurrencySlots {
  private readonly held = new Map<string, Set<Slot>>();

  constructor(
    private readonly options: { perKey: number; now?: () => number },
  ) {
    if (!Number.isInteger(options.perKey) || options.perKey < 1) {
      throw new Error('Concurrency slots need at least one per key');
    }
  }

  acquire(key: string): Acquired {
    const slots = this.held.get(key) ?? new Set<Slot>();
    if (slots.size >= this.options.perKey) {
      return {
        acquired: false,
        oldestSince: Math.min(...[...slots].map(slot => slot.since)),
      };
    }
    const slot: Slot = {
      since: this.options.now?.() ?? Date.now(),
      release: () => {
        slots.delete(slot);
        if (slots.size === 0 && this.held.get(key) === slots) {
          this.held.delete(key);
        }
      },
    };
    slots.add(slot);
    this.held.set(key, slots);
    return { acquired: true, slot };
  }

  /** How many slots `key` holds now. */
  count(key: string): number {
    return this.held.get(key)?.size ?? 0;
  }
}
