import {
  strategyConflict,
  type DeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import { FieldValidationError } from '../../lib/errors';
import type { ChangePlan } from '../ChangePlan';

/** An update of the model: the version, and how the new revision replaces the serving one. */
export type UpdateModelRequest = {
  modelVersion: string;
  strategy?: DeploymentSpec['strategy'];
  canary?: unknown;
  blueGreen?: unknown;
};

/**
 * A new revision with another version of the model, rolled out with the request's strategy (or the
 * spec's), which must suit the deployment's scaling. Whether the version exists is the caller's check.
 */
export function planUpdateModel(
  current: DeploymentRecord,
  request: UpdateModelRequest,
): ChangePlan & { strategy: DeploymentSpec['strategy'] } {
  if (request.modelVersion === current.spec.modelVersion) {
    throw FieldValidationError.of(
      'modelVersion',
      `'${request.modelVersion}' is the version this deployment already serves`,
    );
  }
  const strategy = request.strategy ?? current.spec.strategy;
  const conflict = strategyConflict(strategy, {
    surgeDuringUpdates: current.spec.surgeDuringUpdates,
    autoscalingEnabled: current.spec.autoscaling.enabled,
    minReplicas: current.spec.replicas.min,
  });
  if (conflict) {
    throw FieldValidationError.of('strategy', conflict);
  }
  const spec = { ...current.spec, modelVersion: request.modelVersion };
  return {
    strategy,
    spec,
    status: 'updating',
    revision: {
      spec,
      reason: `update-model to ${request.modelVersion} (${strategy})`,
    },
    operation: {
      parameters: {
        strategy,
        ...(request.canary ? { canary: request.canary } : {}),
        ...(request.blueGreen ? { blueGreen: request.blueGreen } : {}),
      },
      step: `queued: ${strategy} update`,
    },
    event: {
      outcome: 'accepted',
      message: `Update model from ${current.spec.modelVersion} to ${request.modelVersion} with a ${strategy} update`,
      changes: [
        {
          field: 'modelVersion',
          before: current.spec.modelVersion,
          after: request.modelVersion,
        },
      ],
    },
  };
}
