import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { ModelDeploymentsClient } from '@modelops/plugin-model-deployments-common';
import {
  DEPLOYMENT_CHANGED_TOPIC,
  readDeploymentEnvironments,
  type DeploymentChangedEventPayload,
} from '@modelops/plugin-model-deployments-node';
import { DeploymentEntityProvider } from './providers/DeploymentEntityProvider';
import { serviceDeployments } from './providers/serviceDeployments';

/** Announcements keep the Components current; the full refresh only repairs what one missed. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
};

/**
 * Publishes each model deployment to the catalog as a Component (`spec.type: model-server`), owned by
 * the model's owner and depending on the model, and keeps it in step with the deployment.
 *
 * @public
 */
export const catalogModuleModelDeployments = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'model-deployments',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        events: eventsServiceRef,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
      },
      async init({
        catalog,
        events,
        auth,
        discovery,
        scheduler,
        logger,
        config,
      }) {
        const schedule = config.getOptionalConfig(
          'modelDeployments.catalog.schedule',
        );
        const provider = new DeploymentEntityProvider({
          deployments: serviceDeployments({
            client: new ModelDeploymentsClient({ discoveryApi: discovery }),
            auth,
          }),
          taskRunner: scheduler.createScheduledTaskRunner(
            schedule
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
              : DEFAULT_SCHEDULE,
          ),
          logger,
          clusters: readDeploymentEnvironments(config),
        });
        catalog.addEntityProvider(provider);

        await events.subscribe({
          id: 'model-deployments-entity-provider',
          topics: [DEPLOYMENT_CHANGED_TOPIC],
          async onEvent({ eventPayload }) {
            // Not awaited: publishers wait for the subscribers in their process, and a user's change
            // should not wait for the catalog. The provider logs its own failures.
            void provider.deploymentChanged(
              eventPayload as DeploymentChangedEventPayload,
            );
          },
        });
      },
    });
  },
});
