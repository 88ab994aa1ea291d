import {
  applySpecPatch,
  deploymentSpecSchema,
  diffSpecs,
  parseWithIssues,
  statusAfterAction,
  STATUSES_WITH_RUNNING_OBJECTS,
  type DeploymentSpecPatch,
  type EditEffect,
  type SpecDiff,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentRecord } from '../../database/rows';
import { FieldValidationError } from '../../lib/errors';
import { eventChanges, type ChangePlan } from '../ChangePlan';

/** An edit: the plan, and what the client is told of it (the diff and its effects). */
export type EditChange = {
  plan: ChangePlan;
  diff: SpecDiff;
  effects: EditEffect[];
};

/**
 * Merges the patch into the spec and checks it whole; fields that cannot be edited are refused. What
 * runs is changed in place, or replaced by a rolling update (a new revision) when a field needs a restart.
 */
export function planEdit(
  current: DeploymentRecord,
  patch: DeploymentSpecPatch,
): EditChange {
  const merged = parseWithIssues(
    deploymentSpecSchema,
    applySpecPatch(current.spec, patch),
  );
  if (!merged.success) {
    throw new FieldValidationError(merged.issues);
  }
  const diff = diffSpecs(current.spec, merged.data);
  if (diff.immutable.length) {
    throw new FieldValidationError(
      diff.immutable.map(change => ({
        field: change.field,
        message: `cannot be changed: ${change.reason}`,
      })),
    );
  }
  const effects = [...new Set(diff.changes.map(c => c.effect))];
  const hasObjectsToChange =
    current.applied && STATUSES_WITH_RUNNING_OBJECTS.includes(current.status);
  const needsOperation = hasObjectsToChange && effects.some(e => e !== 'none');
  const fields = diff.changes.map(c => c.field).join(', ');
  const plan: ChangePlan = {
    spec: merged.data,
    status: statusAfterAction('edit', {
      status: current.status,
      applied: current.applied,
      restartRequired: diff.restartRequired,
    }),
    revision: diff.restartRequired
      ? { spec: merged.data, reason: `edit of ${fields}` }
      : undefined,
    operation: needsOperation
      ? {
          parameters: { fields: diff.changes.map(c => c.field) },
          step: diff.restartRequired
            ? 'queued: rolling update'
            : 'queued: apply in place',
        }
      : undefined,
    event: {
      outcome: needsOperation ? 'accepted' : 'succeeded',
      message: needsOperation
        ? `Edit of ${fields} accepted${
            diff.restartRequired
              ? '; instances will be replaced by a rolling update'
              : ''
          }`
        : `Edited ${fields}`,
      changes: eventChanges(diff.changes),
    },
  };
  return { plan, diff, effects };
}
