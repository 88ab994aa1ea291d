import type { DeploymentOperation } from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import { StatusConflictError } from '../../lib/errors';
import type { ChangePlan } from '../ChangePlan';

/**
 * Finishes a canary or blue-green update now: the remaining steps, or the rollback window, are skipped.
 * `operation` is the one under way, if any.
 */
export function planPromote(
  current: DeploymentRecord,
  operation: DeploymentOperation | undefined,
): ChangePlan {
  const strategy = operation?.parameters.strategy;
  if (
    operation?.type !== 'update-model' ||
    (strategy !== 'canary' && strategy !== 'blue-green')
  ) {
    throw new StatusConflictError(
      `Cannot promote deployment '${current.name}': ${
        operation?.type === 'update-model'
          ? `a ${strategy} update has no steps to skip`
          : 'no canary or blue-green update is under way'
      }`,
      current.status,
    );
  }
  const from = operation.progress?.fromRevision ?? current.activeRevision;
  return {
    status: current.status,
    promotes: operation,
    event: {
      outcome: 'accepted',
      message:
        strategy === 'canary'
          ? `Promote revision ${current.revision}: skip the remaining canary steps`
          : `Promote revision ${current.revision}: end the rollback window and retire revision ${from}`,
      changes: [],
    },
  };
}
