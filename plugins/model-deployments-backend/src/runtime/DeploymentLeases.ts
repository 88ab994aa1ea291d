import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { OperationStore } from '../database/OperationStore';
import type { Stores, StoresWithTransactions } from '../database/Stores';

/** A write of a replica whose lease ran out or was taken over: nothing of it was written. */
export class LeaseLostError extends Error {
  name = 'LeaseLostError';
}

/**
 * What the runtime may do with the stores: read anything, and write a deployment's records only in a
 * transaction that holds its lease, so that a replica that paused or lost its lease meanwhile writes
 * nothing (the lease is the fence).
 */
export type RuntimeStores = {
  deployments: Pick<
    DeploymentStore,
    'get' | 'getMany' | 'getRevision' | 'listInStatus'
  >;
  operations: Pick<
    OperationStore,
    'getActive' | 'getAppliedGenerations' | 'listDeploymentsWithActive'
  >;
  /**
   * Runs `fn` in one transaction if this replica still holds the deployment's lease, and keeps it held
   * until the transaction ends; otherwise throws {@link LeaseLostError}.
   */
  write<T>(deploymentId: string, fn: (tx: Stores) => Promise<T>): Promise<T>;
  /**
   * Renews the deployment's lease right before a write to the cluster, which no transaction fences;
   * throws {@link LeaseLostError} when another replica took it over.
   */
  fence(deploymentId: string): Promise<void>;
};

/**
 * The leases of one backend replica: each deployment is driven by the replica that holds its lease,
 * renewed at every reconcile and taken over by another replica once it expires (the holder crashed,
 * hangs, or cannot reach the database). Expiry is judged by the replicas' clocks, which are assumed to
 * agree to well within the lease's duration (NTP).
 */
export class DeploymentLeases {
  /** This replica, as the leases name it: the host and process, and a nonce for a restarted process. */
  readonly holder = `${os.hostname()}/${process.pid}/${randomUUID().slice(
    0,
    8,
  )}`;

  /** Until when this replica holds each lease it took, by deployment: no one else can take it before. */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly options: {
      stores: StoresWithTransactions;
      durationMs: number;
      clock: () => Date;
    },
  ) {}

  /**
   * Takes or renews the deployment's lease; resolves to whether this replica may drive it now. A lease
   * with more than half of its time left is not renewed yet: the database is asked twice a lease, not
   * at every tick.
   */
  async acquire(deploymentId: string): Promise<boolean> {
    const until = this.held.get(deploymentId);
    if (
      until !== undefined &&
      until - this.options.clock().getTime() > this.options.durationMs / 2
    ) {
      return true;
    }
    return this.take(deploymentId);
  }

  /**
   * Keeps a lease this replica holds from running out while it waits (a deployment held back after a
   * failure), without taking one it does not hold.
   */
  async keep(deploymentId: string): Promise<void> {
    const until = this.held.get(deploymentId);
    if (
      until !== undefined &&
      until - this.options.clock().getTime() <= this.options.durationMs / 2
    ) {
      await this.extend(deploymentId);
    }
  }

  /** Gives the deployment's lease up, for another replica to take at once. */
  async release(deploymentId: string): Promise<void> {
    this.held.delete(deploymentId);
    await this.options.stores.leases.release(deploymentId, this.holder);
  }

  /** Gives up this replica's leases when it stops, so that another takes over without waiting. */
  async releaseAll(): Promise<void> {
    this.held.clear();
    await this.options.stores.leases.releaseAll(this.holder);
  }

  /** Takes the lease when it is free, lapsed or ours, for the deployment's records to be read anew. */
  private take(deploymentId: string): Promise<boolean> {
    return this.record(deploymentId, (now, until) =>
      this.options.stores.leases.acquire(deploymentId, this.holder, now, until),
    );
  }

  /** Extends the lease only while this replica still holds it: what it read before is still current. */
  private extend(deploymentId: string): Promise<boolean> {
    return this.record(deploymentId, (now, until) =>
      this.options.stores.leases.renew(deploymentId, this.holder, now, until),
    );
  }

  private async record(
    deploymentId: string,
    ask: (now: Date, until: Date) => Promise<boolean>,
  ): Promise<boolean> {
    const now = this.options.clock();
    const until = now.getTime() + this.options.durationMs;
    const held = await ask(now, new Date(until));
    if (held) {
      this.held.set(deploymentId, until);
    } else {
      this.held.delete(deploymentId);
    }
    return held;
  }

  /** The stores as the runtime uses them: reads as they are, writes fenced by the lease. */
  runtimeStores(): RuntimeStores {
    const { stores, clock } = this.options;
    return {
      deployments: stores.deployments,
      operations: stores.operations,
      write: (deploymentId, fn) =>
        stores.transaction(async tx => {
          if (!(await tx.leases.holds(deploymentId, this.holder, clock()))) {
            throw new LeaseLostError(
              `This replica no longer holds the lease of deployment ${deploymentId}`,
            );
          }
          return fn(tx);
        }),
      fence: async deploymentId => {
        if (!(await this.extend(deploymentId))) {
          throw new LeaseLostError(
            `This replica no longer holds the lease of deployment ${deploymentId}`,
          );
        }
      },
    };
  }
}
