import type { Knex } from 'knex';
import type { IdempotencyStore } from './IdempotencyStore';
import type { IdempotencyKeyRow } from './rows';

/** {@link IdempotencyStore} on the plugin's database, or on one transaction of it. */
export class KnexIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async get(
    actor: string,
    key: string,
  ): Promise<{ requestHash: string; deploymentId: string } | undefined> {
    const row = await this.db<IdempotencyKeyRow>('idempotency_keys')
      .where({ actor, key })
      .first();
    return (
      row && { requestHash: row.request_hash, deploymentId: row.deployment_id }
    );
  }

  async insert(
    actor: string,
    key: string,
    requestHash: string,
    deploymentId: string,
    now: Date,
  ): Promise<void> {
    await this.db<IdempotencyKeyRow>('idempotency_keys').insert({
      actor,
      key,
      request_hash: requestHash,
      deployment_id: deploymentId,
      created_at: now,
    });
  }

  async deleteBefore(cutoff: Date): Promise<number> {
    return this.db<IdempotencyKeyRow>('idempotency_keys')
      .where('created_at', '<', cutoff)
      .delete();
  }
}
