import { z } from 'zod/v3';
import { envVarsSchema } from './env';
import {
  cpuCoresSchema,
  deploymentNameSchema,
  descriptionSchema,
  environmentSchema,
  gpuCountSchema,
  gpuTypeSchema,
  healthCheckIntervalSecondsSchema,
  healthCheckPathSchema,
  loadBalancingAlgorithmSchema,
  maxErrorRatePercentSchema,
  maxP99LatencyMsSchema,
  memoryGbSchema,
  modelIdSchema,
  modelRefSchema,
  modelVersionSchema,
  networkBandwidthMbpsSchema,
  replicaCountSchema,
  storageGbSchema,
  strategyConflict,
  strategySchema,
  surgeDuringUpdatesSchema,
  utilizationPercentSchema,
  type DeploymentStrategy,
} from './fields';

/** @public */
export const resourcesSchema = z
  .object({
    cpuCores: cpuCoresSchema,
    memoryGb: memoryGbSchema,
    gpuCount: gpuCountSchema.default(0),
    gpuType: gpuTypeSchema.optional(),
    storageGb: storageGbSchema.optional(),
    networkBandwidthMbps: networkBandwidthMbpsSchema.optional(),
  })
  .strict()
  .describe('Resource Configuration, per instance');

/** @public */
export const replicasSchema = z
  .object({
    min: replicaCountSchema.describe(
      'Min Replicas: minimum number of instances',
    ),
    max: replicaCountSchema.describe(
      'Max Replicas: maximum number of instances',
    ),
  })
  .strict()
  .describe(
    'Instances. With auto-scaling off, the deployment runs `min` instances and `max` caps manual scaling.',
  );

/** @public */
export const autoscalingSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Enable Auto-Scaling'),
    targetCpuPercent: utilizationPercentSchema
      .default(70)
      .describe('Target CPU Utilization (%): CPU threshold for scaling'),
    targetMemoryPercent: utilizationPercentSchema
      .default(80)
      .describe('Target Memory Utilization (%): memory threshold for scaling'),
    targetGpuPercent: utilizationPercentSchema
      .optional()
      .describe('Target GPU Utilization (%): GPU threshold for scaling'),
  })
  .strict()
  .describe('Scaling Configuration');

/** @public */
export const loadBalancerSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Enable Load Balancer'),
    algorithm: loadBalancingAlgorithmSchema.default('round-robin'),
    healthCheckPath: healthCheckPathSchema.default('/health'),
    healthCheckIntervalSeconds: healthCheckIntervalSecondsSchema.default(30),
    stickySessions: z
      .boolean()
      .default(false)
      .describe('Sticky Sessions: enable session affinity'),
  })
  .strict()
  .describe('Load Balancer and health checks');

/**
 * What "healthy" means for this deployment: the alerts fire, and a canary step fails, beyond these. They
 * are read from the metrics provider; without one, only the instance alert is evaluated.
 *
 * @public
 */
export const monitoringSchema = z
  .object({
    maxErrorRatePercent: maxErrorRatePercentSchema.default(5),
    maxP99LatencyMs: maxP99LatencyMsSchema.optional(),
    alertOnNoReadyInstances: z
      .boolean()
      .default(true)
      .describe(
        'Alert When No Instance Is Ready: while the deployment should be serving',
      ),
  })
  .strict()
  .describe('Monitoring: alert and canary analysis thresholds');

/**
 * The fields of a deployment spec without the rules that relate fields to each other; requests reuse
 * these shapes, and {@link deploymentSpecSchema} adds the cross-field rules.
 *
 * @public
 */
export const deploymentSpecShape = {
  name: deploymentNameSchema,
  description: descriptionSchema.default(''),
  modelRef: modelRefSchema,
  modelId: modelIdSchema,
  modelVersion: modelVersionSchema,
  environment: environmentSchema.default('development'),
  strategy: strategySchema.default('rolling'),
  surgeDuringUpdates: surgeDuringUpdatesSchema.default(true),
  resources: resourcesSchema,
  replicas: replicasSchema,
  autoscaling: autoscalingSchema.default({}),
  loadBalancer: loadBalancerSchema.default({}),
  monitoring: monitoringSchema.default({}),
  env: envVarsSchema.default([]),
};

type SpecSections = {
  strategy?: DeploymentStrategy;
  surgeDuringUpdates?: boolean;
  resources?: Partial<z.output<typeof resourcesSchema>>;
  replicas?: Partial<z.output<typeof replicasSchema>>;
  autoscaling?: Partial<z.output<typeof autoscalingSchema>>;
};

/**
 * The rules between fields. Each issue is reported on the field a user has to change.
 *
 * @public
 */
export function checkCrossFieldRules(spec: SpecSections, ctx: z.RefinementCtx) {
  const { resources, replicas, autoscaling } = spec;
  const conflict =
    spec.strategy &&
    strategyConflict(spec.strategy, {
      surgeDuringUpdates: spec.surgeDuringUpdates,
      autoscalingEnabled: autoscaling?.enabled ?? true,
      minReplicas: replicas?.min,
    });
  if (conflict) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['strategy'],
      message: conflict,
    });
  }
  if (
    replicas?.min !== undefined &&
    replicas?.max !== undefined &&
    replicas.min > replicas.max
  ) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['replicas', 'max'],
      message: `must be greater than or equal to replicas.min (${replicas.min})`,
    });
  }
  const gpuCount = resources?.gpuCount ?? 0;
  if (gpuCount > 0 && !resources?.gpuType) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['resources', 'gpuType'],
      message: 'is required when resources.gpuCount is greater than 0',
    });
  }
  if (gpuCount === 0 && resources?.gpuType) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['resources', 'gpuType'],
      message: 'must be empty when resources.gpuCount is 0',
    });
  }
  if (gpuCount === 0 && autoscaling?.targetGpuPercent !== undefined) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['autoscaling', 'targetGpuPercent'],
      message: 'needs GPUs: set resources.gpuCount above 0 or leave it empty',
    });
  }
}

/**
 * The spec of a deployment: what the user asked for. The template action, the REST API and the
 * frontend forms all validate with this schema.
 *
 * @public
 */
export const deploymentSpecSchema = z
  .object(deploymentSpecShape)
  .strict()
  .superRefine(checkCrossFieldRules);

/** A deployment spec with every default applied. @public */
export type DeploymentSpec = z.output<typeof deploymentSpecSchema>;

/** A deployment spec as a user may write it (defaults optional). @public */
export type DeploymentSpecInput = z.input<typeof deploymentSpecSchema>;
