import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  STATUSES_WITH_CLUSTER_OBJECTS,
  type DeploymentEnvironment,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentChangedEventPayload } from '@modelops/plugin-model-deployments-node';
import {
  deploymentEntityRef,
  deploymentLocation,
  deploymentToEntity,
} from './deploymentEntity';
import type { DeploymentsReader } from './serviceDeployments';

/** The cluster and namespace each environment's deployments run in. */
export type EnvironmentClusters = Partial<
  Record<DeploymentEnvironment, { cluster: string; namespace: string }>
>;

/**
 * Publishes each deployment as a Component. On connect and then on a schedule it replaces all of them (a
 * full mutation, which also removes what a lost announcement left behind); when a change is announced it
 * updates or removes that deployment's Component alone.
 */
export class DeploymentEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /**
   * Mutations run one after another, each from what it reads once the previous one is applied, so that a
   * slow read never overwrites a newer state of a deployment with an older one.
   */
  private mutations: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: {
      deployments: DeploymentsReader;
      taskRunner: SchedulerServiceTaskRunner;
      logger: LoggerService;
      /** Absent, or empty, when the backend does not run deployments on clusters. */
      clusters?: EnvironmentClusters;
    },
  ) {}

  getProviderName(): string {
    return 'model-deployments';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Replaces the provider's Components with those of the deployments that exist now. */
  async refresh(): Promise<void> {
    await this.serially(async connection => {
      const deployments = (await this.options.deployments.listAll()).filter(
        isInCatalog,
      );
      await connection.applyMutation({
        type: 'full',
        entities: deployments.map(deployment => this.deferred(deployment)),
      });
      this.options.logger.info(
        `Published ${deployments.length} deployments to the catalog`,
      );
    });
  }

  /**
   * Brings the Component of one deployment in step with it after a change. A failure is logged, not
   * thrown: the announcement has no one to retry it, and the next full refresh corrects the Component.
   */
  async deploymentChanged(
    change: DeploymentChangedEventPayload,
  ): Promise<void> {
    if (!this.connection) {
      // The refresh that follows the connection publishes the deployment as it is then.
      return;
    }
    try {
      await this.serially(async connection => {
        const deployment = change.deleted
          ? undefined
          : await this.options.deployments.get(change.deploymentId);
        if (deployment && isInCatalog(deployment)) {
          await connection.applyMutation({
            type: 'delta',
            added: [this.deferred(deployment)],
            removed: [],
          });
          return;
        }
        await connection.applyMutation({
          type: 'delta',
          added: [],
          removed: [
            {
              entityRef: deploymentEntityRef(change),
              locationKey: deploymentLocation(change.deploymentId),
            },
          ],
        });
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not update the Component of deployment ${change.name}; the next full refresh will: ${error}`,
      );
    }
  }

  private deferred(deployment: ModelDeployment): DeferredEntity {
    return {
      entity: deploymentToEntity(deployment, {
        kubernetes: this.options.clusters?.[deployment.spec.environment],
      }),
      locationKey: deploymentLocation(deployment.id),
    };
  }

  private serially(
    mutate: (connection: EntityProviderConnection) => Promise<void>,
  ): Promise<void> {
    const connection = this.connection;
    if (!connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    const mutation = this.mutations.then(() => mutate(connection));
    // The next mutation waits for this one to end, whether or not it succeeds.
    this.mutations = mutation.catch(() => undefined);
    return mutation;
  }
}

/**
 * A deployment has a Component once it exists in a cluster, or is to: not while its creation waits for
 * an approver (nothing serves yet, and a rejection would only take it away again), and not after it is
 * deleted.
 */
function isInCatalog(deployment: ModelDeployment): boolean {
  return STATUSES_WITH_CLUSTER_OBJECTS.includes(deployment.status);
}
