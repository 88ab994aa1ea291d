import path from 'node:path';
import type { Knex } from 'knex';
import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
  type DeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { createKnexStores } from './createKnexStores';
import type { ListDeploymentsOptions } from './DeploymentStore';
import type { StoresWithTransactions } from './Stores';

jest.setTimeout(60_000);

const example = deploymentSpecSchema.parse(exampleDeploymentSpec);
const databases = createTestDatabases();

function spec(
  name: string,
  overrides: Partial<DeploymentSpec> = {},
): DeploymentSpec {
  return { ...example, name, ...overrides };
}

describe.each(databases.eachSupportedId())('the stores on %s', databaseId => {
  let knex: Knex;
  let stores: StoresWithTransactions;
  const now = new Date('2026-11-25T12:00:00.000Z');
  let counter = 0;

  async function insert(s: DeploymentSpec, owner = 'group:default/nlp-team') {
    const id = `00000000-0000-0000-0000-${String(++counter).padStart(12, '0')}`;
    await stores.deployments.insert({
      serving: null,
      id,
      spec: s,
      owner,
      status: 'deploying',
      actor: 'user:default/alice',
      now,
    });
    return id;
  }

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({
      directory: path.resolve(__dirname, '../../migrations'),
    });
    stores = createKnexStores(knex);
    await insert(spec('alpha', { environment: 'development' }));
    await insert(
      spec('bravo', {
        environment: 'staging',
        modelRef: 'resource:default/ResNet',
      }),
      'group:default/vision-team',
    );
    await insert(spec('charlie', { environment: 'production' }));
    await insert(
      spec('delta', { environment: 'development' }),
      'group:default/vision-team',
    );
  });

  afterAll(async () => {
    await knex.destroy();
  });

  it('round-trips a deployment, with timestamps as ISO strings and owner references in lower case', async () => {
    const id = await insert(spec('roundtrip'), 'group:default/NLP-Team');
    const record = await stores.deployments.get(id);
    expect(record).toMatchObject({
      id,
      name: 'roundtrip',
      spec: spec('roundtrip'),
      owner: 'group:default/nlp-team',
      status: 'deploying',
      version: 1,
      applied: false,
      createdAt: '2026-11-25T12:00:00.000Z',
      lastError: null,
      observedAt: null,
    });
  });

  it('reads a spec stored before the monitoring section existed with its defaults, as a new one gets them', async () => {
    const { monitoring, ...older } = spec('older');
    const id = await insert(older as DeploymentSpec);
    await knex('deployments')
      .where({ id })
      .update({ spec: JSON.stringify(older) });
    expect((await stores.deployments.get(id))?.spec).toEqual({
      ...older,
      monitoring: { maxErrorRatePercent: 5, alertOnNoReadyInstances: true },
    });
    expect(monitoring).toEqual({
      maxErrorRatePercent: 5,
      alertOnNoReadyInstances: true,
    });
  });

  it('pages in name order with a keyset cursor', async () => {
    const first = await stores.deployments.list({ limit: 2, q: 'a' });
    expect(first.items.map(d => d.name)).toEqual(['alpha', 'bravo']);
    const second = await stores.deployments.list({
      limit: 2,
      q: 'a',
      cursor: first.next,
    });
    expect(second.items.map(d => d.name)).toEqual(['charlie', 'delta']);
    expect(second.next).toBeUndefined();
  });

  it('filters by environment, owned models and model, comparing references without case', async () => {
    const names = async (options: ListDeploymentsOptions) =>
      (await stores.deployments.list(options)).items.map(d => d.name);
    expect(
      await names({ limit: 50, environment: ['development'], q: 'a' }),
    ).toEqual(['alpha', 'delta']);
    expect(
      await names({ limit: 50, ownedModelRefs: ['resource:default/resnet'] }),
    ).toEqual(['bravo']);
    expect(await names({ limit: 50, ownedModelRefs: [] })).toEqual([]);
    expect(
      await names({ limit: 50, model: ['resource:default/resnet'] }),
    ).toEqual(['bravo']);
  });

  it('searches names and model ids, the model id without case, and wildcards literally', async () => {
    await insert(spec('echo', { modelId: 'MODEL-XL_9' }));
    const names = async (q: string) =>
      (await stores.deployments.list({ limit: 50, q })).items.map(d => d.name);
    expect(await names('model-xl')).toEqual(['echo']);
    expect(await names('CHO')).toEqual(['echo']);
    expect(await names('xl_9')).toEqual(['echo']);
    expect(await names('xl%9')).toEqual([]);
    expect(await names('_')).toEqual(['echo']);
  });

  it('turns permission criteria into SQL: allOf, anyOf, not, and an empty claim list', async () => {
    const names = async (
      permissionFilter: NonNullable<ListDeploymentsOptions['permissionFilter']>,
    ) =>
      (
        await stores.deployments.list({ limit: 50, q: 'a', permissionFilter })
      ).items.map(d => d.name);
    expect(
      await names({
        anyOf: [
          { column: 'environment', values: ['production'] },
          {
            allOf: [
              { column: 'model_ref', values: ['resource:default/resnet'] },
              { not: { column: 'environment', values: ['development'] } },
            ],
          },
        ],
      }),
    ).toEqual(['bravo', 'charlie']);
    expect(await names({ column: 'model_ref', values: [] })).toEqual([]);
  });

  it('writes only at the expected version', async () => {
    const id = await insert(spec('versioned'));
    expect(
      await stores.deployments.update(id, 1, {
        status: 'running',
        actor: 'a',
        now,
      }),
    ).toBe(true);
    expect(
      await stores.deployments.update(id, 1, {
        status: 'stopping',
        actor: 'b',
        now,
      }),
    ).toBe(false);
    expect(await stores.deployments.get(id)).toMatchObject({
      status: 'running',
      version: 2,
      updatedBy: 'a',
    });
  });

  it('rolls a transaction back entirely', async () => {
    const id = await insert(spec('atomic'));
    await expect(
      stores.transaction(async tx => {
        await tx.deployments.update(id, 1, {
          status: 'stopping',
          actor: 'a',
          now,
        });
        await tx.deployments.insertRevision({
          deploymentId: id,
          revision: 2,
          spec: spec('atomic'),
          serving: null,
          reason: 'r',
          approvedBy: null,
          actor: 'a',
          now,
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await stores.deployments.get(id)).toMatchObject({
      status: 'deploying',
      version: 1,
    });
    expect(await stores.deployments.listRevisions(id, { limit: 10 })).toEqual({
      items: [],
    });
  });

  it('keeps the newest revisions and the serving one, and pages through them newest first', async () => {
    const keepsThree = createKnexStores(knex, { revisionHistoryLimit: 3 });
    const id = await insert(spec('history'));
    await knex('deployments').where({ id }).update({ active_revision: 2 });
    for (let revision = 1; revision <= 6; revision++) {
      await keepsThree.deployments.insertRevision({
        deploymentId: id,
        revision,
        spec: spec('history'),
        serving: null,
        reason: `r${revision}`,
        approvedBy: null,
        actor: 'a',
        now,
      });
    }
    const first = await keepsThree.deployments.listRevisions(id, { limit: 3 });
    expect(first.items.map(r => r.revision)).toEqual([6, 5, 4]);
    expect(first.next).toBe(4);
    const second = await keepsThree.deployments.listRevisions(id, {
      limit: 3,
      before: first.next,
    });
    // Revision 1 and 3 went; revision 2 serves.
    expect(second).toEqual({
      items: [expect.objectContaining({ revision: 2 })],
    });
  });

  it('lists the active operations oldest first, and cancels them all when superseded', async () => {
    const id = await insert(spec('operations'));
    const op = (n: number) => ({
      id: `op-${databaseId}-${n}`,
      deploymentId: id,
      type: 'scale' as const,
      step: null,
      targetRevision: null,
      parameters: { n },
      requestedBy: 'a',
      now: new Date(now.getTime() + n * 1000),
    });
    await stores.operations.insert(op(1));
    await stores.operations.insert(op(2));
    await knex('deployment_operations')
      .where({ id: `op-${databaseId}-1` })
      .update({ status: 'running' });
    expect(
      (await stores.operations.getActive([id])).get(id)?.map(o => o.parameters),
    ).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await stores.operations.cancelActive(id, 'superseded', now)).toBe(2);
    // The runtime cannot bring a cancelled operation back.
    expect(
      await stores.operations.update(`op-${databaseId}-1`, {
        status: 'running',
        step: 'late',
        now,
      }),
    ).toBe(false);
    expect((await stores.operations.getActive([id])).get(id)).toBeUndefined();
    const cancelled = await knex('deployment_operations')
      .where({ deployment_id: id })
      .select('status', 'error');
    expect(cancelled).toEqual([
      { status: 'cancelled', error: 'superseded' },
      { status: 'cancelled', error: 'superseded' },
    ]);
  });

  it('tells whether the runtime ever took up an operation of a deployment', async () => {
    const id = await insert(spec('taken-up'));
    await stores.operations.insert({
      id: `op-${databaseId}-taken`,
      deploymentId: id,
      type: 'create',
      step: 'queued',
      targetRevision: 1,
      parameters: {},
      requestedBy: 'a',
      now,
    });
    expect(await stores.operations.anyStarted(id)).toBe(false);
    await stores.operations.update(`op-${databaseId}-taken`, {
      status: 'running',
      step: 'applying',
      now,
    });
    await stores.operations.update(`op-${databaseId}-taken`, {
      status: 'failed',
      now,
    });
    expect(await stores.operations.anyStarted(id)).toBe(true);
  });

  it('pages events newest first', async () => {
    const id = await insert(spec('events'));
    for (const outcome of ['accepted', 'succeeded', 'failed'] as const) {
      await stores.deployments.insertEvent({
        deploymentId: id,
        action: 'scale',
        outcome,
        actor: 'a',
        at: now,
        message: outcome,
        statusBefore: 'running',
        statusAfter: 'running',
        changes: [{ field: 'replicas.min', before: 1, after: 2 }],
        operationId: null,
        revision: null,
      });
    }
    const first = await stores.deployments.listEvents(id, { limit: 2 });
    expect(first.items.map(e => e.outcome)).toEqual(['failed', 'succeeded']);
    const second = await stores.deployments.listEvents(id, {
      limit: 2,
      before: first.next,
    });
    expect(second.items).toEqual([
      expect.objectContaining({
        outcome: 'accepted',
        changes: [{ field: 'replicas.min', before: 1, after: 2 }],
      }),
    ]);
  });

  it('expires idempotency keys by age', async () => {
    const id = await insert(spec('idempotent'));
    await stores.idempotency.insert(
      'a',
      'old',
      'h',
      id,
      new Date('2026-11-20T00:00:00Z'),
    );
    await stores.idempotency.insert('a', 'new', 'h', id, now);
    expect(
      await stores.idempotency.deleteBefore(new Date('2026-11-24T00:00:00Z')),
    ).toBe(1);
    expect(await stores.idempotency.get('a', 'old')).toBeUndefined();
    expect(await stores.idempotency.get('a', 'new')).toEqual({
      requestHash: 'h',
      deploymentId: id,
    });
  });
});
