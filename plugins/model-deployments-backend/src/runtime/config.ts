import type { Config } from '@backstage/config';
import { resolveServing } from '../catalog/serving';
import {
  GPU_TYPES,
  type DeploymentEnvironment,
  type GpuType,
} from '@modelops/plugin-model-deployments-common';
import {
  readDeploymentEnvironments,
  type DeploymentEnvironmentConfig,
} from '@modelops/plugin-model-deployments-node';

/** Where an environment's deployments run (the node package reads them, for the catalog module too). */
export type EnvironmentTarget = DeploymentEnvironmentConfig;

export type TrafficManager = 'none' | 'istio' | 'gateway-api';

/**
 * The Pod Security standard the pods meet: `restricted` (default), or `baseline` for serving runtimes
 * that must run as root or keep capabilities.
 */
export type PodSecurityLevel = 'restricted' | 'baseline';

const POD_SECURITY_LEVELS: PodSecurityLevel[] = ['restricted', 'baseline'];

/** How deployments become Kubernetes objects: `modelDeployments.runtime` in app-config. */
export type RuntimeConfig = {
  environments: Partial<Record<DeploymentEnvironment, EnvironmentTarget>>;
  /** Image of the model server; `{{ modelId }}`, `{{ modelVersion }}` and `{{ name }}` are replaced. */
  servingImage: string;
  /** Where the server loads the model from (env `MODEL_URI`), with the same placeholders. */
  modelUri?: string;
  containerPort: number;
  /** The `nvidia.com/gpu.product` label value of each GPU type on the clusters' nodes. */
  gpuProducts: Record<GpuType, string>;
  trafficManager: TrafficManager;
  /** The Gateway that HTTPRoutes attach to, when the traffic manager is the Gateway API. */
  gateway?: { name: string; namespace?: string };
  /** A rollout that makes no progress for this long is rolled back. */
  progressDeadlineSeconds: number;
  /** How long a model may take to load before the startup probe gives up. */
  startupTimeoutSeconds: number;
  /** The external metric of GPU utilisation that an HPA reads, when a metrics adapter serves one. */
  gpuUtilizationMetric?: string;
  podSecurity: PodSecurityLevel;
  /**
   * How long a replica drives a deployment after it last renewed its lease; another replica takes over
   * once it has passed (the holder crashed or hangs).
   */
  leaseSeconds: number;
  /**
   * How long the runtime waits for a cluster's API server to answer a request (a watch: to start
   * answering) before it gives the request up as failed.
   */
  clusterRequestTimeoutSeconds: number;
  /**
   * Where instances without GPUs are scheduled: a node pool's selector and the taints they tolerate (GPU
   * instances go to the nodes of their GPU type).
   */
  cpuNodes: NodePlacement;
};

/** A node selector and the taints it tolerates, as a pod spec writes them. */
export type NodePlacement = {
  nodeSelector: Record<string, string>;
  tolerations: {
    key?: string;
    operator: 'Exists' | 'Equal';
    value?: string;
    effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  }[];
};

