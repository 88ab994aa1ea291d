import { usePermission } from '@backstage/plugin-permission-react';
import {
  isActionAllowed,
  PERMISSION_BY_ACTION,
  type DeploymentAction,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';

/** Whether the user can start an action on the deployment now, and if not, why. */
export type ActionAvailability = {
  available: boolean;
  /** Absent while the permission decision is on its way. */
  reason?: string;
};

/**
 * An action is available when the deployment's status allows it (the common state machine, the same the
 * backend enforces) and the permission framework allows this user on this deployment.
 */
export function useActionAvailability(
  deployment: ModelDeployment,
  action: Exclude<DeploymentAction, 'create'>,
): ActionAvailability {
  const permission = PERMISSION_BY_ACTION[action];
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: deployment.id,
  });
  if (loading) {
    return { available: false };
  }
  if (!allowed) {
    return {
      available: false,
      reason: `You do not have the ${permission.name} permission on this deployment`,
    };
  }
  if (!isActionAllowed(deployment.status, action)) {
    return {
      available: false,
      reason: `Not possible while the deployment is ${deployment.status}`,
    };
  }
  return { available: true };
}
