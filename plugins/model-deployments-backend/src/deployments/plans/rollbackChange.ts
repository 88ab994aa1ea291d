import {
  diffSpecs,
  withRevisionFields,
  type DeploymentEvent,
  type DeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import { eventChanges } from '../ChangePlan';

/**
 * What going back to an earlier revision asks for, whether a user or the runtime rolls back: that
 * revision's model version and pod template on today's spec (scaling and description stay), and the
 * changes the history shows, the model version first.
 */
export function rollbackChange(
  current: DeploymentSpec,
  target: DeploymentSpec,
): { spec: DeploymentSpec; changes: DeploymentEvent['changes'] } {
  const spec = withRevisionFields(current, target);
  return {
    spec,
    changes: [
      ...(spec.modelVersion !== current.modelVersion
        ? [
            {
              field: 'modelVersion',
              before: current.modelVersion,
              after: spec.modelVersion,
            },
          ]
        : []),
      ...eventChanges(diffSpecs(current, spec).changes),
    ],
  };
}
