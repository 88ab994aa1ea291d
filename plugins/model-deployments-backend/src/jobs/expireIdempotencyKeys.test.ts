import {
  expireIdempotencyKeys,
  IDEMPOTENCY_KEY_RETENTION_MS,
} from './expireIdempotencyKeys';

describe('expireIdempotencyKeys', () => {
  it('forgets the keys older than a day, every hour', async () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const idempotency = { deleteBefore: jest.fn() };
    const task = expireIdempotencyKeys({ idempotency, clock: () => now });

    await task.fn(new AbortController().signal);

    expect(task).toMatchObject({
      id: 'expire-idempotency-keys',
      frequency: { hours: 1 },
    });
    expect(idempotency.deleteBefore).toHaveBeenCalledWith(
      new Date('2026-12-06T12:00:00Z'),
    );
    expect(IDEMPOTENCY_KEY_RETENTION_MS).toBe(24 * 60 * 60 * 1000);
  });
});
