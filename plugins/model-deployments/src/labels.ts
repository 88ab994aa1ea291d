import type {
  ApprovalAction,
  ApprovalStatus,
  DeploymentAction,
  DeploymentEnvironment,
  DeploymentEventAction,
  DeploymentSpec,
  DeploymentStrategy,
  EventOutcome,
  GpuType,
  LoadBalancingAlgorithm,
  SpecFieldPath,
  SpecSection,
} from '@modelops/plugin-model-deployments-common';

/**
 * What the product documentation calls each field and value. Only words live here: every rule of a
 * field comes from the common package's schemas.
 */

export const FIELD_LABELS: Readonly<Record<SpecFieldPath, string>> = {
  name: 'Deployment Name',
  description: 'Description',
  modelRef: 'Model',
  modelId: 'Model ID',
  modelVersion: 'Model Version',
  environment: 'Environment',
  strategy: 'Deployment Strategy',
  surgeDuringUpdates: 'Extra Instance During Updates',
  'resources.cpuCores': 'CPU Cores',
  'resources.memoryGb': 'Memory (GB)',
  'resources.gpuCount': 'GPU Count',
  'resources.gpuType': 'GPU Type',
  'resources.storageGb': 'Storage (GB)',
  'resources.networkBandwidthMbps': 'Network Bandwidth (Mbps)',
  'replicas.min': 'Min Instances',
  'replicas.max': 'Max Instances',
  'autoscaling.enabled': 'Enable Auto-Scaling',
  'autoscaling.targetCpuPercent': 'Target CPU Utilization (%)',
  'autoscaling.targetMemoryPercent': 'Target Memory Utilization (%)',
  'autoscaling.targetGpuPercent': 'Target GPU Utilization (%)',
  'loadBalancer.enabled': 'Enable Load Balancer',
  'loadBalancer.algorithm': 'Load Balancing Algorithm',
  'loadBalancer.healthCheckPath': 'Health Check Path',
  'loadBalancer.healthCheckIntervalSeconds': 'Health Check Interval (seconds)',
  'loadBalancer.stickySessions': 'Sticky Sessions',
  env: 'Environment Variables',
  'monitoring.maxErrorRatePercent': 'Max Error Rate (%)',
  'monitoring.maxP99LatencyMs': 'Max p99 Latency (ms)',
  'monitoring.alertOnNoReadyInstances': 'Alert When No Instance Is Ready',
};

/** Each section of a deployment's fields, as the documentation titles it. */
export const SECTION_LABELS: Readonly<Record<SpecSection, string>> = {
  basic: 'Basic Information',
  resources: 'Resource Configuration',
  scaling: 'Scaling Configuration',
  loadBalancer: 'Load Balancer',
  monitoring: 'Monitoring',
  env: FIELD_LABELS.env,
};

/** Each action as its button names it. */
export const ACTION_LABELS: Readonly<Record<DeploymentAction, string>> = {
  create: 'Create',
  edit: 'Edit',
  scale: 'Scale',
  stop: 'Stop',
  start: 'Start',
  'update-model': 'Update Model',
  promote: 'Promote',
  rollback: 'Rollback',
  delete: 'Delete',
};

/** Each entry of a deployment's history: an action, or a decision on a change that waited for approval. */
export const EVENT_ACTION_LABELS: Readonly<
  Record<DeploymentEventAction, string>
> = {
  ...ACTION_LABELS,
  approve: 'Approve',
  reject: 'Reject',
  withdraw: 'Withdraw',
  expire: 'Expire',
};

/** How an entry of the history ended. */
export const EVENT_OUTCOME_LABELS: Readonly<Record<EventOutcome, string>> = {
  accepted: 'accepted',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  'awaiting-approval': 'waiting for approval',
};

/** A change that waits for approval, as a noun: "Update waits for approval". */
export const APPROVAL_ACTION_LABELS: Readonly<Record<ApprovalAction, string>> =
  {
    create: 'Creation',
    'update-model': 'Update',
    edit: 'Edit',
    delete: 'Deletion',
    rollback: 'Rollback',
    promote: 'Promotion',
    scale: 'Scaling',
  };

export const APPROVAL_STATUS_LABELS: Readonly<Record<ApprovalStatus, string>> =
  {
    pending: 'Pending',
    approved: 'Approved',
    rejected: 'Rejected',
    expired: 'Expired',
    withdrawn: 'Withdrawn',
  };

export const ENVIRONMENT_LABELS: Readonly<
  Record<DeploymentEnvironment, string>
> = {
  development: 'Development',
  staging: 'Staging',
  production: 'Production',
};

/** Each strategy's name and what it does, in one line (the documentation's Update Strategies). */
export const STRATEGY_LABELS: Readonly<
  Record<DeploymentStrategy, { name: string; explanation: string }>
> = {
  rolling: {
    name: 'Rolling Update',
    explanation:
      'Replaces instances a few at a time: zero downtime, rolled back automatically if the new ones never become ready.',
  },
  'blue-green': {
    name: 'Blue-Green',
    explanation:
      'Starts a full copy of the new version beside the old one and switches all traffic at once; the old copy stays for an instant switch back.',
  },
  canary: {
    name: 'Canary',
    explanation:
      'Sends a small share of traffic to the new version first, and more at each step while it stays healthy; abort rolls back.',
  },
};

export const ALGORITHM_LABELS: Readonly<
  Record<LoadBalancingAlgorithm, string>
> = {
  'round-robin': 'Round Robin',
  'least-connections': 'Least Connections',
  'ip-hash': 'IP Hash',
};

export const GPU_TYPE_LABELS: Readonly<Record<GpuType, string>> = {
  T4: 'NVIDIA T4',
  V100: 'NVIDIA V100',
  A100: 'NVIDIA A100',
};

/**
 * An environment variable as a user reads it: `NAME=value`, or where a Secret's key gives the value,
 * `NAME from secret name/key` (the value itself stays in the cluster).
 */
export function formatEnvVar(envVar: DeploymentSpec['env'][number]): string {
  return envVar.secretKeyRef
    ? `${envVar.name} from secret ${envVar.secretKeyRef.name}/${envVar.secretKeyRef.key}`
    : `${envVar.name}=${envVar.value ?? ''}`;
}

/** What a revision runs, as a change shows it: resolved when the change is asked for, not a form field. */
const SERVING_LABELS: Readonly<Record<string, string>> = {
  image: 'Serving Image',
  modelUri: 'Model URI',
};

/** A field's name as the documentation calls it; a path it does not name, as it is. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field as SpecFieldPath] ?? SERVING_LABELS[field] ?? field;
}

/**
 * A field's value as a user reads it: names for enum values, Yes/No, "—" for none, and each environment
 * variable whole, so that a change of a variable's value shows.
 */
export function formatFieldValue(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') {
    return '—';
  }
  if (typeof value === 'boolean') {
    return value ? 'Yes' : 'No';
  }
  switch (field) {
    case 'environment':
      return (
        ENVIRONMENT_LABELS[value as DeploymentEnvironment] ?? String(value)
      );
    case 'strategy':
      return (
        STRATEGY_LABELS[value as DeploymentStrategy]?.name ?? String(value)
      );
    case 'loadBalancer.algorithm':
      return ALGORITHM_LABELS[value as LoadBalancingAlgorithm] ?? String(value);
    case 'resources.gpuType':
      return GPU_TYPE_LABELS[value as GpuType] ?? String(value);
    case 'env':
      return (
        (value as DeploymentSpec['env']).map(formatEnvVar).join(', ') || '—'
      );
    default:
      return String(value);
  }
}
