import type {
  DeploymentSpec,
  DeploymentTrack,
} from '@modelops/plugin-model-deployments-common';

/** The field manager of every server-side apply, so that our fields are ours and others' stay theirs. */
export const FIELD_MANAGER = 'model-deployments';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'model-deployments';
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
export const DEPLOYMENT_ID_LABEL = 'modelops.io/deployment-id';
export const REVISION_LABEL = 'modelops.io/revision';
export const TRACK_LABEL = 'modelops.io/track';

/**
 * A deployment's workloads: `stable` serves in steady state; `canary` takes a share of the traffic during
 * a canary update; `preview` is the new revision at full size during a blue-green update.
 */
export type Track = DeploymentTrack;

/** The Kubernetes Deployment of a track: the stable one carries the deployment's own name. */
export function workloadName(name: string, track: Track): string {
  return track === 'stable' ? name : `${name}-${track}`;
}

/** Labels on every object: the stock Kubernetes tab finds them by `backstage.io/kubernetes-id`. */
export function objectLabels(
  deploymentId: string,
  spec: DeploymentSpec,
): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [KUBERNETES_ID_LABEL]: spec.name,
    [DEPLOYMENT_ID_LABEL]: deploymentId,
    'app.kubernetes.io/name': spec.name,
    'app.kubernetes.io/component': 'model-server',
  };
}

/** What selects a deployment's pods, and a track's pods. */
export function podSelector(
  deploymentId: string,
  track?: Track,
): Record<string, string> {
  return {
    [DEPLOYMENT_ID_LABEL]: deploymentId,
    ...(track ? { [TRACK_LABEL]: track } : {}),
  };
}
