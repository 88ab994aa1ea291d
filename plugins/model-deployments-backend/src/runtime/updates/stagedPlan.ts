import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';
import type { RuntimeConfig } from '../config';
import type { ManifestPlan } from '../manifests/buildManifests';
import type { StagedLayout } from './stagedUpdate';

/** One revision, with its image and model location resolved. */
export type ResolvedRevision = {
  revision: number;
  spec: DeploymentSpec;
  image: string;
  modelUri?: string;
};

function workloadOf(revision: ResolvedRevision) {
  return {
    revision: revision.revision,
    spec: revision.spec,
    image: revision.image,
    ...(revision.modelUri ? { modelUri: revision.modelUri } : {}),
  };
}

/** The manifest plan of a blue-green or canary layout: two revisions, and where requests go. */
export function stagedPlan(options: {
  deploymentId: string;
  namespace: string;
  previous: ResolvedRevision;
  next: ResolvedRevision;
  layout: StagedLayout;
  config: RuntimeConfig;
}): ManifestPlan {
  const { previous, next, layout } = options;
  const { autoscaling, replicas } = next.spec;
  // While a preview runs beside it, the auto-scaled stable workload keeps at least the preview's size,
  // whether it serves or waits for a switch back: the window's promise is a full-size fleet either way.
  const keepsFullSize =
    layout.extra.track === 'preview' &&
    autoscaling.enabled &&
    replicas.min < layout.extra.replicas;
  const serving = keepsFullSize
    ? {
        ...next.spec,
        replicas: {
          min: layout.extra.replicas,
          max: Math.max(replicas.max, layout.extra.replicas),
        },
      }
    : next.spec;
  return {
    deploymentId: options.deploymentId,
    namespace: options.namespace,
    serving,
    workloads: [
      {
        track: 'stable',
        ...workloadOf(layout.stable === 'previous' ? previous : next),
        ...(layout.stableReplicas !== undefined
          ? { replicas: layout.stableReplicas }
          : {}),
      },
      {
        track: layout.extra.track,
        ...workloadOf(next),
        replicas: layout.extra.replicas,
      },
    ],
    routing: layout.routing,
    stopped: false,
    config: options.config,
  };
}
