import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { STATUSES_WITH_CLUSTER_OBJECTS } from '@modelops/plugin-model-deployments-common';
import type { ModelCatalog } from '../catalog/ModelCatalog';
import {
  resolveServing,
  sameServing,
  type ServingTemplates,
} from '../catalog/serving';
import type { DeploymentStore } from '../database/DeploymentStore';
import type { ScheduledTask } from './ScheduledTask';

/** Who the record of what a model would run today names: the job, not a user. */
const ACTOR = 'system:model-deployments-serving';

/**
 * What each deployment's model would run today: its annotations and the configuration, resolved for the
 * deployment's spec and recorded beside what it runs (its pinned revision). A change is shown on the
 * deployment (the `ServingImageCurrent` condition), never applied: only an update of the model takes it.
 * Every minute, as the owners are; a model that left the catalog keeps what was last seen.
 */
export function recordAvailableServing(deps: {
  deployments: Pick<DeploymentStore, 'listInStatus' | 'update'>;
  models: Pick<ModelCatalog, 'lookup'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  templates: ServingTemplates;
  logger: Pick<LoggerService, 'warn'>;
  clock?: () => Date;
}): ScheduledTask {
  const { deployments, models, auth, templates } = deps;
  return {
    id: 'record-available-serving',
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    fn: async () => {
      const now = deps.clock?.() ?? new Date();
      const credentials = await auth.getOwnServiceCredentials();
      const records = await deployments.listInStatus(
        STATUSES_WITH_CLUSTER_OBJECTS,
      );
      const modelRefs = [...new Set(records.map(r => r.spec.modelRef))];
      const modelsByRef = new Map(
        await Promise.all(
          modelRefs.map(
            async ref => [ref, await models.lookup(ref, credentials)] as const,
          ),
        ),
      );
      for (const record of records) {
        const model = modelsByRef.get(record.spec.modelRef);
        if (!model || !record.serving) {
          continue;
        }
        let available;
        try {
          available = resolveServing(
            record.spec,
            model.metadata.annotations ?? {},
            templates,
          );
        } catch (error) {
          deps.logger.warn(
            `The serving annotations of ${
              record.spec.modelRef
            } cannot be used: ${(error as Error).message}`,
          );
          continue;
        }
        if (sameServing(available, record.availableServing)) {
          continue;
        }
        // A concurrent change moves the version; the next run records it then.
        await deployments.update(record.id, record.version, {
          availableServing: { ...available, observedAt: now.toISOString() },
          actor: ACTOR,
          now,
          observation: true,
        });
      }
    },
  };
}
