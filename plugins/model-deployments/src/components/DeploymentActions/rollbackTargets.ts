import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';

/** Whether an update is rolling the latest revision out: an operation runs, and another one serves. */
export function rollingOut(deployment: ModelDeployment): boolean {
  return (
    deployment.operation !== undefined &&
    deployment.revision !== deployment.activeRevision
  );
}

/**
 * Whether the backend takes a rollback to `revision`: never to the latest one, which the spec already
 * asks for; to the serving one only while an update rolls out, which the rollback then aborts.
 */
export function canRollBackTo(
  deployment: ModelDeployment,
  revision: number,
): boolean {
  if (revision === deployment.revision) {
    return false;
  }
  return revision !== deployment.activeRevision || rollingOut(deployment);
}
