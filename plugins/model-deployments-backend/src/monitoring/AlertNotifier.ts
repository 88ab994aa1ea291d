import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { DeploymentAlert } from '@modelops/plugin-model-deployments-common';

const TOPIC = 'model-deployments:alerts';

/**
 * Tells the owners of a model that an alert of one of its deployments fired or resolved, through Backstage
 * notifications. The notification's scope is the alert, so its resolution updates the same notification
 * rather than adding one. Without the notifications backend the alerts still show on the tab.
 */
export class AlertNotifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  async changed(
    alert: DeploymentAlert,
    deployment: { name: string; owner: string; environment: string },
  ): Promise<void> {
    if (!this.notifications) {
      return;
    }
    const firing = alert.state === 'firing';
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: deployment.owner },
        payload: {
          title: `${firing ? 'Firing' : 'Resolved'}: ${deployment.name} in ${
            deployment.environment
          }`,
          description: alert.summary,
          link: `/model-deployments/${alert.deploymentId}?tab=monitoring`,
          severity: firing ? 'critical' : 'low',
          topic: TOPIC,
          scope: `alert:${alert.id}`,
        },
      });
    } catch (error) {
      this.logger.warn(
        `Could not notify ${deployment.owner} of alert ${alert.id}: ${
          (error as Error).message
        }`,
      );
    }
  }
}
