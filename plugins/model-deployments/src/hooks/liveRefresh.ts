import {
  TRANSITIONAL_STATUSES,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';

/** While an operation runs, what is shown is read again this often, so statuses move without a reload. */
export const LIVE_REFRESH_MS = 3000;

/** The backend evaluates alerts every minute: what shows them is read again as often, to show them fire. */
export const ALERT_REFRESH_MS = 60_000;

/**
 * Whether the deployment has an operation under way, so its state is about to change. A change that
 * waits for approval is not: it may wait for days, and the requester is notified of the decision.
 */
export function isUnderWay(deployment: ModelDeployment): boolean {
  return (
    Boolean(deployment.operation) ||
    TRANSITIONAL_STATUSES.includes(deployment.status)
  );
}

/**
 * How soon deployments shown are read again: every few seconds while one of them changes, and every
 * minute otherwise, since an alert may start or stop firing on any of them at any time.
 */
export function deploymentsRefreshMs(
  deployments: readonly ModelDeployment[],
): number {
  return deployments.some(isUnderWay) ? LIVE_REFRESH_MS : ALERT_REFRESH_MS;
}
