import {
  TRANSITIONAL_STATUSES,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';

/** While an operation runs, what is shown is read again this often, so statuses move without a reload. */
export const LIVE_REFRESH_MS = 3000;

/**
 * Whether the deployment's state is about to change: an operation is under way, or a change waits for
 * an approver whose decision the requester should see without a reload.
 */
export function isUnderWay(deployment: ModelDeployment): boolean {
  return (
    Boolean(deployment.operation) ||
    Boolean(deployment.pendingApproval) ||
    TRANSITIONAL_STATUSES.includes(deployment.status)
  );
}
