import { mockCredentials } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  modelDeploymentReadPermission,
  modelDeploymentScalePermission,
} from '@modelops/plugin-model-deployments-common';
import { PermissionDecisionCache } from './PermissionDecisionCache';

describe('PermissionDecisionCache', () => {
  let now: number;
  let authorizeConditional: jest.Mock;
  const permissions = () =>
    ({ authorizeConditional } as unknown as PermissionsService);
  const alice = mockCredentials.user('user:default/alice');
  const bob = mockCredentials.user('user:default/bob');

  beforeEach(() => {
    now = 1_000_000;
    authorizeConditional = jest
      .fn()
      .mockResolvedValue([{ result: AuthorizeResult.ALLOW }]);
  });

  it('asks once per principal and permission within the time to live, then asks again', async () => {
    const cache = new PermissionDecisionCache(permissions(), 5000, () => now);
    await cache.decide(modelDeploymentReadPermission, alice);
    await cache.decide(modelDeploymentReadPermission, alice);
    expect(authorizeConditional).toHaveBeenCalledTimes(1);

    await cache.decide(modelDeploymentReadPermission, bob);
    await cache.decide(modelDeploymentScalePermission, alice);
    expect(authorizeConditional).toHaveBeenCalledTimes(3);

    now += 5000;
    await cache.decide(modelDeploymentReadPermission, alice);
    expect(authorizeConditional).toHaveBeenCalledTimes(4);
    expect(authorizeConditional).toHaveBeenLastCalledWith(
      [{ permission: modelDeploymentReadPermission }],
      { credentials: alice },
    );
  });

  it('shares one question among concurrent requests', async () => {
    const cache = new PermissionDecisionCache(permissions(), 5000, () => now);
    const decisions = await Promise.all(
      [1, 2, 3].map(() => cache.decide(modelDeploymentReadPermission, alice)),
    );
    expect(decisions).toEqual([
      { result: AuthorizeResult.ALLOW },
      { result: AuthorizeResult.ALLOW },
      { result: AuthorizeResult.ALLOW },
    ]);
    expect(authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failure', async () => {
    authorizeConditional.mockRejectedValueOnce(
      new Error('permission backend down'),
    );
    const cache = new PermissionDecisionCache(permissions(), 5000, () => now);
    await expect(
      cache.decide(modelDeploymentReadPermission, alice),
    ).rejects.toThrow('permission backend down');
    await expect(
      cache.decide(modelDeploymentReadPermission, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    expect(authorizeConditional).toHaveBeenCalledTimes(2);
  });

  it('asks every time when the time to live is 0', async () => {
    const cache = new PermissionDecisionCache(permissions(), 0, () => now);
    await cache.decide(modelDeploymentReadPermission, alice);
    await cache.decide(modelDeploymentReadPermission, alice);
    expect(authorizeConditional).toHaveBeenCalledTimes(2);
  });
});
