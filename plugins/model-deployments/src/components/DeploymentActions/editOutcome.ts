import type { EditDeploymentResponse } from '@modelops/plugin-model-deployments-common';

/**
 * Whether the edit waits for the deployment to start: on a stopped deployment the backend records the
 * new pod template and applies it when the deployment starts, so nothing restarts or changes now.
 */
export function appliedWhenStarted(response: EditDeploymentResponse): boolean {
  return (
    response.deployment.status === 'stopped' &&
    response.changes.some(change => change.effect !== 'none')
  );
}

/** What happens next, once the backend accepted the edit. */
export function editSuccessMessage(response: EditDeploymentResponse): string {
  const { name } = response.deployment;
  if (appliedWhenStarted(response)) {
    return `Updated ${name}: the changes are applied when the deployment starts`;
  }
  return response.restartRequired
    ? `Updating ${name}: instances restart with a rolling update`
    : `Updated ${name}: changes applied without restarting instances`;
}
