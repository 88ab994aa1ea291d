import type { IdempotencyStore } from '../database/IdempotencyStore';
import type { ScheduledTask } from './ScheduledTask';

/** Idempotency keys answer retries for a day, like most payment and cloud APIs. */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Every hour, the idempotency keys older than a day are forgotten. */
export function expireIdempotencyKeys(deps: {
  idempotency: Pick<IdempotencyStore, 'deleteBefore'>;
  clock?: () => Date;
}): ScheduledTask {
  return {
    id: 'expire-idempotency-keys',
    frequency: { hours: 1 },
    timeout: { minutes: 5 },
    fn: async () => {
      const now = deps.clock?.() ?? new Date();
      await deps.idempotency.deleteBefore(
        new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_MS),
      );
    },
  };
}
