import type { DeploymentRecord } from '../database/rows';
import { recordModelOwners } from './recordModelOwners';

describe('recordModelOwners', () => {
  it("records each deployed model's owner from the catalog, announces the deployments whose owner changed, and keeps the last owner of a model that left the catalog", async () => {
    const moved = { id: 'd-1', name: 'moved' } as DeploymentRecord;
    const deployments = {
      listDeployedModelRefs: jest
        .fn()
        .mockResolvedValue(['resource:default/a', 'resource:default/gone']),
      updateOwners: jest.fn().mockResolvedValue([moved]),
    };
    const ownership = {
      of: jest.fn().mockResolvedValue(
        new Map([
          [
            'resource:default/a',
            { owner: 'group:default/vision-team', approvers: [] },
          ],
          ['resource:default/gone', { owner: undefined, approvers: [] }],
        ]),
      ),
    };
    const changes = { announce: jest.fn() };
    const task = recordModelOwners({ deployments, ownership, changes });

    await task.fn(new AbortController().signal);

    expect(task).toMatchObject({
      id: 'record-model-owners',
      frequency: { minutes: 1 },
    });
    expect(ownership.of).toHaveBeenCalledWith([
      'resource:default/a',
      'resource:default/gone',
    ]);
    expect(deployments.updateOwners).toHaveBeenCalledWith(
      new Map([['resource:default/a', 'group:default/vision-team']]),
    );
    expect(changes.announce).toHaveBeenCalledTimes(1);
    expect(changes.announce).toHaveBeenCalledWith(moved);
  });
});
