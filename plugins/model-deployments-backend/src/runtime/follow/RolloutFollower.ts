import {
  STOPPED_STATUSES,
  type DeploymentAction,
  type DeploymentOperation,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import type { RuntimeStores } from '../DeploymentLeases';
import type { ObservedState, WorkloadProblem } from '../observedState';
import type { RuntimeRecorder } from '../RuntimeRecorder';

/** Changes whose failed rollout goes back to the revision that served before. */
const ROLLED_BACK_ON_FAILURE: readonly DeploymentAction[] = [
  'update-model',
  'edit',
];

/**
 * An operation whose objects were applied: done when the cluster shows it done, and when it cannot be,
 * rolled back to the revision that served before, or failed when there is none.
 */
export class RolloutFollower {
  constructor(
    private readonly deps: {
      stores: Pick<RuntimeStores, 'deployments'>;
      recorder: RuntimeRecorder;
    },
  ) {}

  async follow(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    observed: ObservedState,
  ): Promise<void> {
    const { recorder } = this.deps;
    const stopped = STOPPED_STATUSES.includes(record.status);
    if (stopped ? observed.current === 0 : observed.rolledOut) {
      await recorder.finish(record, operation, {
        outcome: 'succeeded',
        status: stopped ? 'stopped' : 'running',
        message: stopped
          ? 'Stopped: no instance is running'
          : `Revision ${record.revision} is serving: ${observed.ready} of ${observed.current} instances ready`,
        observed,
      });
      return;
    }
    if (observed.problem?.permanent) {
      await this.fail(record, operation, observed.problem, observed);
      return;
    }
    // The cluster answers again: an error from before (unreachable, retrying) is over.
    await recorder.observe(record, {
      instancesCurrent: observed.current,
      instancesReady: observed.ready,
      conditions: observed.conditions,
      lastError: null,
      observedAt: recorder.now(),
    });
  }

  /**
   * The revision a failed rollout of `operation` goes back to: the one that served before it, when the
   * operation is an update and that revision is another; `undefined` when it fails where it is.
   */
  private rollbackTarget(
    record: DeploymentRecord,
    operation: DeploymentOperation,
  ): number | undefined {
    // A blue-green update has made the new revision the active one once it switched; the one it came
    // from is in its progress.
    const from = operation.progress?.fromRevision ?? record.activeRevision;
    return from !== null &&
      from !== record.revision &&
      ROLLED_BACK_ON_FAILURE.includes(operation.type)
      ? from
      : undefined;
  }

  /** Whether a failed rollout of `operation` goes back to the revision that served before it. */
  rollsBack(record: DeploymentRecord, operation: DeploymentOperation): boolean {
    return this.rollbackTarget(record, operation) !== undefined;
  }

  /** A rollout that cannot finish: back to the revision that served before, or failed when there is none. */
  async fail(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    problem: WorkloadProblem,
    observed: ObservedState,
  ): Promise<void> {
    const from = this.rollbackTarget(record, operation);
    if (from !== undefined) {
      const previous = await this.deps.stores.deployments.getRevision(
        record.id,
        from,
      );
      if (previous) {
        await this.deps.recorder.rollBackAutomatically(
          record,
          operation,
          problem,
          previous,
        );
        return;
      }
      // With nothing to go back to, the operation fails where it is rather than wait forever.
    }
    await this.deps.recorder.finish(record, operation, {
      outcome: 'failed',
      status: observed.ready > 0 ? 'degraded' : 'failed',
      message: problem.message,
      observed,
    });
  }
}
