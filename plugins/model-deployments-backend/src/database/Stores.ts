import type { ApprovalStore } from './ApprovalStore';
import type { DeploymentStore } from './DeploymentStore';
import type { IdempotencyStore } from './IdempotencyStore';
import type { LeaseStore } from './LeaseStore';
import type { OperationStore } from './OperationStore';

/** The stores whose writes a change makes together. */
export type Stores = {
  deployments: DeploymentStore;
  operations: OperationStore;
  approvals: ApprovalStore;
  idempotency: IdempotencyStore;
  leases: LeaseStore;
};

/** The stores, and one transaction over all of them. */
export interface StoresWithTransactions extends Stores {
  /** Runs `fn` with stores bound to one transaction: all of its writes commit, or none. */
  transaction<T>(fn: (tx: Stores) => Promise<T>): Promise<T>;
}
