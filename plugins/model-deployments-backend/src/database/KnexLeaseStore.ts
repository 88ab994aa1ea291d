import type { Knex } from 'knex';
import type { LeaseStore } from './LeaseStore';
import type { LeaseRow } from './rows';

/** {@link LeaseStore} on the plugin's database, or on one transaction of it. */
export class KnexLeaseStore implements LeaseStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async acquire(
    deploymentId: string,
    holder: string,
    now: Date,
    until: Date,
  ): Promise<boolean> {
    // A first lease is inserted (one of two concurrent inserts wins); then the one statement that
    // decides, atomic in both databases: the row is ours, or free to take.
    await this.db<LeaseRow>('deployment_leases')
      .insert({ deployment_id: deploymentId, holder, expires_at: now })
      .onConflict('deployment_id')
      .ignore();
    const taken = await this.db<LeaseRow>('deployment_leases')
      .where({ deployment_id: deploymentId })
      .andWhere(query =>
        query.where({ holder }).orWhere('expires_at', '<=', now),
      )
      .update({ holder, expires_at: until });
    return taken > 0;
  }

  async renew(
    deploymentId: string,
    holder: string,
    now: Date,
    until: Date,
  ): Promise<boolean> {
    const renewed = await this.db<LeaseRow>('deployment_leases')
      .where({ deployment_id: deploymentId, holder })
      .andWhere('expires_at', '>', now)
      .update({ expires_at: until });
    return renewed > 0;
  }

  async holds(
    deploymentId: string,
    holder: string,
    now: Date,
  ): Promise<boolean> {
    const query = this.db<LeaseRow>('deployment_leases')
      .where({ deployment_id: deploymentId, holder })
      .andWhere('expires_at', '>', now)
      .first('deployment_id');
    // SQLite has no row locks (and knex warns of them); its one writer at a time serves the same end.
    const client = String(this.db.client.config.client);
    const row = await (['better-sqlite3', 'sqlite3'].includes(client)
      ? query
      : query.forUpdate());
    return row !== undefined;
  }

  async release(deploymentId: string, holder: string): Promise<void> {
    await this.db<LeaseRow>('deployment_leases')
      .where({ deployment_id: deploymentId, holder })
      .delete();
  }

  async releaseAll(holder: string): Promise<void> {
    await this.db<LeaseRow>('deployment_leases').where({ holder }).delete();
  }
}
