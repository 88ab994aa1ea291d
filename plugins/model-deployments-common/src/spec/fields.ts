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

/** Kubernetes accepts more, but C identifiers are what every model server and shell can read. */
const ENV_NAME_RULE =
  "must be a C identifier: letters, digits and '_', not starting with a digit";

/** @public */
export const envVarNameSchema = z
  .string({ required_error: 'is required' })
  .max(256, 'must be at most 256 characters')
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, ENV_NAME_RULE);

/** @public */
export const secretKeyRefSchema = z
  .object({
    name: z
      .string({ required_error: 'is required' })
      .max(253, 'must be at most 253 characters')
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
        'must be the name of a Kubernetes Secret (a DNS-1123 subdomain)',
      ),
    key: z
      .string({ required_error: 'is required' })
      .max(253, 'must be at most 253 characters')
      .regex(
        /^[-._a-zA-Z0-9]+$/,
        "must be a Secret key: letters, digits, '-', '_' and '.'",
      ),
  })
  .strict()
  .describe('A key of a Kubernetes Secret in the environment namespace');

/**
 * A plain value, or a reference to a Kubernetes Secret (exactly one of them). Secret values never reach
 * our database.
 *
 * @public
 */
export const envVarSchema = z
  .object({
    name: envVarNameSchema,
    value: z.string().max(32768, 'must be at most 32768 characters').optional(),
    secretKeyRef: secretKeyRefSchema.optional(),
  })
  .strict()
  .superRefine((envVar, ctx) => {
    if ((envVar.value === undefined) === (envVar.secretKeyRef === undefined)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['value'],
        message: 'give either a value or a secretKeyRef {name, key}, not both',
      });
    }
  });

/**
 * The variables the platform sets in every model server's container: the model's id, version and
 * location, and the port to serve on. They come last in the container, and no user variable may name
 * one, so what runs is what the platform says.
 *
 * @public
 */
export const PLATFORM_ENV_NAMES = [
  'MODEL_ID',
  'MODEL_VERSION',
  'MODEL_URI',
  'PORT',
] as const;

/** @public */
export type PlatformEnvName = (typeof PLATFORM_ENV_NAMES)[number];

/** Whether a variable's name is one the platform sets. @public */
export function isPlatformEnvName(name: string): name is PlatformEnvName {
  return (PLATFORM_ENV_NAMES as readonly string[]).includes(name);
}

/** Where a value refers to a variable, as Kubernetes reads it: `$$` is a literal `$`. */
function referenceSpans(value: string): { start: number; name: string }[] {
  const spans: { start: number; name: string }[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$') {
      continue;
    }
    if (value[i + 1] === '$') {
      i++;
    } else if (value[i + 1] === '(') {
      const end = value.indexOf(')', i + 2);
      if (end === -1) {
        break;
      }
      spans.push({ start: i, name: value.slice(i + 2, end) });
      i = end;
    }
  }
  return spans;
}

/**
 * The variables a value refers to, as Kubernetes expands them: `$(NAME)` is a reference, `$$` is a
 * literal `$`, so `$$(NAME)` is the text `$(NAME)`.
 *
 * @public
 */
export function envReferences(value: string): string[] {
  return referenceSpans(value).map(span => span.name);
}

/**
 * The value with each reference to a variable that `escape` names written as text (`$$(NAME)`), so
 * that Kubernetes expands none of them.
 *
 * @public
 */
export function escapeEnvReferences(
  value: string,
  escape: (name: string) => boolean,
): string {
  let escaped = '';
  let from = 0;
  for (const span of referenceSpans(value)) {
    if (escape(span.name)) {
      escaped += `${value.slice(from, span.start)}$`;
      from = span.start;
    }
  }
  return escaped + value.slice(from);
}

/**
 * All the values of a deployment together: a pod template travels in every Deployment, ReplicaSet and
 * pod object (etcd takes 1.5 MiB each), and a process's environment shares the kernel's limit with its
 * arguments.
 *
 * @public
 */
export const ENV_VALUES_MAX_LENGTH = 128 * 1024;

/** @public */
export const envVarsSchema = z
  .array(envVarSchema)
  .max(200, 'must have at most 200 variables')
  .superRefine((vars, ctx) => {
    const length = vars.reduce((sum, v) => sum + (v.value?.length ?? 0), 0);
    if (length > ENV_VALUES_MAX_LENGTH) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `the values must be at most ${ENV_VALUES_MAX_LENGTH} characters together (these are ${length})`,
      });
    }
    const seen = new Set<string>();
    const secrets = new Set(vars.filter(v => v.secretKeyRef).map(v => v.name));
    vars.forEach((v, index) => {
      if (isPlatformEnvName(v.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `${v.name} is set by the platform (${PLATFORM_ENV_NAMES.join(
            ', ',
          )} are): choose another name`,
        });
      } else if (seen.has(v.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `'${v.name}' is defined more than once`,
        });
      }
      seen.add(v.name);
      // Kubernetes expands a reference to a variable listed before it: none may name the platform's
      // (listed last, so the text would stay as written) or a secret's (whose value would be copied).
      const reference = envReferences(v.value ?? '').find(
        name => isPlatformEnvName(name) || secrets.has(name),
      );
      if (reference) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'value'],
          message: `$(${reference}) refers to ${
            isPlatformEnvName(reference)
              ? 'a variable the platform sets'
              : 'a variable that holds a secret'
          }; write $$(${reference}) for the text itself`,
        });
      }
    });
  })
  .describe(
    'Environment variables: plain values or Kubernetes Secret references',
  );
