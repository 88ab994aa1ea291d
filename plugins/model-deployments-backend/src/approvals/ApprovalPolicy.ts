import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  APPROVAL_ACTIONS,
  DEFAULT_APPROVAL_ACTIONS,
  ENVIRONMENTS,
  type ApprovalAction,
  type DeploymentEnvironment,
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
   * Whether changes in the environment are approved at all: there, a change exempt from approval may
   * only bring back what an approver saw.
   */
  guards(environment: DeploymentEnvironment): boolean {
    return this.environments.includes(environment);
  }

  expiresAt(requestedAt: Date): Date {
    return new Date(requestedAt.getTime() + this.expiresAfterMs);
  }
}
