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
  return {
    deploymentId: options.deploymentId,
    namespace: options.namespace,
    serving: next.spec,
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
