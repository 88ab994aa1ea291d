import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { modelDeploymentDeletePermission } from '@modelops/plugin-model-deployments-common';
import { permissionModuleModelDeploymentsDemoPolicy } from './module';

jest.setTimeout(30_000);

const erin = 'user:default/erin';

/** Starts the module with `config` and returns the policy that it gives the permission backend. */
async function installedPolicy(config: object): Promise<PermissionPolicy> {
  let installed: PermissionPolicy | undefined;
  await startTestBackend({
    extensionPoints: [
      [policyExtensionPoint, { setPolicy: policy => (installed = policy) }],
    ],
    features: [
      permissionModuleModelDeploymentsDemoPolicy,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.userInfo.mock({
        getUserInfo: async () => ({
          userEntityRef: erin,
          ownershipEntityRefs: [erin, 'group:default/ml-platform'],
        }),
      }).factory,
    ],
  });
  return installed!;
}

describe('permissionModuleModelDeploymentsDemoPolicy', () => {
  const asErin = {
    credentials: mockCredentials.user(erin),
    info: {
      userEntityRef: erin,
      ownershipEntityRefs: [erin, 'group:default/ml-platform'],
    },
  };

  it('makes the members of permission.demoPolicy.adminGroups admins, a group name standing for its reference', async () => {
    const policy = await installedPolicy({
      permission: { demoPolicy: { adminGroups: ['ml-platform'] } },
    });
    await expect(
      policy.handle({ permission: modelDeploymentDeletePermission }, asErin),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('has no admins without that configuration', async () => {
    const policy = await installedPolicy({});
    await expect(
      policy.handle({ permission: modelDeploymentDeletePermission }, asErin),
    ).resolves.toMatchObject({ result: AuthorizeResult.CONDITIONAL });
  });
});
