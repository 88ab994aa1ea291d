import {
  blueGreenOptionsSchema,
  updateModelRequestSchema,
  type ApprovalRequest,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { canaryStepsOf } from './canarySteps';
import { formatApprovers } from './formatChange';
import { APPROVAL_ACTION_LABELS, STRATEGY_LABELS } from './labels';

/** The Update Model request that waits, as it was asked (and as this schema accepted it then). */
function updateRequestOf(approval: ApprovalRequest) {
  if (approval.action !== 'update-model') {
    return undefined;
  }
  const parsed = updateModelRequestSchema.safeParse(approval.parameters);
  return parsed.success ? parsed.data : undefined;
}

/**
 * What a change that waits for approval does, in a few words: "Creation", "Deletion", "Rollback to
 * revision 3", or for an update the version and strategy it asked for, "Update to v2.2.0 with Canary".
 */
export function approvalSummary(approval: ApprovalRequest): string {
  const label = APPROVAL_ACTION_LABELS[approval.action];
  if (approval.action === 'rollback') {
    return `${label} to revision ${approval.parameters.revision}`;
  }
  const request = updateRequestOf(approval);
  if (!request) {
    return label;
  }
  const { modelVersion, strategy } = request;
  return strategy
    ? `${label} to ${modelVersion} with ${STRATEGY_LABELS[strategy].name}`
    : `${label} to ${modelVersion}`;
}

/**
 * How an update would roll out once approved, beyond its strategy's name: a canary's steps, or how long
 * blue-green keeps the previous version; nothing for other changes.
 */
export function rolloutDetails(approval: ApprovalRequest): string | undefined {
  const request = updateRequestOf(approval);
  if (request?.strategy === 'canary') {
    const steps = canaryStepsOf(approval.parameters)
      .map(step => `${step.weightPercent}% for ${step.pauseSeconds} s`)
      .join(', ');
    return `Canary steps: ${steps}, then 100%`;
  }
  if (request?.strategy === 'blue-green') {
    const { rollbackWindowMinutes } = blueGreenOptionsSchema.parse(
      request.blueGreen ?? {},
    );
    return `The previous version is kept ${rollbackWindowMinutes} min for an instant switch back`;
  }
  return undefined;
}

/** What the user reads once the backend made their change wait: nothing happens until it is approved. */
export function awaitingApprovalMessage(
  deploymentName: string,
  approval: ApprovalRequest,
): string {
  return `${deploymentName}: ${approvalSummary(
    approval,
  )} waits for approval by ${formatApprovers(
    approval.approvers,
  )}; nothing changes until it is approved`;
}

/**
 * What the user reads when the change they sent waits for approval (a new request of theirs waits
 * now), or `undefined` when it was carried out: a request that waited before, or one someone else
 * asked for meanwhile, is not theirs.
 */
export function awaitingApprovalOutcome(
  before: ModelDeployment,
  after: ModelDeployment,
): { message: string; severity: 'info' } | undefined {
  const waiting = after.pendingApproval;
  return waiting &&
    waiting.id !== before.pendingApproval?.id &&
    waiting.viewer.isRequester
    ? {
        message: awaitingApprovalMessage(after.name, waiting),
        severity: 'info',
      }
    : undefined;
}
