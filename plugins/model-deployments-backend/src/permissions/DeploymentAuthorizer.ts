import type {
  BackstageCredentials,
  PermissionsRegistryService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  type ConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  modelDeploymentReadPermission,
  type ModelDeploymentPermission,
} from '@modelops/plugin-model-deployments-common';
import type { DeploymentFilter } from '../database/DeploymentStore';
import type { PermissionDecisionCache } from './PermissionDecisionCache';
import {
  modelDeploymentPermissionResourceRef,
  type DeploymentPermissionResource,
} from './rules';

/**
 * Asks the permission framework, and applies conditional decisions here: against one deployment in
 * memory, or as a filter of the list query.
 */
export class DeploymentAuthorizer {
  private readonly isAllowedByConditions: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: DeploymentPermissionResource,
  ) => boolean;
  private readonly toFilter: ConditionTransformer<DeploymentFilter>;

  constructor(
    private readonly decisions: PermissionDecisionCache,
    registry: PermissionsRegistryService,
  ) {
    const ruleset = registry.getPermissionRuleset(
      modelDeploymentPermissionResourceRef,
    );
    this.isAllowedByConditions = createConditionAuthorizer(ruleset);
    this.toFilter = createConditionTransformer(ruleset);
  }

  async authorize(
    credentials: BackstageCredentials,
    permission: ModelDeploymentPermission,
    resource: DeploymentPermissionResource,
  ): Promise<void> {
    const decision = await this.decisions.decide(permission, credentials);
    const allowed =
      decision.result === AuthorizeResult.CONDITIONAL
        ? this.isAllowedByConditions(decision, resource)
        : decision.result === AuthorizeResult.ALLOW;
    if (!allowed) {
      throw new NotAllowedError(
        `You do not have permission ${permission.name} for deployment '${resource.name}'`,
      );
    }
  }

  /** `undefined` when the user may read every deployment; a filter when only some. */
  async readFilter(
    credentials: BackstageCredentials,
  ): Promise<PermissionCriteria<DeploymentFilter> | undefined> {
    const decision = await this.decisions.decide(
      modelDeploymentReadPermission,
      credentials,
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `You do not have permission ${modelDeploymentReadPermission.name}`,
      );
    }
    return decision.result === AuthorizeResult.CONDITIONAL
      ? this.toFilter(decision.conditions)
      : undefined;
  }
}
