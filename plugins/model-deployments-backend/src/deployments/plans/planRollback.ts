import {
  rollbackChange,
  type DeploymentRevision,
} from '@modelops/plugin-model-deployments-common';
import { withServingChanges } from '../../catalog/serving';
import type { DeploymentRecord } from '../../database/rows';
import { FieldValidationError } from '../../lib/errors';
import type { ChangePlan } from '../ChangePlan';

/**
 * A new revision with the fields of an earlier one; it supersedes whatever update is under way.
 * `target` is the revision asked for, as the store has it (`undefined` when there is none).
 */
export function planRollback(
  current: DeploymentRecord,
  revision: number,
  target: DeploymentRevision | undefined,
): ChangePlan {
  if (revision === current.revision) {
    throw FieldValidationError.of(
      'revision',
      `${revision} is the current revision`,
    );
  }
  if (!target) {
    throw FieldValidationError.of(
      'revision',
      revision > current.revision
        ? `there is no revision ${revision} (the latest is ${current.revision})`
        : `revision ${revision} is older than the revisions kept (modelDeployments.revisionHistoryLimit)`,
    );
  }
  const { spec, changes } = rollbackChange(current.spec, target.spec);
  return {
    spec,
    status: 'rolling-back',
    revision: {
      spec,
      serving: target.serving,
      reason: `rollback to revision ${revision}`,
      approvedBy: target.approvedBy,
    },
    operation: {
      parameters: { toRevision: revision },
      step: 'queued: rollback',
    },
    supersedes: `superseded by a rollback to revision ${revision}`,
    event: {
      outcome: 'accepted',
      message: `Roll back to revision ${revision} (${target.modelVersion})${
        target.approvedBy ? `, which ${target.approvedBy} approved` : ''
      }`,
      changes: withServingChanges(changes, current.serving, target.serving),
    },
  };
}
