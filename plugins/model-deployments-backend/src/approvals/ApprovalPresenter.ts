import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  modelDeploymentApprovePermission,
  type ApprovalRequest,
} from '@modelops/plugin-model-deployments-common';
import type { ApprovalRecord, DeploymentRecord } from '../database/rows';
import type { DeploymentAuthorizer } from '../permissions/DeploymentAuthorizer';
import type { DeploymentPermissionResource } from '../permissions/rules';

/** Who looks at the requests: whether they may decide depends on it. */
export type ApprovalViewer = {
  credentials: BackstageCredentials;
  actor: string;
};

/**
 * The API shape of approval requests: the deployment they change, the approvers as the catalog has
 * them now, and whether the viewer may decide each one, with the reason when not.
 */
export class ApprovalPresenter {
  constructor(
    private readonly authorizer: DeploymentAuthorizer,
    private readonly clock: () => Date,
  ) {}

  async present(
    approvals: ApprovalRecord[],
    deployments: Map<string, DeploymentRecord>,
    viewer: ApprovalViewer,
  ): Promise<ApprovalRequest[]> {
    const records = approvals.map(a => deployments.get(a.deploymentId)!);
    const resources = await this.authorizer.resources(records);
    return Promise.all(
      approvals.map(async (approval, index) => {
        const deployment = records[index];
        const resource = resources[index];
        return {
          ...approval,
          deploymentName: deployment.name,
          environment: deployment.spec.environment,
          modelRef: deployment.spec.modelRef,
          approvers: resource.approvers,
          viewer: await this.viewerOf(approval, resource, viewer),
        };
      }),
    );
  }

  private async viewerOf(
    approval: ApprovalRecord,
    resource: DeploymentPermissionResource,
    viewer: ApprovalViewer,
  ): Promise<ApprovalRequest['viewer']> {
    const isRequester = approval.requestedBy === viewer.actor;
    const refusal = await this.refusal(approval, resource, viewer);
    return refusal
      ? { canDecide: false, reason: refusal, isRequester }
      : { canDecide: true, isRequester };
  }

  /** Why the viewer may not approve or reject the request now; `undefined` when they may. */
  async refusal(
    approval: ApprovalRecord,
    resource: DeploymentPermissionResource,
    viewer: ApprovalViewer,
  ): Promise<string | undefined> {
    if (approval.status !== 'pending') {
      return `It is ${approval.status}`;
    }
    if (new Date(approval.expiresAt) <= this.clock()) {
      return `It expired at ${approval.expiresAt}`;
    }
    if ((viewer.credentials.principal as { type: string }).type !== 'user') {
      return 'Only a user can approve a change';
    }
    if (approval.requestedBy === viewer.actor) {
      return 'You asked for this change: another approver must decide it';
    }
    const allowed = await this.authorizer.isAllowed(
      viewer.credentials,
      modelDeploymentApprovePermission,
      resource,
    );
    if (!allowed) {
      return resource.approvers.length
        ? `Only members of ${resource.approvers.join(' or ')} may decide it`
        : `You do not have permission ${modelDeploymentApprovePermission.name} for deployment '${resource.name}'`;
    }
    return undefined;
  }
}
