import type { DeploymentRecord } from '../../database/rows';
import { StatusConflictError } from '../../lib/errors';
import type { ChangePlan } from '../ChangePlan';

/** A creation that waited for an approver is deployed: its first revision rolls out. */
export function planApprovedCreation(
  record: DeploymentRecord,
  approver: string,
): ChangePlan {
  if (record.status !== 'pending-approval') {
    throw new StatusConflictError(
      `Deployment '${record.name}' is ${record.status}, not waiting for approval`,
      record.status,
    );
  }
  return {
    status: 'deploying',
    operation: { parameters: {}, step: 'queued', targetRevision: 1 },
    event: {
      outcome: 'accepted',
      message: `Deploy ${record.spec.modelId} ${record.spec.modelVersion} in ${record.spec.environment}, approved by ${approver}`,
      changes: [],
    },
  };
}
