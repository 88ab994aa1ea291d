import {
  canTransition,
  type DeploymentStatus,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import { apiServerMessage } from '../apiServerMessage';
import type { Backoff } from '../Backoff';
import type { Target } from '../ClusterTargets';
import { REVISION_LABEL } from '../manifests/labels';
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
      backoff: Backoff;
    },
  ) {}

  async follow(
    record: DeploymentRecord,
    observed: ObservedState,
    target: Target,
  ): Promise<void> {
    const { stores, recorder, applier, backoff } = this.deps;
    if (!record.applied) {
      return;
    }
    const stopped = record.status === 'stopped';
    const { deployments } = target.observer.snapshot(record.id);
    const live = deployments.filter(d => !d.metadata?.deletionTimestamp);
    const missing =
      !stopped && observed.current === 0 && !observed.problem && !live.length;
    // A replica that lost its lease in the middle of an apply may have applied an older revision. (A
    // stopped deployment's edit waits for its start.)
    const stale = stopped
      ? undefined
      : live.find(
          d => d.metadata?.labels?.[REVISION_LABEL] !== String(record.revision),
        );
    let driftError: string | undefined;
    if (missing || stale) {
      try {
        await applier.applySteadyState(record, target);
        backoff.clear(record.id);
        await stores.write(record.id, tx =>
          tx.deployments.insertEvent({
            ...recorder.event(record, 'edit', 'succeeded'),
            actor: RUNTIME_ACTOR,
            message: missing
              ? 'The objects in the cluster were missing (deleted outside Backstage); applied them again'
              : `The objects in the cluster were at revision ${
                  stale?.metadata?.labels?.[REVISION_LABEL] ?? 'unknown'
                }; applied revision ${record.revision} again`,
          }),
        );
        return;
      } catch (error) {
        // Nothing but the cluster's drift asked for this apply: the deployment says why it stays so,
        // and the next try waits.
        driftError = apiServerMessage(error);
        backoff.holdBack(record.id);
      }
    }
    const lastErrorMessage = driftError ?? observed.problem?.message;
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
      lastError: lastErrorMessage
        ? { message: lastErrorMessage, at: recorder.now() }
        : null,
      observedAt: recorder.now(),
    });
  }
}
