import type {
  DeploymentTrack,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';

/** One read of the metrics: every workload together, or one track, named by what runs on it. */
export type MetricsView = { track?: DeploymentTrack; label?: string };

/**
 * What to read for the deployment now. While a canary step runs, or a blue-green update has its new
 * version beside the old one, the old (stable) and the new (canary or preview) tracks are read apart,
 * so an owner can compare them; otherwise the deployment is read as a whole.
 */
export function metricsViews(deployment: ModelDeployment): MetricsView[] {
  const operation = deployment.operation;
  const progress = operation?.progress;
  let candidate: DeploymentTrack | undefined;
  if (progress?.strategy === 'canary' && progress.phase === 'canary') {
    candidate = 'canary';
  } else if (
    progress?.strategy === 'blue-green' &&
    (progress.phase === 'preview' || progress.phase === 'switched')
  ) {
    candidate = 'preview';
  }
  if (!operation || !progress || !candidate) {
    return [{}];
  }
  const revision = (number: number | null) =>
    number === null ? '' : ` (revision ${number})`;
  return [
    {
      track: 'stable',
      label: `stable${revision(progress.fromRevision)}`,
    },
    {
      track: candidate,
      label: `${candidate}${revision(operation.targetRevision)}`,
    },
  ];
}
