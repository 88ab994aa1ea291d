import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  type PermissionRule,
  type PermissionRuleset,
  type PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  modelDeploymentRules,
  type DeploymentPermissionResource,
} from '@modelops/plugin-model-deployments-backend';
import {
  MODEL_DEPLOYMENT_RESOURCE_TYPE,
  modelDeploymentApprovePermission,
  modelDeploymentDeletePermission,
  modelDeploymentPermissions,
  modelDeploymentReadPermission,
} from '@modelops/plugin-model-deployments-common';
import {
  ModelDeploymentsDemoPolicy,
  OWNER_PERMISSIONS,
} from './ModelDeploymentsDemoPolicy';

/** The ownership references that sign-in gives the example users of examples/org.yaml. */
const OWNERSHIP: Record<string, string[]> = {
  'user:default/alice': [
    'user:default/alice',
    'group:default/nlp-team',
    'group:default/ml-release-board',
  ],
  'user:default/carol': ['user:default/carol', 'group:default/vision-team'],
  'user:default/dave': [
    'user:default/dave',
    'group:default/recsys-team',
    'group:default/ml-release-board',
  ],
  'user:default/erin': ['user:default/erin', 'group:default/ml-platform'],
};

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
    return { userEntityRef, ownershipEntityRefs: OWNERSHIP[userEntityRef] };
  },
};

function signedIn(userEntityRef: string): PolicyQueryUser {
  const credentials: BackstageCredentials<BackstageUserPrincipal> = {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef },
  };
  return {
    credentials,
    info: { userEntityRef, ownershipEntityRefs: OWNERSHIP[userEntityRef] },
  };
}

function deploymentOf(
  model: string,
  owner: string,
  approvers: string[] = [owner],
): DeploymentPermissionResource {
  return {
    name: `${model}-prod`,
    environment: 'production',
    modelRef: `resource:default/${model}`,
    owner,
    approvers,
  };
}

const bertSentiment = deploymentOf('bert-sentiment', 'group:default/nlp-team');
const t5Summarizer = deploymentOf('t5-summarizer', 'group:default/nlp-team', [
  'group:default/nlp-team',
  'group:default/ml-release-board',
]);
const resnet = deploymentOf('resnet50-classifier', 'group:default/vision-team');

/** Applies a conditional decision to a deployment with the plugin's own rules, as the plugin does. */
const ruleset: PermissionRuleset<DeploymentPermissionResource> = {
  getRuleByName(name) {
    const rule = Object.values(modelDeploymentRules).find(r => r.name === name);
    if (!rule) {
      throw new Error(`No rule ${name}`);
    }
    return rule as PermissionRule<
      DeploymentPermissionResource,
      unknown,
      string
    >;
  },
};
const isAllowedBy = createConditionAuthorizer(ruleset);

