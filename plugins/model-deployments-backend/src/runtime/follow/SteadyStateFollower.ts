import {
  canTransition,
  type DeploymentStatus,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import type { Target } from '../ClusterTargets';
import type { RuntimeStores } from '../DeploymentLeases';
import type { ObservedState } from '../observedState';
import { RUNTIME_ACTOR, type RuntimeRecorder } from '../RuntimeRecorder';
import type { RevisionApplier } from './RevisionApplier';

/**
 * No operation: keeps the record's status and instance counts true to what the cluster shows, and puts
 * back objects that were deleted outside Backstage.
 */
export class SteadyStateFollower {
  constructor(
    private readonly deps: {
      stores: Pick<RuntimeStores, 'write'>;
      recorder: RuntimeRecorder;
      applier: RevisionApplier;
    },
  ) {}

  async follow(
    record: DeploymentRecord,
    observed: ObservedState,
    target: Target,
  ): Promise<void> {
    const { stores, recorder, applier } = this.deps;
    if (!record.applied) {
      return;
    }
    const stopped = record.status === 'stopped';
    if (!stopped && observed.current === 0 && !observed.problem) {
      const { deployments } = target.observer.snapshot(record.id);
      if (deployments.length === 0) {
        // Someone removed our objects: put them back, and say so.
        await applier.applySteadyState(record, target);
        await stores.write(record.id, tx =>
          tx.deployments.insertEvent({
            ...recorder.event(record, 'edit', 'succeeded'),
            actor: RUNTIME_ACTOR,
            message:
              'The objects in the cluster were missing (deleted outside Backstage); applied them again',
          }),
        );
        return;
      }
    }
    let status: DeploymentStatus = record.status;
    if (!stopped) {
      if (observed.rolledOut) {
        status = 'running';
      } else if (observed.problem) {
        status = observed.ready > 0 ? 'degraded' : 'failed';
      }
    }
    await recorder.observe(record, {
      ...(canTransition(record.status, status) ? { status } : {}),
      instancesCurrent: observed.current,
      instancesReady: observed.ready,
      conditions: observed.conditions,
      lastError: observed.problem
        ? { message: observed.problem.message, at: recorder.now() }
        : null,
      observedAt: recorder.now(),
    });
  }
}
