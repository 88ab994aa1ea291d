import { z } from 'zod/v3';

/**
 * The schema of each field of a deployment, on its own. The spec, the requests and the forms are all
 * assembled from these, so a field's rule is stated here once.
 */

/** Why the name is stricter than a plain DNS-1123 label: it also names a Service (RFC 1035). */
const NAME_RULE =
  "must be a DNS-1123 label that starts with a letter: lowercase letters, digits and '-', ending with a letter or digit";

/**
 * At most 50 characters so that the objects derived from it (`<name>-canary`, `<name>-preview`, pod names)
 * stay within Kubernetes' 63-character limit.
 */
export const DEPLOYMENT_NAME_MAX_LENGTH = 50;

/** @public */
export const deploymentNameSchema = z
  .string({ required_error: 'is required' })
  .max(
    DEPLOYMENT_NAME_MAX_LENGTH,
    `must be at most ${DEPLOYMENT_NAME_MAX_LENGTH} characters`,
  )
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, NAME_RULE)
  .describe(
    'Deployment Name: a DNS-1123 label, e.g. resnet-prod or bert-api-v1. It cannot be changed later.',
  );

/** @public */
export const descriptionSchema = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .describe('Description: deployment purpose and details');

/** A catalog entity reference of the model, e.g. `resource:default/bert-sentiment`. @public */
export const modelRefSchema = z
  .string({ required_error: 'is required' })
  .regex(
    /^resource:([a-z0-9][-a-z0-9._]*\/)?[A-Za-z0-9][-A-Za-z0-9._]*$/i,
    "must be a catalog reference to a Resource, e.g. 'resource:default/bert-sentiment'",
  )
  .describe(
    'Model: the catalog entity of the model (kind Resource, type ai-model)',
  );

/** @public */
export const modelIdSchema = z
  .string({ required_error: 'is required' })
  .max(128, 'must be at most 128 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "must start with a letter or digit and contain only letters, digits, '.', '_' and '-'",
  )
  .describe('Model ID: ID of the model to deploy');

/** @public */
export const modelVersionSchema = z
  .string({ required_error: 'is required' })
  .max(128, 'must be at most 128 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._+-]*$/,
    "must start with a letter or digit and contain only letters, digits, '.', '_', '+' and '-'",
  )
  .describe('Model Version: version of the model to deploy');

/** @public */
export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
/** @public */
export type DeploymentEnvironment = (typeof ENVIRONMENTS)[number];
/** @public */
export const environmentSchema = z
  .enum(ENVIRONMENTS, {
    errorMap: () => ({ message: `must be one of ${ENVIRONMENTS.join(', ')}` }),
  })
  .describe('Environment: where the deployment runs');

/** @public */
export const STRATEGIES = ['rolling', 'blue-green', 'canary'] as const;
/** @public */
export type DeploymentStrategy = (typeof STRATEGIES)[number];
/** @public */
export const strategySchema = z
  .enum(STRATEGIES, {
    errorMap: () => ({ message: `must be one of ${STRATEGIES.join(', ')}` }),
  })
  .describe(
    'Deployment Strategy: how a new model version replaces the running one',
  );

/**
 * Whether an update may run one instance more than the deployment has. Off, instances are replaced one at
 * a time: for GPU deployments whose cluster has no spare GPUs for a second copy.
 *
 * @public
 */
export const surgeDuringUpdatesSchema = z
  .boolean({ invalid_type_error: 'must be true or false' })
  .describe(
    'Extra Instance During Updates: start each new instance before an old one stops. Turn off when the cluster has no spare GPUs: instances are then replaced one at a time, one fewer serves during an update, and blue-green updates (a second full fleet) are not available',
  );

/**
 * Why a strategy cannot roll out a spec, or `undefined` when it can. Blue-green needs a second fleet at
 * full size; a canary without surge takes its instances from a fixed number of stable ones.
 *
 * @public
 */
export function strategyConflict(
  strategy: DeploymentStrategy,
  spec: {
    surgeDuringUpdates?: boolean;
    autoscalingEnabled?: boolean;
    minReplicas?: number;
  },
): string | undefined {
  if (spec.surgeDuringUpdates !== false) {
    return undefined;
  }
  if (strategy === 'blue-green') {
    return 'blue-green runs a second fleet at full size, which needs surgeDuringUpdates on; use canary or rolling';
  }
  if (strategy === 'canary' && spec.autoscalingEnabled) {
    return 'a canary without surge takes its instances from the stable ones, which needs auto-scaling off; turn surgeDuringUpdates on, or use rolling';
  }
  if (strategy === 'canary' && (spec.minReplicas ?? 2) < 2) {
    return 'a canary without surge takes its instances from the stable ones, which needs at least 2 instances so that one keeps serving the current version';
  }
  return undefined;
}

