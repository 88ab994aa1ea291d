import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
  type DeploymentStatus,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { DeploymentEntityProvider } from './DeploymentEntityProvider';
import { deploymentToEntity } from './deploymentEntity';

function deployment(
  id: string,
  name: string,
  status: DeploymentStatus = 'running',
): ModelDeployment {
  return {
    id,
    name,
    spec: deploymentSpecSchema.parse({
      ...exampleDeploymentSpec,
      name,
      environment: 'staging',
    }),
    owner: 'group:default/nlp-team',
    status,
    version: 1,
    revision: 1,
    activeRevision: null,
    serving: null,
    instances: { desired: 2, current: null, ready: null },
    conditions: [],
    observedAt: null,
    createdAt: '2025-01-02T03:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedAt: '2025-01-02T03:00:00.000Z',
    updatedBy: 'user:default/alice',
  };
}

const alpha = deployment('id-alpha', 'alpha');
const beta = deployment('id-beta', 'beta');
const stagingCluster = { cluster: 'shared', namespace: 'models-staging' };

function changeOf(d: ModelDeployment, deleted = false) {
  return {
    deploymentId: d.id,
    name: d.name,
    modelRef: d.spec.modelRef,
    deleted,
  };
}

/** A promise that the test settles. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

function setup() {
  const deployments = {
    listAll: jest.fn(async () => [alpha, beta]),
    get: jest.fn(
      async (id: string): Promise<ModelDeployment | undefined> =>
        [alpha, beta].find(d => d.id === id),
    ),
  };
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const logger = mockServices.logger.mock();
  const provider = new DeploymentEntityProvider({
    deployments,
    taskRunner: { run: async task => void tasks.push(task) },
    logger,
    clusters: { staging: stagingCluster },
  });
  const connection = {
    applyMutation: jest.fn(async (_: EntityProviderMutation) => undefined),
    refresh: jest.fn(),
  } satisfies EntityProviderConnection;
  return { provider, deployments, tasks, logger, connection };
}

const entityOf = (d: ModelDeployment) => ({
  entity: deploymentToEntity(d, { kubernetes: stagingCluster }),
  locationKey: `model-deployments:${d.id}`,
});

describe('DeploymentEntityProvider', () => {
  it('schedules a full refresh on connect that publishes every deployment but those waiting to be created', async () => {
    const { provider, tasks, connection, deployments } = setup();
    deployments.listAll.mockResolvedValue([
      alpha,
      deployment('id-waiting', 'waiting', 'pending-approval'),
      beta,
    ]);
    await provider.connect(connection);

    expect(tasks.map(t => t.id)).toEqual(['model-deployments:refresh']);
    expect(connection.applyMutation).not.toHaveBeenCalled();
    await tasks[0].fn(new AbortController().signal);
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [entityOf(alpha), entityOf(beta)],
    });
  });

  it('adds or replaces the Component of a deployment that changed', async () => {
    const { provider, deployments, connection } = setup();
    await provider.connect(connection);

    await provider.deploymentChanged(changeOf(beta));
    expect(deployments.get).toHaveBeenCalledWith('id-beta');
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'delta',
      added: [entityOf(beta)],
      removed: [],
    });
  });

  it.each([
    ['announced as deleted', changeOf(alpha, true), undefined],
    [
      'deleted by the time it is read',
      changeOf(alpha),
      deployment('id-alpha', 'alpha', 'deleted'),
    ],
    ['no longer found', changeOf(alpha), undefined],
    [
      'whose creation waits for approval',
      changeOf(alpha),
      deployment('id-alpha', 'alpha', 'pending-approval'),
    ],
  ])('removes the Component of a deployment %s', async (_, change, current) => {
    const { provider, deployments, connection } = setup();
    deployments.get.mockResolvedValue(current);
    await provider.connect(connection);

    await provider.deploymentChanged(change);
    expect(deployments.get).toHaveBeenCalledTimes(change.deleted ? 0 : 1);
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'delta',
      added: [],
      removed: [
        {
          entityRef: 'component:default/alpha',
          locationKey: 'model-deployments:id-alpha',
        },
      ],
    });
  });

  it('applies a change announced during a refresh after it, so the older list cannot undo the change', async () => {
    const { provider, deployments, tasks, connection } = setup();
    const listed = deferred<ModelDeployment[]>();
    deployments.listAll.mockReturnValue(listed.promise);
    await provider.connect(connection);

    const refreshed = tasks[0].fn(new AbortController().signal);
    const changed = provider.deploymentChanged(changeOf(alpha, true));
    await new Promise(resolve => setImmediate(resolve));
    expect(connection.applyMutation).not.toHaveBeenCalled();

    // The list was read before the deletion; applied after it, it would bring alpha back.
    listed.resolve([alpha, beta]);
    await Promise.all([refreshed, changed]);
    expect(connection.applyMutation.mock.calls.map(([m]) => m.type)).toEqual([
      'full',
      'delta',
    ]);
  });

  it('logs a change it could not apply, and goes on with the next one', async () => {
    const { provider, deployments, logger, connection } = setup();
    deployments.get.mockRejectedValueOnce(new Error('503 Service Unavailable'));
    await provider.connect(connection);

    await expect(
      provider.deploymentChanged(changeOf(alpha)),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('503 Service Unavailable'),
    );
    await provider.deploymentChanged(changeOf(beta));
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    expect(connection.applyMutation).toHaveBeenCalledWith(
      expect.objectContaining({ added: [entityOf(beta)] }),
    );
  });

  it('fails a refresh that could not read the deployments, so the scheduler reports it', async () => {
    const { provider, deployments, tasks, connection } = setup();
    deployments.listAll.mockRejectedValue(new Error('401 Unauthorized'));
    await provider.connect(connection);

    await expect(tasks[0].fn(new AbortController().signal)).rejects.toThrow(
      '401 Unauthorized',
    );
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('leaves a change announced before the catalog connected to the first refresh', async () => {
    const { provider, deployments } = setup();
    await expect(
      provider.deploymentChanged(changeOf(alpha)),
    ).resolves.toBeUndefined();
    expect(deployments.get).not.toHaveBeenCalled();
  });
});
