import type { DeploymentSpec } from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import { FieldValidationError } from '../../lib/errors';
import type { ChangePlan } from '../ChangePlan';

/** A scale request: a fixed number of instances, or auto-scaling bounds. */
export type ScaleRequest = { replicas?: number; min?: number; max?: number };

/**
 * A new number of instances, or new auto-scaling bounds, within the spec's limits; `undefined` when the
 * request asks for what is already set.
 */
export function planScale(
  current: DeploymentRecord,
  request: ScaleRequest,
): ChangePlan | undefined {
  const { replicas: bounds, autoscaling } = current.spec;
  let replicas: DeploymentSpec['replicas'];
  if (request.replicas !== undefined) {
    if (autoscaling.enabled) {
      throw FieldValidationError.of(
        'replicas',
        'auto-scaling is on: give min and max (the auto-scaling bounds) instead',
      );
    }
    if (request.replicas > bounds.max) {
      throw FieldValidationError.of(
        'replicas',
        `must be at most replicas.max (${bounds.max}); raise it with Edit first`,
      );
    }
    replicas = { min: request.replicas, max: bounds.max };
  } else {
    if (!autoscaling.enabled) {
      throw FieldValidationError.of(
        'min',
        'auto-scaling is off: give replicas instead',
      );
    }
    replicas = { min: request.min!, max: request.max! };
  }
  if (replicas.min === bounds.min && replicas.max === bounds.max) {
    return undefined;
  }
  const describe = (r: DeploymentSpec['replicas']) =>
    autoscaling.enabled ? `${r.min}-${r.max} instances` : `${r.min} instances`;
  return {
    spec: { ...current.spec, replicas },
    status: current.status,
    operation: { parameters: { replicas }, step: 'queued: scale' },
    event: {
      outcome: 'accepted',
      message: `Scale from ${describe(bounds)} to ${describe(replicas)}`,
      changes: [
        { field: 'replicas.min', before: bounds.min, after: replicas.min },
        { field: 'replicas.max', before: bounds.max, after: replicas.max },
      ].filter(c => c.before !== c.after),
    },
  };
}
