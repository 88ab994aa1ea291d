import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ApprovalRequest } from '@modelops/plugin-model-deployments-common';

const TOPIC = 'model-deployments:approvals';

const CHANGE_TITLES: Record<ApprovalRequest['action'], string> = {
  create: 'create',
  'update-model': 'update the model of',
  edit: 'edit',
  delete: 'delete',
  rollback: 'roll back',
  promote: 'promote the update of',
  scale: 'scale',
};

/**
 * Tells the approvers that a change waits for them, and the requester how it was decided, through
 * Backstage notifications. Without the notifications backend there is nobody to tell: the requests
 * still show on the deployment and in the Approvals view. A failure to notify never fails a decision.
 */
export class ApprovalNotifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  async requested(request: ApprovalRequest): Promise<void> {
    await this.send(
      request.approvers,
      request.requestedBy,
      `${request.requestedBy} asks to ${CHANGE_TITLES[request.action]} ${
        request.deploymentName
      } in ${request.environment}`,
      request,
      'high',
    );
  }

  async decided(request: ApprovalRequest): Promise<void> {
    await this.send(
      [request.requestedBy],
      request.decidedBy ?? undefined,
      `Your request to ${CHANGE_TITLES[request.action]} ${
        request.deploymentName
      } was ${request.status}${
        request.decidedBy && request.status !== 'expired'
          ? ` by ${request.decidedBy}`
          : ''
      }`,
      request,
      'normal',
    );
  }

  private async send(
    recipients: string[],
    exclude: string | undefined,
    title: string,
    request: ApprovalRequest,
    severity: 'high' | 'normal',
  ): Promise<void> {
    if (!this.notifications || recipients.length === 0) {
      return;
    }
    try {
      await this.notifications.send({
        recipients: {
          type: 'entity',
          entityRef: recipients,
          ...(exclude ? { excludeEntityRef: exclude } : {}),
        },
        payload: {
          title,
          description: request.reason ?? undefined,
          // Relative links open in the app that shows the notification.
          link: `/model-deployments/${request.deploymentId}`,
          severity,
          topic: TOPIC,
          scope: `approval:${request.id}`,
        },
      });
    } catch (error) {
      this.logger.warn(
        `Could not notify about approval request ${request.id}: ${error}`,
      );
    }
  }
}
