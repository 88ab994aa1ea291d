import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { DeploymentAction } from './status';

/** The permission framework's resource type of a deployment. @public */
export const MODEL_DEPLOYMENT_RESOURCE_TYPE = 'model-deployment';

/** @public */
export type ModelDeploymentPermission = ResourcePermission<
  typeof MODEL_DEPLOYMENT_RESOURCE_TYPE
>;

function deploymentPermission(
  name: string,
  action?: 'create' | 'read' | 'update' | 'delete',
): ModelDeploymentPermission {
  return createPermission({
    name: `model-deployment.${name}`,
    attributes: action ? { action } : {},
    resourceType: MODEL_DEPLOYMENT_RESOURCE_TYPE,
  });
}

/**
 * Every permission is a resource permission, create included: a policy decides on the deployment that
 * would be created (its model, owner and environment), so owners can create for their own models only.
 */

/** @public */
export const modelDeploymentReadPermission = deploymentPermission(
  'read',
  'read',
);
/** @public */
export const modelDeploymentCreatePermission = deploymentPermission(
  'create',
  'create',
);
/** @public */
export const modelDeploymentUpdatePermission = deploymentPermission(
  'update',
  'update',
);
/** @public */
export const modelDeploymentScalePermission = deploymentPermission(
  'scale',
  'update',
);
/** Stop and start. @public */
export const modelDeploymentLifecyclePermission = deploymentPermission(
  'lifecycle',
  'update',
);
/** @public */
export const modelDeploymentUpdateModelPermission = deploymentPermission(
  'update-model',
  'update',
);
/** @public */
export const modelDeploymentRollbackPermission = deploymentPermission(
  'rollback',
  'update',
);
/** @public */
export const modelDeploymentDeletePermission = deploymentPermission(
  'delete',
  'delete',
);
/** Approve or reject a change that waits for approval. @public */
export const modelDeploymentApprovePermission = deploymentPermission('approve');

/**
 * Read the logs of a deployment's instances: apart from read because a model server's logs may hold
 * request payloads, as Kubernetes keeps `pods/log` apart from `pods`. It has no `read` action attribute,
 * so that a policy granting every read of the resource type does not grant it with them.
 *
 * @public
 */
export const modelDeploymentReadLogsPermission =
  deploymentPermission('logs.read');

/** @public */
export const modelDeploymentPermissions = [
  modelDeploymentReadPermission,
  modelDeploymentReadLogsPermission,
  modelDeploymentCreatePermission,
  modelDeploymentUpdatePermission,
  modelDeploymentScalePermission,
  modelDeploymentLifecyclePermission,
  modelDeploymentUpdateModelPermission,
  modelDeploymentRollbackPermission,
  modelDeploymentDeletePermission,
  modelDeploymentApprovePermission,
];

/** The permission that each action needs. @public */
export const PERMISSION_BY_ACTION: Readonly<
  Record<DeploymentAction, ModelDeploymentPermission>
> = {
  create: modelDeploymentCreatePermission,
  edit: modelDeploymentUpdatePermission,
  scale: modelDeploymentScalePermission,
  stop: modelDeploymentLifecyclePermission,
  start: modelDeploymentLifecyclePermission,
  'update-model': modelDeploymentUpdateModelPermission,
  promote: modelDeploymentUpdateModelPermission,
  rollback: modelDeploymentRollbackPermission,
  delete: modelDeploymentDeletePermission,
};
