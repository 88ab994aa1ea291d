import { AppsV1Api } from '@kubernetes/client-node';
import { eventually, useTestNamespace } from '@internal/local-cluster';
import type { DeploymentEvent } from '@modelops/plugin-model-deployments-common';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../__testUtils__/startRuntimeTestBackend';

jest.setTimeout(180_000);

const databases = createTestDatabases();

/** Events that say the same thing about the same operation: each must be written once. */
function repeated(events: DeploymentEvent[]): string[] {
  const seen = new Map<string, number>();
  for (const e of events) {
    const key = `${e.operationId} ${e.action} ${e.outcome}: ${e.message}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${n}x ${key}`);
}

/**
 * Two backend replicas on one PostgreSQL database and one cluster, as a production Backstage with two
 * pods runs: both see every operation and every watch event, and each step must still happen once.
 */
describe('two backend replicas on one database', () => {
  const namespace = useTestNamespace();
  const apps = namespace.kubeConfig.makeApiClient(AppsV1Api);
  const replicas: RuntimeTestBackend[] = [];
  const knexes: Knex[] = [];

  beforeEach(async () => {
    const first = await databases.init('POSTGRES_15');
    // A pool of its own for the second replica, on the same database.
    knexes.push(first, knexFactory(first.client.config));
    for (const knex of knexes) {
      replicas.push(
        await startRuntimeTestBackend({ namespace: namespace.name, knex }),
      );
    }
  });

  afterEach(async () => {
    for (const { backend } of replicas.splice(0)) {
      await backend.stop();
    }
    for (const knex of knexes.splice(0)) {
      await knex.destroy();
    }
  });

  it('drive a rolling update and a canary through both APIs, each step recorded once', async () => {
    const [a, b] = replicas.map(replica => replica.api);
    const created = await a.createRunning({ replicas: { min: 3, max: 5 } });

    await b
      .act(created.id, 'update-model', {
        modelVersion: 'v2.0.0',
        strategy: 'rolling',
      })
      .expect(202);
    await a.until(
      created.id,
      'the rolling update to finish',
      d => d.status === 'running' && d.activeRevision === 2,
    );

    await a
      .act(created.id, 'update-model', {
        modelVersion: 'v1.0.0',
        strategy: 'canary',
        canary: {
          steps: [
            { weightPercent: 25, pauseSeconds: 1 },
            { weightPercent: 50, pauseSeconds: 1 },
          ],
        },
      })
      .expect(202);
    const done = await b.until(
      created.id,
      'the canary to be promoted',
      d => d.status === 'running' && d.activeRevision === 3,
    );
    expect(done.instances).toEqual({ desired: 3, current: 3, ready: 3 });
    await eventually('the canary workload to go', async () => {
      const list = await apps.listNamespacedDeployment({
        namespace: namespace.name,
      });
      return (
        list.items.filter(d => !d.metadata?.deletionTimestamp).length === 1
      );
    });

    const events = await a.events(created.id);
    expect(repeated(events)).toEqual([]);
    // Every step is there: each canary step, its verdict, and the promotion.
    expect(events.map(e => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Canary step 1 of 2: 25% /),
        expect.stringMatching(/^Canary step 1 of 2 analysis: /),
        expect.stringMatching(/^Canary step 2 of 2: 50% /),
        expect.stringMatching(/^Canary step 2 of 2 analysis: /),
        expect.stringMatching(/^Promoting: all 2 steps passed/),
      ]),
    );
  });
});
