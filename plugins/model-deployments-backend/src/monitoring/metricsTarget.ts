import {
  DEPLOYMENT_TRACKS,
  type DeploymentSpec,
  type DeploymentTrack,
} from '@modelops/plugin-model-deployments-common';
import type { MetricsTarget } from '@modelops/plugin-model-deployments-node';
import { workloadName } from '../runtime/manifests/labels';

/** What a provider measures of a deployment: one track's workload, or all of them together. */
export function metricsTarget(
  deployment: { id: string; spec: DeploymentSpec },
  namespace: string,
  track?: DeploymentTrack,
): MetricsTarget {
  return {
    deploymentId: deployment.id,
    name: deployment.spec.name,
    environment: deployment.spec.environment,
    namespace,
    workloads: (track ? [track] : DEPLOYMENT_TRACKS).map(t =>
      workloadName(deployment.spec.name, t),
    ),
  };
}
