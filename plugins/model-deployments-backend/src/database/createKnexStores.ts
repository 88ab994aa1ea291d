import type { Knex } from 'knex';
import { KnexApprovalStore } from './KnexApprovalStore';
import { KnexDeploymentStore } from './KnexDeploymentStore';
import { KnexIdempotencyStore } from './KnexIdempotencyStore';
import { KnexLeaseStore } from './KnexLeaseStore';
import { KnexOperationStore } from './KnexOperationStore';
import type { Stores, StoresWithTransactions } from './Stores';

function storesOn(db: Knex | Knex.Transaction): Stores {
  return {
    deployments: new KnexDeploymentStore(db),
    operations: new KnexOperationStore(db),
    approvals: new KnexApprovalStore(db),
    idempotency: new KnexIdempotencyStore(db),
    leases: new KnexLeaseStore(db),
  };
}

/** The plugin's stores on its database (migrated by {@link migrateDatabase}). */
export function createKnexStores(db: Knex): StoresWithTransactions {
  return {
    ...storesOn(db),
    transaction: fn => db.transaction(tx => fn(storesOn(tx))),
  };
}
