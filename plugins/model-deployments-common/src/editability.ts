import type { DeploymentSpec } from './spec';

/**
 * What an edit of each field does. The product documentation's list, made precise:
 * - `none`: recorded only (the description, the strategy that the next Update Model uses, the monitoring
 *   thresholds that alerts and canary analysis read);
 * - `in-place`: applied to the running objects without replacing instances (scaling, load balancer);
 * - `restart`: changes the pod template, so instances are replaced by a rolling update with zero downtime
 *   and a new revision is recorded. The documentation marks CPU/memory; environment variables, GPUs,
 *   storage, bandwidth and the health check probes are part of the pod template too.
 *
 * @public
 */
export type EditEffect = 'none' | 'in-place' | 'restart';

/** @public */
export type FieldRule =
  | { editable: true; effect: EditEffect }
  | { editable: false; reason: string };

/** @public */
export type SpecFieldPath =
  | 'name'
  | 'description'
  | 'modelRef'
  | 'modelId'
  | 'modelVersion'
  | 'environment'
  | 'strategy'
  | 'surgeDuringUpdates'
  | `resources.${keyof DeploymentSpec['resources']}`
  | `replicas.${keyof DeploymentSpec['replicas']}`
  | `autoscaling.${keyof DeploymentSpec['autoscaling']}`
  | `loadBalancer.${keyof DeploymentSpec['loadBalancer']}`
  | `monitoring.${keyof DeploymentSpec['monitoring']}`
  | 'env';

const USE_UPDATE_MODEL =
  'use Update Model, which rolls the new version out with a strategy';

/**
 * The editability of every field of the spec. A test checks that every field of the schema is listed,
 * so a new field cannot be added without deciding this.
 *
 * @public
 */
export const FIELD_RULES: Readonly<Record<SpecFieldPath, FieldRule>> = {
  name: {
    editable: false,
    reason:
      'the name identifies the deployment in Kubernetes and the catalog; create a new deployment instead',
  },
  modelRef: {
    editable: false,
    reason:
      'a deployment serves one model; create a new deployment for another model',
  },
  modelId: { editable: false, reason: USE_UPDATE_MODEL },
  modelVersion: { editable: false, reason: USE_UPDATE_MODEL },
  environment: {
    editable: false,
    reason:
      'the environment decides the cluster and namespace; create a new deployment in the other environment',
  },
  description: { editable: true, effect: 'none' },
  strategy: { editable: true, effect: 'none' },
  surgeDuringUpdates: { editable: true, effect: 'in-place' },
  'resources.cpuCores': { editable: true, effect: 'restart' },
  'resources.memoryGb': { editable: true, effect: 'restart' },
  'resources.gpuCount': { editable: true, effect: 'restart' },
  'resources.gpuType': { editable: true, effect: 'restart' },
  'resources.storageGb': { editable: true, effect: 'restart' },
  'resources.networkBandwidthMbps': { editable: true, effect: 'restart' },
  'replicas.min': { editable: true, effect: 'in-place' },
  'replicas.max': { editable: true, effect: 'in-place' },
  'autoscaling.enabled': { editable: true, effect: 'in-place' },
  'autoscaling.targetCpuPercent': { editable: true, effect: 'in-place' },
  'autoscaling.targetMemoryPercent': { editable: true, effect: 'in-place' },
  'autoscaling.targetGpuPercent': { editable: true, effect: 'in-place' },
  'loadBalancer.enabled': { editable: true, effect: 'in-place' },
  'loadBalancer.algorithm': { editable: true, effect: 'in-place' },
  'loadBalancer.stickySessions': { editable: true, effect: 'in-place' },
  'loadBalancer.healthCheckPath': { editable: true, effect: 'restart' },
  'loadBalancer.healthCheckIntervalSeconds': {
    editable: true,
    effect: 'restart',
  },
  env: { editable: true, effect: 'restart' },
  'monitoring.maxErrorRatePercent': { editable: true, effect: 'none' },
  'monitoring.maxP99LatencyMs': { editable: true, effect: 'none' },
  'monitoring.alertOnNoReadyInstances': { editable: true, effect: 'none' },
};

