import type { DeploymentOperation } from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import type { Target } from '../ClusterTargets';
import type { RuntimeStores } from '../DeploymentLeases';
import type { RuntimeRecorder } from '../RuntimeRecorder';

/** A delete: removes every object of the deployment, and ends when none is left. */
export class DeletionFollower {
  constructor(
    private readonly deps: {
      stores: Pick<RuntimeStores, 'write' | 'fence'>;
      recorder: RuntimeRecorder;
    },
  ) {}

  async follow(
    record: DeploymentRecord,
    operation: DeploymentOperation,
    target: Target,
  ): Promise<void> {
    if (operation.status === 'queued') {
      await this.deps.stores.write(record.id, tx =>
        tx.operations.update(operation.id, {
          status: 'running',
          step: 'removing',
          now: this.deps.recorder.now(),
        }),
      );
    }
    await this.deps.stores.fence(record.id);
    const remaining = await target.applier.removeAll(
      record.id,
      target.environment.namespace,
    );
    if (remaining > 0) {
      return;
    }
    await this.deps.recorder.finish(record, operation, {
      outcome: 'succeeded',
      status: 'deleted',
      message: 'Deleted: every object was removed from the cluster',
      deleted: true,
    });
  }
}
