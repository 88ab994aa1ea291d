import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  APPROVAL_ACTIONS,
  DEFAULT_APPROVAL_ACTIONS,
  ENVIRONMENTS,
  type ApprovalAction,
  type DeploymentEnvironment,
  type SpecDiff,
} from '@modelops/plugin-model-deployments-common';

const DEFAULT_EXPIRY = { days: 3 };

/** Which changes wait for an approver, and for how long (`modelDeployments.approvals`). */
export class ApprovalPolicy {
  static fromConfig(config: Config): ApprovalPolicy {
    const section = config.getOptionalConfig('modelDeployments.approvals');
    if (!section) {
      return new ApprovalPolicy([], [], durationToMilliseconds(DEFAULT_EXPIRY));
    }
    const environments = section.getStringArray('environments');
    const actions = section.getOptionalStringArray('actions') ?? [
      ...DEFAULT_APPROVAL_ACTIONS,
    ];
    const unknown = [
      ...environments.filter(
        e => !(ENVIRONMENTS as readonly string[]).includes(e),
      ),
      ...actions.filter(
        a => !(APPROVAL_ACTIONS as readonly string[]).includes(a),
      ),
    ];
    if (unknown.length) {
      throw new Error(
        `modelDeployments.approvals names ${unknown.join(
          ', ',
        )}: environments are ${ENVIRONMENTS.join(
          ', ',
        )} and actions ${APPROVAL_ACTIONS.join(', ')}`,
      );
    }
    return new ApprovalPolicy(
      environments as DeploymentEnvironment[],
      actions as ApprovalAction[],
      durationToMilliseconds(
        section.has('expiresAfter')
          ? readDurationFromConfig(section, { key: 'expiresAfter' })
          : DEFAULT_EXPIRY,
      ),
    );
  }

  constructor(
    private readonly environments: readonly DeploymentEnvironment[],
    private readonly actions: readonly ApprovalAction[],
    private readonly expiresAfterMs: number,
  ) {}

  requiresApproval(
    environment: DeploymentEnvironment,
    action: ApprovalAction,
  ): boolean {
    return (
      this.environments.includes(environment) && this.actions.includes(action)
    );
  }

  /**
   * Whether what runs in the environment is approved (a creation, a model update or an edit of the pods
   * waits): there, a rollback exempt from approval may only bring back what an approver saw.
   */
  guardsWhatRuns(environment: DeploymentEnvironment): boolean {
    return (['create', 'update-model', 'edit'] as const).some(action =>
      this.requiresApproval(environment, action),
    );
  }

  expiresAt(requestedAt: Date): Date {
    return new Date(requestedAt.getTime() + this.expiresAfterMs);
  }
}

/**
 * The actions an edit counts as, for approvals: one that restarts the pods is an edit of what runs;
 * one of the scaling bounds or auto-scaling targets is a scaling (so listing `scale` cannot be worked
 * around with Edit); one of the monitoring thresholds decides what a canary analysis lets through, as
 * promote does.
 */
export function approvalActionsOfEdit(diff: SpecDiff): ApprovalAction[] {
  const actions: ApprovalAction[] = [];
  if (diff.restartRequired) {
    actions.push('edit');
  }
  const changes = (prefix: string) =>
    diff.changes.some(change => change.field.startsWith(prefix));
  if (changes('replicas.') || changes('autoscaling.')) {
    actions.push('scale');
  }
  if (changes('monitoring.')) {
    actions.push('promote');
  }
  return actions;
}