/** @public */
export const SPEC_FIELD_PATHS = Object.keys(FIELD_RULES) as SpecFieldPath[];

/** Fields that make up a revision: what a rollback restores. @public */
export const REVISION_FIELD_PATHS: readonly SpecFieldPath[] = [
  'modelVersion',
  ...SPEC_FIELD_PATHS.filter(path => {
    const rule = FIELD_RULES[path];
    return rule.editable && rule.effect === 'restart';
  }),
];

/** @public */
export function getSpecField(
  spec: DeploymentSpec,
  path: SpecFieldPath,
): unknown {
  const [section, field] = path.split('.') as [keyof DeploymentSpec, string?];
  const value = spec[section];
  return field === undefined
    ? value
    : (value as Record<string, unknown> | undefined)?.[field];
}

/** One field that a change sets to a new value. @public */
export type FieldChange = {
  field: SpecFieldPath;
  before: unknown;
  after: unknown;
  effect: EditEffect;
};

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** @public */
export type SpecDiff = {
  changes: FieldChange[];
  /** Fields the change would alter although they cannot be edited, with the reason. */
  immutable: {
    field: SpecFieldPath;
    before: unknown;
    after: unknown;
    reason: string;
  }[];
  /** Whether instances are replaced (a rolling update and a new revision). */
  restartRequired: boolean;
};

/**
 * Compares two specs field by field and says what an edit from one to the other does.
 *
 * @public
 */
export function diffSpecs(
  before: DeploymentSpec,
  after: DeploymentSpec,
): SpecDiff {
  const diff: SpecDiff = { changes: [], immutable: [], restartRequired: false };
  for (const field of SPEC_FIELD_PATHS) {
    const from = getSpecField(before, field);
    const to = getSpecField(after, field);
    if (sameValue(from, to)) {
      continue;
    }
    const rule = FIELD_RULES[field];
    // An optional field that is absent is `null`, so that the change reads the same in JSON.
    const change = { field, before: from ?? null, after: to ?? null };
    if (rule.editable) {
      diff.changes.push({ ...change, effect: rule.effect });
      diff.restartRequired ||= rule.effect === 'restart';
    } else {
      diff.immutable.push({ ...change, reason: rule.reason });
    }
  }
  return diff;
}

/**
 * Copies the revision fields (model version and pod template) of `revision` onto `current`: what a
 * rollback to that revision asks for, keeping today's scaling and description.
 *
 * @public
 */
export function withRevisionFields(
  current: DeploymentSpec,
  revision: DeploymentSpec,
): DeploymentSpec {
  const result: DeploymentSpec = structuredClone(current);
  for (const path of REVISION_FIELD_PATHS) {
    const [section, field] = path.split('.') as [keyof DeploymentSpec, string?];
    if (field === undefined) {
      (result as Record<string, unknown>)[section] = structuredClone(
        revision[section],
      );
    } else {
      const target = result[section] as Record<string, unknown>;
      const value = (revision[section] as Record<string, unknown>)[field];
      if (value === undefined) {
        delete target[field];
      } else {
        target[field] = value;
      }
    }
  }
  return result;
}

/** A field's value before and after a change, as the history and the approver see it. @public */
export type FieldValueChange = Pick<FieldChange, 'field' | 'before' | 'after'>;

/**
 * What going back to an earlier revision asks for, whether a user or the runtime rolls back: that
 * revision's model version and pod template on today's spec (scaling and description stay), and the
 * fields that change, the model version first.
 *
 * @public
 */
export function rollbackChange(
  current: DeploymentSpec,
  target: DeploymentSpec,
): { spec: DeploymentSpec; changes: FieldValueChange[] } {
  const spec = withRevisionFields(current, target);
  const diff = diffSpecs(current, spec);
  // The model version is not editable, so the diff counts it among the immutable fields.
  return {
    spec,
    changes: [...diff.immutable, ...diff.changes].map(
      ({ field, before, after }) => ({ field, before, after }),
    ),
  };
}
