import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  DEPLOYMENT_CHANGED_TOPIC,
  type DeploymentChangedEventPayload,
} from '@modelops/plugin-model-deployments-node';

/**
 * Announces committed changes on the events service. A lost announcement only delays the catalog until
 * its next full sync, so a failure to publish is logged and never fails the change itself.
 */
export class DeploymentChanges {
  constructor(
    private readonly events: EventsService,
    private readonly logger: LoggerService,
  ) {}

  async announce(deployment: {
    id: string;
    name: string;
    spec: { modelRef: string };
    deletedAt?: string | null;
  }): Promise<void> {
    const eventPayload: DeploymentChangedEventPayload = {
      deploymentId: deployment.id,
      name: deployment.name,
      modelRef: deployment.spec.modelRef,
      deleted: Boolean(deployment.deletedAt),
    };
    try {
      await this.events.publish({
        topic: DEPLOYMENT_CHANGED_TOPIC,
        eventPayload,
      });
    } catch (error) {
      this.logger.warn(
        `Could not announce the change of deployment ${deployment.name}: ${error}`,
      );
    }
  }
}