const TOLERATION_OPERATORS = ['Exists', 'Equal'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** `modelDeployments.runtime.cpuNodes`: checked here, so a typo fails at startup, not at an apply. */
function readCpuNodes(runtime: Config): NodePlacement {
  const section = runtime.getOptionalConfig('cpuNodes');
  // Read whole: a label key (`modelops.io/node`) is not a config key.
  const nodeSelector = section?.getOptional('nodeSelector') ?? {};
  if (
    typeof nodeSelector !== 'object' ||
    Array.isArray(nodeSelector) ||
    Object.values(nodeSelector).some(value => typeof value !== 'string')
  ) {
    throw new Error(
      'modelDeployments.runtime.cpuNodes.nodeSelector must map label keys to string values',
    );
  }
  const tolerations = (
    section?.getOptionalConfigArray('tolerations') ?? []
  ).map((toleration, index) => {
    const where = `modelDeployments.runtime.cpuNodes.tolerations[${index}]`;
    const operator = toleration.getOptionalString('operator') ?? 'Equal';
    const effect = toleration.getOptionalString('effect');
    if (!(TOLERATION_OPERATORS as readonly string[]).includes(operator)) {
      throw new Error(`${where}.operator must be Exists or Equal`);
    }
    if (effect && !(TAINT_EFFECTS as readonly string[]).includes(effect)) {
      throw new Error(
        `${where}.effect must be one of ${TAINT_EFFECTS.join(', ')}`,
      );
    }
    const key = toleration.getOptionalString('key');
    const value = toleration.getOptionalString('value');
    // Only the fields given, as a pod spec would hold them.
    return {
      ...(key !== undefined ? { key } : {}),
      operator: operator as NodePlacement['tolerations'][number]['operator'],
      ...(value !== undefined ? { value } : {}),
      ...(effect
        ? { effect: effect as NodePlacement['tolerations'][number]['effect'] }
        : {}),
    };
  });
  return { nodeSelector: nodeSelector as Record<string, string>, tolerations };
}

/** Defaults: the label values NVIDIA's GPU feature discovery sets for the common SKUs. */
const DEFAULT_GPU_PRODUCTS: Record<GpuType, string> = {
  T4: 'Tesla-T4',
  V100: 'Tesla-V100-SXM2-16GB',
  A100: 'NVIDIA-A100-SXM4-80GB',
};

const TRAFFIC_MANAGERS: TrafficManager[] = ['none', 'istio', 'gateway-api'];

/** The shortest lease: a pass of the runtime on one deployment must fit in half of one. */
const MIN_LEASE_SECONDS = 4;

function readLeaseSeconds(runtime: Config | undefined): number {
  const seconds = runtime?.getOptionalNumber('leaseSeconds') ?? 30;
  if (!(seconds >= MIN_LEASE_SECONDS)) {
    throw new Error(
      `modelDeployments.runtime.leaseSeconds must be at least ${MIN_LEASE_SECONDS}, not ${seconds}`,
    );
  }
  return seconds;
}

/**
 * The default timeout of a request to an API server. A healthy one answers the runtime's requests (a
 * read, a server-side apply, a labelled list of one namespace) in well under a second; 15 s also lets a
 * request wait out an admission webhook at its default timeout (10 s), and is half the default lease.
 */
const DEFAULT_CLUSTER_REQUEST_TIMEOUT_SECONDS = 15;

/**
 * `modelDeployments.runtime.clusterRequestTimeoutSeconds`: at most half the lease, so that a replica
 * gives a request that gets no answer up, and records why, while it still holds the deployment's lease
 * (renewed right before every cluster write); by default 15 s, or half the lease when that is shorter.
 * Read by {@link readRuntimeConfig} and by the clusters' kubeconfigs (`readClusters`).
 */
export function readClusterRequestTimeoutSeconds(config: Config): number {
  const runtime = config.getOptionalConfig('modelDeployments.runtime');
  const leaseSeconds = readLeaseSeconds(runtime);
  const key = 'modelDeployments.runtime.clusterRequestTimeoutSeconds';
  const seconds = runtime?.getOptionalNumber('clusterRequestTimeoutSeconds');
  if (seconds === undefined) {
    return Math.min(DEFAULT_CLUSTER_REQUEST_TIMEOUT_SECONDS, leaseSeconds / 2);
  }
  if (!(seconds > 0)) {
    throw new Error(`${key} must be more than 0, not ${seconds}`);
  }
  if (seconds > leaseSeconds / 2) {
    throw new Error(
      `${key} (${seconds}) must be at most half of modelDeployments.runtime.leaseSeconds (${leaseSeconds}): a replica must give up a request that the API server does not answer while it still holds the deployment's lease`,
    );
  }
  return seconds;
}

/** A key of `modelDeployments.runtime` whose value is one of `values`; `fallback` when it is absent. */
function readOneOf<T extends string>(
  runtime: Config,
  key: string,
  values: readonly T[],
  fallback: T,
): T {
  const value = runtime.getOptionalString(key) ?? fallback;
  if (!(values as readonly string[]).includes(value)) {
    throw new Error(
      `modelDeployments.runtime.${key} must be one of ${values.join(', ')}`,
    );
  }
  return value as T;
}

/**
 * Reads and checks `modelDeployments.runtime` and `modelDeployments.environments`; `undefined` when no
 * environment is configured, so deployments are recorded but not run anywhere.
 */
export function readRuntimeConfig(config: Config): RuntimeConfig | undefined {
  const root = config.getOptionalConfig('modelDeployments');
  if (!root?.has('environments')) {
    return undefined;
  }
  const runtime = root.getConfig('runtime');

  const environments = readDeploymentEnvironments(config);

  const gpuProducts = { ...DEFAULT_GPU_PRODUCTS };
  const gpuProductsConfig = runtime.getOptionalConfig('gpuProducts');
  for (const key of gpuProductsConfig?.keys() ?? []) {
    if (!(GPU_TYPES as readonly string[]).includes(key)) {
      throw new Error(
        `modelDeployments.runtime.gpuProducts.${key} is not a GPU type; use one of ${GPU_TYPES.join(
          ', ',
        )}`,
      );
    }
    gpuProducts[key as GpuType] = gpuProductsConfig!.getString(key);
  }

  const trafficManager = readOneOf(
    runtime,
    'trafficManager',
    TRAFFIC_MANAGERS,
    'none',
  );
  const gatewayConfig = runtime.getOptionalConfig('gateway');
  if (trafficManager === 'gateway-api' && !gatewayConfig) {
    throw new Error(
      'modelDeployments.runtime.gateway.name is required when the traffic manager is gateway-api',
    );
  }

  const podSecurity = readOneOf(
    runtime,
    'podSecurity',
    POD_SECURITY_LEVELS,
    'restricted',
  );

  const servingImage = runtime.getString('servingImage');
  const modelUri = runtime.getOptionalString('modelUri');
  // A placeholder the templates do not know fails here, not at the first request.
  resolveServing(
    { modelId: 'model', modelVersion: 'v1', name: 'deployment' },
    {},
    { servingImage, modelUri },
  );

  return {
    environments,
    servingImage,
    modelUri,
    containerPort: runtime.getOptionalNumber('containerPort') ?? 8080,
    gpuProducts,
    trafficManager,
    gateway: gatewayConfig && {
      name: gatewayConfig.getString('name'),
      namespace: gatewayConfig.getOptionalString('namespace'),
    },
    progressDeadlineSeconds:
      runtime.getOptionalNumber('progressDeadlineSeconds') ?? 600,
    startupTimeoutSeconds:
      runtime.getOptionalNumber('startupTimeoutSeconds') ?? 600,
    gpuUtilizationMetric: runtime.getOptionalString('gpuUtilizationMetric'),
    podSecurity,
    leaseSeconds: readLeaseSeconds(runtime),
    clusterRequestTimeoutSeconds: readClusterRequestTimeoutSeconds(config),
    cpuNodes: readCpuNodes(runtime),
  };
}
