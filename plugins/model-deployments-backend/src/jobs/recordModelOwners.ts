import type { ModelOwnership } from '../catalog/ModelOwnership';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { DeploymentChanges } from '../events/DeploymentChanges';
import type { ScheduledTask } from './ScheduledTask';

/**
 * Requests read owners from the catalog; the recorded owner is what the catalog module publishes
 * (announced here when it changes) and what is shown for a model that left the catalog. Every minute it
 * follows the catalog; a model that left it keeps its last known owner.
 */
export function recordModelOwners(deps: {
  deployments: Pick<DeploymentStore, 'listDeployedModelRefs' | 'updateOwners'>;
  ownership: Pick<ModelOwnership, 'of'>;
  changes: Pick<DeploymentChanges, 'announce'>;
}): ScheduledTask {
  const { deployments, ownership, changes } = deps;
  return {
    id: 'record-model-owners',
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    fn: async () => {
      const owners = await ownership.of(
        await deployments.listDeployedModelRefs(),
      );
      const changed = await deployments.updateOwners(
        new Map(
          [...owners].flatMap(([ref, { owner }]) =>
            owner ? [[ref, owner] as const] : [],
          ),
        ),
      );
      for (const deployment of changed) {
        await changes.announce(deployment);
      }
    },
  };
}
