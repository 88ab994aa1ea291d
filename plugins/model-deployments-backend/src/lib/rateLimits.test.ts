import { ConcurrencySlots, TokenBuckets } from './rateLimits';

/** A clock the test moves. */
function fakeClock(start = Date.parse('2026-12-01T12:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('TokenBuckets', () => {
  it('starts full, takes each cost at once, and refuses, taking nothing, what it does not hold', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({
      capacity: 1000,
      refillPerMinute: 600,
      now: clock.now,
    });
    expect(buckets.take('alice', 700)).toEqual({ taken: true, left: 300 });
    expect(buckets.take('alice', 400)).toEqual({
      taken: false,
      left: 300,
      // 100 missing at 10 a second.
      retryAfterMs: 10_000,
    });
    // Refused takes took nothing: 300 are still there.
    expect(buckets.take('alice', 300)).toEqual({ taken: true, left: 0 });
  });

  it('refills continuously, up to its capacity', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({
      capacity: 1000,
      refillPerMinute: 600,
      now: clock.now,
    });
    buckets.take('alice', 1000);
    clock.advance(9_999);
    expect(buckets.take('alice', 100).taken).toBe(false);
    clock.advance(1);
    expect(buckets.take('alice', 100)).toEqual({ taken: true, left: 0 });
    clock.advance(3_600_000);
    expect(buckets.take('alice', 0)).toEqual({ taken: true, left: 1000 });
  });

  it('keeps a bucket per key', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({
      capacity: 100,
      refillPerMinute: 60,
      now: clock.now,
    });
    expect(buckets.take('alice', 100).taken).toBe(true);
    expect(buckets.take('alice', 1).taken).toBe(false);
    expect(buckets.take('bob', 100).taken).toBe(true);
  });

  it('charges a cost above the capacity as the whole bucket: it passes with a full one only', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({
      capacity: 100,
      refillPerMinute: 60,
      now: clock.now,
    });
    expect(buckets.take('alice', 500)).toEqual({ taken: true, left: 0 });
    expect(buckets.take('alice', 500)).toEqual({
      taken: false,
      left: 0,
      retryAfterMs: 100_000,
    });
  });

  it('forgets the keys whose buckets are full again, so idle users cost no memory', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({
      capacity: 100,
      refillPerMinute: 60,
      now: clock.now,
    });
    for (let user = 0; user < 1000; user++) {
      buckets.take(`user:default/u${user}`, 50);
    }
    expect(buckets.size).toBe(1000);
    // Full again after 50 s; they are looked for once a minute.
    clock.advance(60_000);
    buckets.take('alice', 1);
    expect(buckets.size).toBe(1);
  });

  it('refuses a bucket without capacity or refill', () => {
    expect(() => new TokenBuckets({ capacity: 0, refillPerMinute: 1 })).toThrow(
      'A token bucket needs a capacity and a refill above 0',
    );
    expect(
      () => new TokenBuckets({ capacity: 1, refillPerMinute: Number.NaN }),
    ).toThrow();
  });
});

describe('ConcurrencySlots', () => {
  it('gives each key at most perKey slots, and says since when its oldest is held', () => {
    const clock = fakeClock();
    const slots = new ConcurrencySlots({ perKey: 2, now: clock.now });
    const first = slots.acquire('alice');
    clock.advance(1000);
    const second = slots.acquire('alice');
    expect(first.acquired && second.acquired).toBe(true);
    expect(slots.acquire('alice')).toEqual({
      acquired: false,
      oldestSince: clock.now() - 1000,
    });
    expect(slots.acquire('bob').acquired).toBe(true);
    expect(slots.count('alice')).toBe(2);
  });

  it('frees a slot when released, once however often it is released', () => {
    const slots = new ConcurrencySlots({ perKey: 2 });
    const first = slots.acquire('alice');
    const second = slots.acquire('alice');
    if (!first.acquired || !second.acquired) {
      throw new Error('expected two slots');
    }
    first.slot.release();
    first.slot.release();
    expect(slots.count('alice')).toBe(1);
    const third = slots.acquire('alice');
    expect(third.acquired).toBe(true);
    // The second release of the first slot did not free the third's.
    expect(slots.acquire('alice').acquired).toBe(false);
    second.slot.release();
    if (third.acquired) third.slot.release();
    expect(slots.count('alice')).toBe(0);
    // A slot released after its key was forgotten frees nothing of the key's new slots.
    const fourth = slots.acquire('alice');
    const fifth = slots.acquire('alice');
    first.slot.release();
    expect(fourth.acquired && fifth.acquired).toBe(true);
    expect(slots.count('alice')).toBe(2);
  });

  it('needs at least one slot per key', () => {
    expect(() => new ConcurrencySlots({ perKey: 0 })).toThrow(
      'Concurrency slots need at least one per key',
    );
    expect(() => new ConcurrencySlots({ perKey: 1.5 })).toThrow();
  });
});
