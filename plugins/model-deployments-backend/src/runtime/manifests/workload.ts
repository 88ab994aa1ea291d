import type {
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1PodSecurityContext,
  V1Probe,
  V1SecurityContext,
  V1Toleration,
} from '@kubernetes/client-node';
import {
  escapeEnvReferences,
  isPlatformEnvName,
  PLATFORM_ENV_NAMES,
  type DeploymentSpec,
  type PlatformEnvName,
} from '@modelops/plugin-model-deployments-common';
import type { RuntimeConfig } from '../config';
import {
  objectLabels,
  podSelector,
  REVISION_LABEL,
  TRACK_LABEL,
  workloadName,
  type Track,
} from './labels';
import {
  bandwidthQuantity,
  cpuQuantity,
  memoryQuantity,
  storageQuantity,
} from './quantities';

/** The container and the port the model server listens on. */
export const SERVER_CONTAINER = 'model-server';
const SERVER_PORT_NAME = 'http';
const MODEL_CACHE_PATH = '/models';

/** What a workload runs: one revision of the spec, with the image and model location resolved. */
export type WorkloadInput = {
  deploymentId: string;
  namespace: string;
  track: Track;
  revision: number;
  spec: DeploymentSpec;
  image: string;
  modelUri?: string;
  /**
   * The replica count to apply. `undefined` leaves it to the HorizontalPodAutoscaler, which then owns the
   * field; a number (the minimum, a canary's share, 0 when stopped) is applied and owned by us.
   */
  replicas: number | undefined;
  config: RuntimeConfig;
};

/**
 * Kubernetes' `restricted` Pod Security standard, which a hardened namespace enforces: no root, no
 * privilege escalation, no capabilities, the runtime's default seccomp profile. A model server needs none
 * of them.
 */
const RESTRICTED_POD: V1PodSecurityContext = {
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};
const RESTRICTED_CONTAINER: V1SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

/**
 * The container's variables: the user's, then the platform's, last, so that none of the user's can stand
 * in for one of them. A record stored before the API refused them may name a platform variable (it
 * gives way to the platform's) or refer to one or to a secret in a value (written as text, unexpanded).
 */
function environment(input: WorkloadInput): V1EnvVar[] {
  const { spec } = input;
  const secrets = new Set(
    spec.env.filter(variable => variable.secretKeyRef).map(v => v.name),
  );
  const platform: Record<PlatformEnvName, string | undefined> = {
    MODEL_ID: spec.modelId,
    MODEL_VERSION: spec.modelVersion,
    MODEL_URI: input.modelUri,
    PORT: String(input.config.containerPort),
  };
  return [
    ...spec.env
      .filter(variable => !isPlatformEnvName(variable.name))
      .map(variable =>
        variable.secretKeyRef
          ? {
              name: variable.name,
              valueFrom: {
                secretKeyRef: {
                  name: variable.secretKeyRef.name,
                  key: variable.secretKeyRef.key,
                },
              },
            }
          : {
              name: variable.name,
              value: escapeEnvReferences(
                variable.value ?? '',
                name => isPlatformEnvName(name) || secrets.has(name),
              ),
            },
      ),
    ...PLATFORM_ENV_NAMES.flatMap(name => {
      const value = platform[name];
      return value === undefined ? [] : [{ name, value }];
    }),
  ];
}

/**
 * Readiness gates traffic on the health check; liveness restarts a server that stops answering; a startup
 * probe gives the model time to load before liveness counts.
 */
function probes(
  input: WorkloadInput,
): Pick<V1Container, 'readinessProbe' | 'livenessProbe' | 'startupProbe'> {
  const { healthCheckPath, healthCheckIntervalSeconds } =
    input.spec.loadBalancer;
  const httpGet = { path: healthCheckPath, port: SERVER_PORT_NAME };
  const startupPeriodSeconds = 10;
  const probe = (extra: Partial<V1Probe>): V1Probe => ({
    httpGet,
    periodSeconds: healthCheckIntervalSeconds,
    timeoutSeconds: Math.min(5, healthCheckIntervalSeconds),
    ...extra,
  });
  return {
    readinessProbe: probe({ failureThreshold: 3 }),
    livenessProbe: probe({ failureThreshold: 3 }),
    startupProbe: probe({
      periodSeconds: startupPeriodSeconds,
      failureThreshold: Math.ceil(
        input.config.startupTimeoutSeconds / startupPeriodSeconds,
      ),
    }),
  };
}

