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
import type { ModelDeploymentPermission } from '@modelops/plugin-model-deployments-common';
import type { DeploymentFilter } from '../database/permissionFilter';
import type { ModelOwnership } from '../catalog/ModelOwnership';
import type { PermissionDecisionCache } from './PermissionDecisionCache';
import {
  modelDeploymentPermissionResourceRef,
  type DeploymentPermissionResource,
  type DeploymentQueryCondition,
} from './rules';

/** What the authorizer needs to know of a deployment: the rest comes from the catalog. */
export type AuthorizableDeployment = {
  name: string;
  spec: { environment: string; modelRef: string };
};

/**
 * Asks the permission framework, and applies conditional decisions here: against one deployment in
 * memory, or as a filter of the list query. The owner and approvers a rule sees are the catalog's now.
 */
export class DeploymentAuthorizer {
  private readonly isAllowedByConditions: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    resource: DeploymentPermissionResource,
  ) => boolean;
  private readonly toCondition: ConditionTransformer<DeploymentQueryCondition>;

  constructor(
    private readonly decisions: PermissionDecisionCache,
    registry: PermissionsRegistryService,
    private readonly ownership: ModelOwnership,
  ) {
    const ruleset = registry.getPermissionRuleset(
      modelDeploymentPermissionResourceRef,
    );
    this.isAllowedByConditions = createConditionAuthorizer(ruleset);
    this.toCondition = createConditionTransformer(ruleset);
  }

  /** The deployments as permission rules see them, in the order given. */
  async resources(
    deployments: AuthorizableDeployment[],
  ): Promise<DeploymentPermissionResource[]> {
    const ownership = await this.ownership.of(
      deployments.map(d => d.spec.modelRef),
    );
    return deployments.map(deployment => {
      const model = ownership.get(deployment.spec.modelRef.toLowerCase());
      return {
        name: deployment.name,
        environment: deployment.spec.environment,
        modelRef: deployment.spec.modelRef,
        owner: model?.owner,
        approvers: model?.approvers ?? [],
      };
    });
  }

  async isAllowed(
    credentials: BackstageCredentials,
    permission: ModelDeploymentPermission,
    resource: DeploymentPermissionResource,
  ): Promise<boolean> {
    const decision = await this.decisions.decide(permission, credentials);
    return decision.result === AuthorizeResult.CONDITIONAL
      ? this.isAllowedByConditions(decision, resource)
      : decision.result === AuthorizeResult.ALLOW;
  }

  async authorize(
    credentials: BackstageCredentials,
    permission: ModelDeploymentPermission,
    resource: DeploymentPermissionResource,
  ): Promise<void> {
    if (!(await this.isAllowed(credentials, permission, resource))) {
      throw new NotAllowedError(
        `You do not have permission ${permission.name} for deployment '${resource.name}'`,
      );
    }
  }

  /**
   * `undefined` when the user has `permission` on every deployment; a filter of the list query when on
   * some. Ownership conditions become the models that the catalog says the user owns or approves now.
   */
  async filter(
    credentials: BackstageCredentials,
    permission: ModelDeploymentPermission,
  ): Promise<PermissionCriteria<DeploymentFilter> | undefined> {
    const decision = await this.decisions.decide(permission, credentials);
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `You do not have permission ${permission.name}`,
      );
    }
    return decision.result === AuthorizeResult.CONDITIONAL
      ? this.resolve(this.toCondition(decision.conditions))
      : undefined;
  }

  private async resolve(
    criteria: PermissionCriteria<DeploymentQueryCondition>,
  ): Promise<PermissionCriteria<DeploymentFilter>> {
    if ('allOf' in criteria) {
      return { allOf: await this.resolveEach(criteria.allOf) };
    }
    if ('anyOf' in criteria) {
      return { anyOf: await this.resolveEach(criteria.anyOf) };
    }
    if ('not' in criteria) {
      return { not: await this.resolve(criteria.not) };
    }
    if ('modelsOf' in criteria) {
      return {
        column: 'model_ref',
        values: await this.ownership.modelsOf(
          criteria.modelsOf,
          criteria.claims,
        ),
      };
    }
    return criteria;
  }

  private async resolveEach(
    criteria: [
      PermissionCriteria<DeploymentQueryCondition>,
      ...PermissionCriteria<DeploymentQueryCondition>[],
    ],
  ): Promise<
    [
      PermissionCriteria<DeploymentFilter>,
      ...PermissionCriteria<DeploymentFilter>[],
    ]
  > {
    const [first, ...rest] = await Promise.all(
      criteria.map(c => this.resolve(c)),
    );
    return [first, ...rest];
  }
}
