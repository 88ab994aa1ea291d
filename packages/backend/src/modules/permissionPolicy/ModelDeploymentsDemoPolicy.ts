import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createModelDeploymentConditionalDecision,
  modelDeploymentConditions,
} from '@modelops/plugin-model-deployments-backend';
import {
  MODEL_DEPLOYMENT_RESOURCE_TYPE,
  modelDeploymentApprovePermission,
  modelDeploymentCreatePermission,
  modelDeploymentDeletePermission,
  modelDeploymentLifecyclePermission,
  modelDeploymentReadLogsPermission,
  modelDeploymentReadPermission,
  modelDeploymentRollbackPermission,
  modelDeploymentScalePermission,
  modelDeploymentUpdateModelPermission,
  modelDeploymentUpdatePermission,
} from '@modelops/plugin-model-deployments-common';

/** What the owners of a model may do with its deployments; reading logs is theirs too. */
export const OWNER_PERMISSIONS = [
  modelDeploymentReadLogsPermission,
  modelDeploymentCreatePermission,
  modelDeploymentUpdatePermission,
  modelDeploymentScalePermission,
  modelDeploymentLifecyclePermission,
  modelDeploymentUpdateModelPermission,
  modelDeploymentRollbackPermission,
  modelDeploymentDeletePermission,
];

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * The demo's permission policy for Model Deployments:
 * - everyone may read deployments;
 * - members of an admin group may do everything;
 * - the owners of a model (their ownership references include its owner in the catalog) may create
 *   and operate its deployments, and read their instances' logs;
 * - the members of its owner group or of its `modelops.io/approvers` group may approve its changes.
 *
 * Every other plugin's permissions are allowed, as with the allow-all policy. Which changes wait for an
 * approval is the plugin's configuration (`modelDeployments.approvals`), not the policy's.
 */
export class ModelDeploymentsDemoPolicy implements PermissionPolicy {
  private readonly adminGroups: ReadonlySet<string>;

  constructor(
    private readonly userInfo: UserInfoService,
    /** Full entity references, e.g. `group:default/ml-platform`. */
    adminGroups: string[],
  ) {
    this.adminGroups = new Set(adminGroups.map(ref => ref.toLowerCase()));
  }

  async handle(
    { permission }: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!isResourcePermission(permission, MODEL_DEPLOYMENT_RESOURCE_TYPE)) {
      return allow;
    }
    if (isPermission(permission, modelDeploymentReadPermission)) {
      return allow;
    }
    if (!user) {
      return deny;
    }

    const { ownershipEntityRefs: claims } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    if (claims.some(ref => this.adminGroups.has(ref.toLowerCase()))) {
      return allow;
    }
    if (isPermission(permission, modelDeploymentApprovePermission)) {
      return createModelDeploymentConditionalDecision(
        permission,
        modelDeploymentConditions.isApprover({ claims }),
      );
    }
    if (OWNER_PERMISSIONS.some(owned => isPermission(permission, owned))) {
      return createModelDeploymentConditionalDecision(
        permission,
        modelDeploymentConditions.isOwner({ claims }),
      );
    }
    return deny;
  }
}