describe('ModelDeploymentsDemoPolicy', () => {
  const policy = new ModelDeploymentsDemoPolicy(userInfo, [
    'group:default/ml-platform',
  ]);
  const decide = (permission: Permission, user?: string) =>
    policy.handle({ permission }, user ? signedIn(user) : undefined);

  it('gives the owners every permission but read (everyone) and approve (approvers)', () => {
    expect(OWNER_PERMISSIONS.map(p => p.name).sort()).toEqual(
      modelDeploymentPermissions
        .filter(
          p =>
            p !== modelDeploymentReadPermission &&
            p !== modelDeploymentApprovePermission,
        )
        .map(p => p.name)
        .sort(),
    );
  });
  const may = async (
    user: string | undefined,
    permission: Permission,
    deployment: DeploymentPermissionResource,
  ) => isAllowedBy(await decide(permission, user), deployment);

  it('lets everyone read deployments, signed in or not', async () => {
    for (const user of [undefined, ...Object.keys(OWNERSHIP)]) {
      await expect(
        decide(modelDeploymentReadPermission, user),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it.each(OWNER_PERMISSIONS.map(permission => [permission.name, permission]))(
    "allows %s to the owners of the deployment's model only",
    async (_, permission) => {
      await expect(decide(permission, 'user:default/alice')).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'model-deployments',
        resourceType: MODEL_DEPLOYMENT_RESOURCE_TYPE,
        conditions: {
          rule: 'IS_OWNER',
          resourceType: MODEL_DEPLOYMENT_RESOURCE_TYPE,
          params: { claims: OWNERSHIP['user:default/alice'] },
        },
      });
      expect(await may('user:default/alice', permission, bertSentiment)).toBe(
        true,
      );
      expect(await may('user:default/carol', permission, bertSentiment)).toBe(
        false,
      );
      expect(await may('user:default/carol', permission, resnet)).toBe(true);
      // An approver group does not make its members owners.
      expect(await may('user:default/dave', permission, t5Summarizer)).toBe(
        false,
      );
    },
  );

  it("lets the members of a model's owner group or approvers group approve", async () => {
    const approve = modelDeploymentApprovePermission;
    await expect(decide(approve, 'user:default/dave')).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { rule: 'IS_APPROVER' },
    });
    expect(await may('user:default/alice', approve, bertSentiment)).toBe(true);
    expect(await may('user:default/alice', approve, t5Summarizer)).toBe(true);
    expect(await may('user:default/dave', approve, t5Summarizer)).toBe(true);
    expect(await may('user:default/dave', approve, bertSentiment)).toBe(false);
    expect(await may('user:default/carol', approve, t5Summarizer)).toBe(false);
  });

  it('lets the members of an admin group do everything', async () => {
    for (const permission of modelDeploymentPermissions) {
      await expect(decide(permission, 'user:default/erin')).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('compares admin groups without regard to case', async () => {
    const configuredInMixedCase = new ModelDeploymentsDemoPolicy(userInfo, [
      'group:default/ML-Platform',
    ]);
    await expect(
      configuredInMixedCase.handle(
        { permission: modelDeploymentDeletePermission },
        signedIn('user:default/erin'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });

    const claimedInMixedCase = new ModelDeploymentsDemoPolicy(
      {
        getUserInfo: async () => ({
          userEntityRef: 'user:default/erin',
          ownershipEntityRefs: ['group:default/ML-Platform'],
        }),
      },
      ['group:default/ml-platform'],
    );
    await expect(
      claimedInMixedCase.handle(
        { permission: modelDeploymentDeletePermission },
        signedIn('user:default/erin'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('makes nobody an admin when no admin group is configured', async () => {
    const noAdmins = new ModelDeploymentsDemoPolicy(userInfo, []);
    const decision = await noAdmins.handle(
      { permission: modelDeploymentDeletePermission },
      signedIn('user:default/erin'),
    );
    expect(isAllowedBy(decision, bertSentiment)).toBe(false);
  });

  it('refuses everything but reading without a signed-in user', async () => {
    for (const permission of modelDeploymentPermissions.filter(
      p => p !== modelDeploymentReadPermission,
    )) {
      await expect(decide(permission)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('refuses a deployment permission that it does not know, except to admins', async () => {
    const unknown = createPermission({
      name: 'model-deployment.export',
      attributes: {},
      resourceType: MODEL_DEPLOYMENT_RESOURCE_TYPE,
    });
    await expect(decide(unknown, 'user:default/alice')).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(decide(unknown, 'user:default/erin')).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it("allows every other plugin's permissions, as the allow-all policy did", async () => {
    const catalogEntityDelete = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
      resourceType: 'catalog-entity',
    });
    const scaffolderTemplateManagement = createPermission({
      name: 'scaffolder.template.management',
      attributes: {},
    });
    for (const permission of [
      catalogEntityDelete,
      scaffolderTemplateManagement,
    ]) {
      for (const user of [undefined, 'user:default/carol']) {
        await expect(decide(permission, user)).resolves.toEqual({
          result: AuthorizeResult.ALLOW,
        });
      }
    }
  });
});
