/**
 * Which backend replica drives each deployment, and until when (the `deployment_leases` table): with
 * two or more replicas on one database, one applies and records at a time, and another takes over when
 * the holder stops renewing (it crashed, hangs, or lost the database).
 */
export interface LeaseStore {
  /**
   * Takes the deployment's lease for `holder` until `until`, or renews it: when no one holds it, when its
   * holder's time ran out at `now`, or when `holder` holds it already. Compare-and-set: of two replicas
   * asking at once, one gets it. Resolves to whether `holder` holds it now.
   */
  acquire(
    deploymentId: string,
    holder: string,
    now: Date,
    until: Date,
  ): Promise<boolean>;
  /**
   * Extends `holder`'s lease to `until` if it still holds it at `now`; never takes a lease that lapsed,
   * even one nobody took over since. Resolves to whether it did.
   */
  renew(
    deploymentId: string,
    holder: string,
    now: Date,
    until: Date,
  ): Promise<boolean>;
  /**
   * Whether `holder` holds the lease at `now`. In a transaction, the lease stays with `holder` until the
   * transaction ends (PostgreSQL locks the row; SQLite has one writer), so that what the transaction
   * writes is written by the holder.
   */
  holds(deploymentId: string, holder: string, now: Date): Promise<boolean>;
  /** Gives up `holder`'s lease of the deployment, if it holds it. */
  release(deploymentId: string, holder: string): Promise<void>;
  /** Gives up every lease of `holder` (a replica that stops), so that the others need not wait for them. */
  releaseAll(holder: string): Promise<void>;
}
