import type { KubernetesObject } from '@kubernetes/client-node';
import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';
import type { RuntimeConfig } from '../config';
import { buildAutoscaler } from './autoscaler';
import { buildDisruptionBudget } from './disruptionBudget';
import { workloadName, type Track } from './labels';
import { buildService } from './service';
import { buildTraffic, type TrafficWeights } from './traffic';
import { buildWorkload } from './workload';

/** One revision of the spec on one track, with its image and model location resolved. */
export type PlannedWorkload = {
  track: Track;
  revision: number;
  spec: DeploymentSpec;
  image: string;
  modelUri?: string;
  /** A fixed instance count (a canary's share, 0 when stopped); for `stable`, the HPA's when omitted. */
  replicas?: number;
};

/**
 * The state a deployment's objects should be in: its workloads and where requests go. The orchestrator
 * plans it from the deployment and its operation; {@link buildManifests} turns it into objects.
 */
export type ManifestPlan = {
  deploymentId: string;
  namespace: string;
  /** The revision that serves in steady state: the Service, autoscaler and traffic policy follow it. */
  serving: DeploymentSpec;
  workloads: PlannedWorkload[];
  /** Requests go to one track, or are split by weight between tracks. */
  routing: { track: Track } | { weights: TrafficWeights };
  /** Stopped: no autoscaler, so the workloads stay at 0 instances. */
  stopped: boolean;
  config: RuntimeConfig;
};

export type Manifests = {
  /** In the order they are applied: workloads before the objects that route to them. */
  objects: KubernetesObject[];
  /** What the cluster cannot do for this spec, said to the user rather than silently dropped. */
  notEnforced: string[];
};

/** A pure function from a plan to the Kubernetes objects that carry it out. */
export function buildManifests(plan: ManifestPlan): Manifests {
  const { deploymentId, namespace, serving, config } = plan;
  const notEnforced: string[] = [];
  const objects: KubernetesObject[] = [];
  const autoscaled = serving.autoscaling.enabled && !plan.stopped;

  for (const workload of plan.workloads) {
    const replicas =
      workload.replicas ??
      (workload.track === 'stable' && autoscaled
        ? undefined
        : workload.spec.replicas.min);
    objects.push(
      buildWorkload({
        deploymentId,
        namespace,
        track: workload.track,
        revision: workload.revision,
        spec: workload.spec,
        image: workload.image,
        modelUri: workload.modelUri,
        replicas,
        config,
      }),
    );
  }

  const weights: TrafficWeights =
    'weights' in plan.routing
      ? plan.routing.weights
      : { [plan.routing.track]: 100 };
  const traffic = buildTraffic({
    deploymentId,
    namespace,
    spec: serving,
    weights,
    config,
  });
  notEnforced.push(...traffic.notEnforced);
  const managedTraffic =
    traffic.objects.length > 0 || traffic.trackServices.length > 0;
  if ('weights' in plan.routing && !managedTraffic) {
    notEnforced.push(
      'Traffic is split by the number of instances of each version: no traffic manager is configured.',
    );
  }
  // The Service `<name>` selects the routed track; during a split it selects every track (a traffic
  // manager picks the subset, or the instance count decides), except that Gateway API routes name a
  // Service per track, and `<name>` is the stable one.
  let serviceTrack: Track | undefined;
  if ('track' in plan.routing) {
    serviceTrack = plan.routing.track;
  } else if (traffic.trackServices.length > 0) {
    serviceTrack = 'stable';
  }
  objects.push(
    buildService({
      deploymentId,
      namespace,
      spec: serving,
      track: serviceTrack,
      clientIpAffinity: traffic.clientIpAffinity,
    }),
  );
  for (const track of traffic.trackServices.filter(t => t !== 'stable')) {
    objects.push(
      buildService({
        deploymentId,
        namespace,
        spec: serving,
        name: workloadName(serving.name, track),
        track,
        clientIpAffinity: false,
      }),
    );
  }
  objects.push(...traffic.objects);

  if (autoscaled) {
    const { autoscaler, notEnforced: autoscalerNotes } = buildAutoscaler({
      deploymentId,
      namespace,
      spec: serving,
      workloadName: workloadName(serving.name, 'stable'),
      config,
    });
    objects.push(autoscaler);
    notEnforced.push(...autoscalerNotes);
  }
  const budget = buildDisruptionBudget({
    deploymentId,
    namespace,
    spec: serving,
  });
  if (budget) {
    objects.push(budget);
  }
  return { objects, notEnforced };
}

/** The plan of a deployment at rest: one stable workload at one revision, receiving every request. */
export function steadyStatePlan(options: {
  deploymentId: string;
  namespace: string;
  revision: number;
  spec: DeploymentSpec;
  image: string;
  modelUri?: string;
  stopped: boolean;
  config: RuntimeConfig;
}): ManifestPlan {
  const { spec, stopped } = options;
  return {
    deploymentId: options.deploymentId,
    namespace: options.namespace,
    serving: spec,
    workloads: [
      {
        track: 'stable',
        revision: options.revision,
        spec,
        image: options.image,
        ...(options.modelUri ? { modelUri: options.modelUri } : {}),
        ...(stopped ? { replicas: 0 } : {}),
      },
    ],
    routing: { track: 'stable' },
    stopped,
    config: options.config,
  };
}

/**
 * What the cluster does not carry out of a spec at rest (without a traffic manager, say, sticky sessions
 * by cookie), so that the deployment can say so. The objects of a placeholder plan are not used.
 */
export function unenforcedSettings(
  spec: DeploymentSpec,
  config: RuntimeConfig,
): string[] {
  return buildManifests(
    steadyStatePlan({
      deploymentId: 'unenforced-settings',
      namespace: 'unenforced-settings',
      revision: 0,
      spec,
      image: 'unenforced-settings',
      stopped: false,
      config,
    }),
  ).notEnforced;
}
