import type { SpecFieldPath } from '../editability';

/**
 * The sections that the product documentation groups a deployment's fields into, in its Create form
 * and its details panel, in their order: Basic Information, Resource Configuration, Scaling
 * Configuration, Load Balancer; and this product's Monitoring thresholds and Environment Variables.
 *
 * @public
 */
export const SPEC_SECTIONS = [
  'basic',
  'resources',
  'scaling',
  'loadBalancer',
  'monitoring',
  'env',
] as const;

/** @public */
export type SpecSection = (typeof SPEC_SECTIONS)[number];

/**
 * The fields of each section, in the documentation's order. The Edit form and the details view both
 * show them so; a test checks that every field of the spec is in exactly one section, so a new field
 * cannot be added without deciding where it shows.
 *
 * @public
 */
export const SECTION_FIELDS: Readonly<
  Record<SpecSection, readonly SpecFieldPath[]>
> = {
  basic: [
    'name',
    'description',
    'modelRef',
    'modelId',
    'modelVersion',
    'environment',
    'strategy',
    'surgeDuringUpdates',
  ],
  resources: [
    'resources.cpuCores',
    'resources.memoryGb',
    'resources.gpuCount',
    'resources.gpuType',
    'resources.storageGb',
    'resources.networkBandwidthMbps',
  ],
  scaling: [
    'autoscaling.enabled',
    'replicas.min',
    'replicas.max',
    'autoscaling.targetCpuPercent',
    'autoscaling.targetMemoryPercent',
    'autoscaling.targetGpuPercent',
  ],
  loadBalancer: [
    'loadBalancer.enabled',
    'loadBalancer.algorithm',
    'loadBalancer.healthCheckPath',
    'loadBalancer.healthCheckIntervalSeconds',
    'loadBalancer.stickySessions',
  ],
  monitoring: [
    'monitoring.maxErrorRatePercent',
    'monitoring.maxP99LatencyMs',
    'monitoring.alertOnNoReadyInstances',
  ],
  env: ['env'],
};

/**
 * Fields that only mean something when the deployment has GPUs (the documentation: "Select GPU type if
 * GPU Count > 0"); the spec refuses them without. Forms and views show them only then.
 *
 * @public
 */
export const GPU_FIELD_PATHS: readonly SpecFieldPath[] = [
  'resources.gpuType',
  'autoscaling.targetGpuPercent',
];