/** @public */
export const GPU_TYPES = ['T4', 'V100', 'A100'] as const;
/** @public */
export type GpuType = (typeof GPU_TYPES)[number];
/** @public */
export const gpuTypeSchema = z
  .enum(GPU_TYPES, {
    errorMap: () => ({ message: `must be one of ${GPU_TYPES.join(', ')}` }),
  })
  .describe('GPU Type: NVIDIA T4, V100 or A100');

/** @public */
export const LOAD_BALANCING_ALGORITHMS = [
  'round-robin',
  'least-connections',
  'ip-hash',
] as const;
/** @public */
export type LoadBalancingAlgorithm = (typeof LOAD_BALANCING_ALGORITHMS)[number];
/** @public */
export const loadBalancingAlgorithmSchema = z
  .enum(LOAD_BALANCING_ALGORITHMS, {
    errorMap: () => ({
      message: `must be one of ${LOAD_BALANCING_ALGORITHMS.join(', ')}`,
    }),
  })
  .describe(
    'Load Balancing Algorithm: Round Robin, Least Connections or IP Hash',
  );

/** A bounded number, with messages that say the bounds. */
function boundedNumber(options: {
  min: number;
  max: number;
  integer?: boolean;
  description: string;
}) {
  let schema = z.number({
    required_error: 'is required',
    invalid_type_error: 'must be a number',
  });
  if (options.integer) {
    schema = schema.int('must be a whole number');
  }
  return schema
    .min(options.min, `must be at least ${options.min}`)
    .max(options.max, `must be at most ${options.max}`)
    .describe(options.description);
}

/** @public */
export const cpuCoresSchema = boundedNumber({
  min: 0.1,
  max: 128,
  description: 'CPU Cores: number of CPU cores per instance, e.g. 4, 8, 16',
}).multipleOf(0.001, 'must have at most 3 decimals (1 millicore)');

/** @public */
export const memoryGbSchema = boundedNumber({
  min: 0.25,
  max: 2048,
  description: 'Memory (GB): memory per instance in GB, e.g. 8, 16, 32',
}).multipleOf(0.001, 'must have at most 3 decimals');

/** @public */
export const gpuCountSchema = boundedNumber({
  min: 0,
  max: 16,
  integer: true,
  description: 'GPU Count: number of GPUs per instance',
});

/** @public */
export const storageGbSchema = boundedNumber({
  min: 1,
  max: 65536,
  integer: true,
  description: 'Storage (GB): local storage per instance',
});

/** @public */
export const networkBandwidthMbpsSchema = boundedNumber({
  min: 1,
  max: 400000,
  integer: true,
  description:
    'Network Bandwidth (Mbps): ingress and egress limit per instance',
});

/** @public */
export const MAX_REPLICAS_LIMIT = 1000;

/** @public */
export const replicaCountSchema = boundedNumber({
  min: 1,
  max: MAX_REPLICAS_LIMIT,
  integer: true,
  description: 'Number of instances',
});

/** @public */
export const utilizationPercentSchema = boundedNumber({
  min: 1,
  max: 100,
  integer: true,
  description: 'Utilisation target in percent',
});

/** @public */
export const healthCheckPathSchema = z
  .string({ required_error: 'is required' })
  .max(1024, 'must be at most 1024 characters')
  .regex(
    /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*(\?[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?$/,
    "must be a path on the instance that starts with '/', e.g. /health (not a full URL)",
  )
  .describe('Health Check Path: endpoint for health checks, e.g. /health');

/** @public */
export const healthCheckIntervalSecondsSchema = boundedNumber({
  min: 1,
  max: 300,
  integer: true,
  description: 'Health Check Interval (seconds): frequency of health checks',
});

/** @public */
export const maxErrorRatePercentSchema = boundedNumber({
  min: 0.1,
  max: 100,
  description:
    'Max Error Rate (%): share of 5xx responses above which an alert fires and a canary step fails',
}).multipleOf(0.1, 'must have at most 1 decimal');

/** @public */
export const maxP99LatencyMsSchema = boundedNumber({
  min: 1,
  max: 600_000,
  integer: true,
  description:
    'Max p99 Latency (ms): 99th-percentile latency above which an alert fires and a canary step fails',
});
