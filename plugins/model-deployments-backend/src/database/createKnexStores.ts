import type { Knex } from 'knex';
import { DEFAULT_REVISION_HISTORY_LIMIT } from '../lib/readPluginSettings';
import { KnexApprovalStore } from './KnexApprovalStore';
import { KnexDeploymentStore } from './KnexDeploymentStore';
import { KnexIdempotencyStore } from './KnexIdempotencyStore';
import { KnexLeaseStore } from './KnexLeaseStore';
import { KnexOperationStore } from './KnexOperationStore';
import type { Stores, StoresWithTransactions } from './Stores';

/** What the stores keep (`modelDeployments.revisionHistoryLimit`, read with the plugin's settings). */
export type StoreOptions = {
  /** How many revisions each deployment keeps, the newest (and the serving one always). */
  revisionHistoryLimit: number;
};

/** The plugin's defaults, for the tests and tools that use the stores alone. */
const DEFAULT_STORE_OPTIONS: StoreOptions = {
  revisionHistoryLimit: DEFAULT_REVISION_HISTORY_LIMIT,
};

function storesOn(db: Knex | Knex.Transaction, options: StoreOptions): Stores {
  return {
    deployments: new KnexDeploymentStore(db, options.revisionHistoryLimit),
    operations: new KnexOperationStore(db),
    approvals: new KnexApprovalStore(db),
    idempotency: new KnexIdempotencyStore(db),
    leases: new KnexLeaseStore(db),
  };
}

/** The plugin's stores on its database (migrated by {@link migrateDatabase}). */
export function createKnexStores(
  db: Knex,
  options: StoreOptions = DEFAULT_STORE_OPTIONS,
): StoresWithTransactions {
  return {
    ...storesOn(db, options),
    transaction: fn => db.transaction(tx => fn(storesOn(tx, options))),
  };
}
