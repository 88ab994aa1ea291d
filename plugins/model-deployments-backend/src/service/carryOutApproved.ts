import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  DeploymentSpecPatch,
  ModelDeployment,
  ServingPin,
} from '@modelops/plugin-model-deployments-common';
import type { ApprovalRecord, DeploymentRecord } from '../database/rows';
import type { ScaleRequest } from '../deployments/plans/planScale';
import type { UpdateModelRequest } from '../deployments/plans/planUpdateModel';
import type {
  ApprovedChange,
  RequestContext,
} from '../deployments/RequestContext';
import type { DeploymentService } from './DeploymentService';

/** The commands an approved request is carried out with. */
export type ApprovedCommands = Pick<
  DeploymentService,
  | 'approveCreation'
  | 'updateModel'
  | 'edit'
  | 'delete'
  | 'rollback'
  | 'promote'
  | 'scale'
>;

/**
 * Carries out a change that an approver approved, as the requester's change, through the command the
 * requester used: it checks the deployment's state again (it may have moved on, and then the approval
 * is refused) and records the approval with the change in one transaction.
 */
export async function carryOutApproved(
  commands: ApprovedCommands,
  request: ApprovalRecord,
  deployment: DeploymentRecord,
  approver: {
    credentials: BackstageCredentials;
    actor: string;
    comment?: string;
  },
): Promise<ModelDeployment> {
  const approval: ApprovedChange = {
    request,
    approver: approver.actor,
    comment: approver.comment,
  };
  const ctx: RequestContext & { approval: ApprovedChange } = {
    credentials: approver.credentials,
    actor: request.requestedBy,
    approval,
  };
  const id = request.deploymentId;
  switch (request.action) {
    case 'create':
      return commands.approveCreation(id, ctx);
    case 'update-model': {
      // What the approver saw runs; a request from before pinning resolves it now.
      const { serving, ...update } =
        request.parameters as UpdateModelRequest & {
          serving?: ServingPin | null;
        };
      return commands.updateModel(id, update, ctx, serving);
    }
    case 'edit': {
      const { patch } = request.parameters as { patch: DeploymentSpecPatch };
      return (await commands.edit(id, patch, ctx)).deployment;
    }
    case 'delete':
      return commands.delete(id, { confirm: deployment.name }, ctx);
    case 'rollback':
      return commands.rollback(
        id,
        request.parameters as { revision: number },
        ctx,
      );
    case 'promote':
      return commands.promote(id, ctx);
    case 'scale':
      return commands.scale(id, request.parameters as ScaleRequest, ctx);
    default:
      throw new Error(`Unknown approval action ${request.action}`);
  }
}