/** The Deployment of one track of a model deployment. */
export function buildWorkload(input: WorkloadInput): V1Deployment {
  const { spec, config } = input;
  const { resources } = spec;
  const gpu = resources.gpuCount > 0;
  // Requests equal limits: a model server's memory is its model, and HPA utilisation is relative to
  // requests; equal values also give GPU pods the Guaranteed QoS class.
  const quantities: Record<string, string> = {
    cpu: cpuQuantity(resources.cpuCores),
    memory: memoryQuantity(resources.memoryGb),
    ...(resources.storageGb
      ? { 'ephemeral-storage': storageQuantity(resources.storageGb) }
      : {}),
  };
  const gpuLimit: Record<string, string> = gpu
    ? { 'nvidia.com/gpu': String(resources.gpuCount) }
    : {};
  // GPU instances go to the nodes of their GPU type; the others where the platform keeps them.
  const tolerations: V1Toleration[] = gpu
    ? [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]
    : config.cpuNodes.tolerations.map(toleration => ({ ...toleration }));
  const labels = objectLabels(input.deploymentId, spec);
  // The revision is on the Deployment, not in the pod template: a rollback to the same pod template then
  // replaces no instance (aborting a canary or blue-green update leaves the stable instances alone), and
  // Kubernetes reuses the earlier ReplicaSet when a rollback does change them.
  const podLabels = {
    ...labels,
    ...podSelector(input.deploymentId, input.track),
    'app.kubernetes.io/version': spec.modelVersion,
  };
  const bandwidth: Record<string, string> = resources.networkBandwidthMbps
    ? {
        'kubernetes.io/ingress-bandwidth': bandwidthQuantity(
          resources.networkBandwidthMbps,
        ),
        'kubernetes.io/egress-bandwidth': bandwidthQuantity(
          resources.networkBandwidthMbps,
        ),
      }
    : {};

  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: workloadName(spec.name, input.track),
      namespace: input.namespace,
      labels: {
        ...labels,
        [TRACK_LABEL]: input.track,
        [REVISION_LABEL]: String(input.revision),
      },
      annotations: spec.description
        ? { 'modelops.io/description': spec.description }
        : {},
    },
    spec: {
      ...(input.replicas !== undefined ? { replicas: input.replicas } : {}),
      selector: { matchLabels: podSelector(input.deploymentId, input.track) },
      progressDeadlineSeconds: config.progressDeadlineSeconds,
      revisionHistoryLimit: 5,
      // With surge, a new instance must be ready before an old one goes, so capacity never drops; without
      // (no spare GPUs), one instance at a time is replaced and none is added.
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: spec.surgeDuringUpdates
          ? { maxUnavailable: 0, maxSurge: 1 }
          : { maxUnavailable: 1, maxSurge: 0 },
      },
      template: {
        metadata: { labels: podLabels, annotations: bandwidth },
        spec: {
          containers: [
            {
              name: SERVER_CONTAINER,
              image: input.image,
              ports: [
                {
                  name: SERVER_PORT_NAME,
                  containerPort: config.containerPort,
                  protocol: 'TCP',
                },
              ],
              env: environment(input),
              resources: {
                requests: quantities,
                limits: { ...quantities, ...gpuLimit },
              },
              ...probes(input),
              volumeMounts: [
                { name: 'model-cache', mountPath: MODEL_CACHE_PATH },
              ],
              ...(config.podSecurity === 'restricted'
                ? { securityContext: RESTRICTED_CONTAINER }
                : {}),
            },
          ],
          ...(config.podSecurity === 'restricted'
            ? { securityContext: RESTRICTED_POD }
            : {}),
          volumes: [
            {
              name: 'model-cache',
              emptyDir: resources.storageGb
                ? { sizeLimit: storageQuantity(resources.storageGb) }
                : {},
            },
          ],
          ...(gpu && resources.gpuType
            ? {
                nodeSelector: {
                  'nvidia.com/gpu.product':
                    config.gpuProducts[resources.gpuType],
                },
              }
            : {}),
          ...(!gpu && Object.keys(config.cpuNodes.nodeSelector).length
            ? { nodeSelector: { ...config.cpuNodes.nodeSelector } }
            : {}),
          tolerations,
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  };
}
