import { statusAfterAction } from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import { FieldValidationError } from '../../lib/errors';
import type { ChangePlan } from '../ChangePlan';

/**
 * Removes the deployment: its objects first, through an operation, or at once when none can be in a
 * cluster (`mayHaveObjects` false: no operation of it was ever taken up). The confirmation must repeat the
 * deployment's name.
 */
export function planDelete(
  current: DeploymentRecord,
  request: { confirm: string },
  mayHaveObjects: boolean,
): ChangePlan {
  if (request.confirm !== current.name) {
    throw FieldValidationError.of(
      'confirm',
      `must equal the deployment's name '${current.name}'`,
    );
  }
  const status = statusAfterAction('delete', {
    status: current.status,
    applied: mayHaveObjects,
  });
  if (status === 'deleted') {
    return {
      status,
      deleted: true,
      supersedes: 'the deployment was deleted before anything was applied',
      event: {
        outcome: 'succeeded',
        message: 'Deleted; nothing had been applied to a cluster',
        changes: [],
      },
    };
  }
  return {
    status,
    operation: { parameters: {}, step: 'queued: delete' },
    supersedes: 'superseded by delete',
    event: {
      outcome: 'accepted',
      message:
        'Delete: instances shut down, the endpoint and the configuration are removed',
      changes: [],
    },
  };
}
