import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import {
  deploymentSpecSchema,
  exampleDeploymentSpec,
  type DeploymentAlert,
  type DeploymentSpec,
} from '@modelops/plugin-model-deployments-common';
import type {
  MetricsProvider,
  RequestSummary,
} from '@modelops/plugin-model-deployments-node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import type { AlertStore } from '../database/AlertStore';
import { createKnexStores } from '../database/createKnexStores';
import { KnexAlertStore } from '../database/KnexAlertStore';
import type { Stores } from '../database/Stores';
import { AlertEvaluator } from './AlertEvaluator';
import type { AlertNotifier } from './AlertNotifier';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const example = deploymentSpecSchema.parse(exampleDeploymentSpec);

/**
 * The evaluator's decisions on a real database. The metrics provider is a stub that answers the figures
 * a test sets: what Prometheus computes is tested against a real Prometheus in the provider's and the
 * cluster's tests.
 */
describe.each(databases.eachSupportedId())(
  'AlertEvaluator on %s',
  databaseId => {
    let knex: Knex;
    let stores: Stores;
    let alerts: AlertStore;
    let figures: RequestSummary | Error;
    let now: Date;
    const notified: DeploymentAlert[] = [];
    const provider: MetricsProvider = {
      source: 'the stub',
      queryRange: async () => [],
      summarizeRequests: async () => {
        if (figures instanceof Error) throw figures;
        return figures;
      },
    };
    let evaluator: AlertEvaluator;

    async function insert(
      name: string,
      options: {
        ready: number | null;
        current?: number;
        spec?: Partial<DeploymentSpec>;
      },
    ) {
      const id = `00000000-0000-0000-0000-${String(
        Math.floor(Math.random() * 1e12),
      ).padStart(12, '0')}`;
      await stores.deployments.insert({
        serving: null,
        id,
        spec: { ...example, name, ...options.spec },
        owner: 'group:default/nlp-team',
        status: 'deploying',
        actor: 'user:default/alice',
        now,
      });
      await knex('deployments')
        .where({ id })
        .update({
          status: 'running',
          instances_current: options.current ?? options.ready,
          instances_ready: options.ready,
        });
      return id;
    }

    const firingKinds = async (id: string) =>
      ((await alerts.firing([id])).get(id) ?? []).map(a => a.kind).sort();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: path.resolve(__dirname, '../../migrations'),
      });
      stores = createKnexStores(knex);
      alerts = new KnexAlertStore(knex);
    });

    afterAll(async () => {
      await knex.destroy();
    });

    beforeEach(async () => {
      await knex('deployment_alerts').delete();
      await knex('deployments').update({ status: 'stopped' });
      notified.length = 0;
      now = new Date('2026-11-27T10:00:00.000Z');
      figures = {
        requestsPerSecond: 20,
        errorRatePercent: 1,
        p99LatencyMs: 120,
      };
      evaluator = new AlertEvaluator({
        stores,
        alerts,
        notifier: {
          changed: async (alert: DeploymentAlert) => {
            notified.push(alert);
          },
        } as unknown as AlertNotifier,
        logger: mockServices.logger.mock(),
        metrics: provider,
        namespaceOf: () => 'models-dev',
        windowSeconds: 300,
        clock: () => now,
      });
    });

    it('fires on an error rate above the threshold once, keeps its latest figures, and resolves below it', async () => {
      const id = await insert('fraud', { ready: 2 });
      figures = {
        requestsPerSecond: 20,
        errorRatePercent: 12.5,
        p99LatencyMs: 120,
      };

      await evaluator.evaluateAll();
      now = new Date(now.getTime() + 60_000);
      figures = {
        requestsPerSecond: 20,
        errorRatePercent: 20,
        p99LatencyMs: 120,
      };
      await evaluator.evaluateAll();

      const [firing] = (await alerts.firing([id])).get(id)!;
      expect(firing).toMatchObject({
        kind: 'error-rate',
        state: 'firing',
        value: 20,
        threshold: 5,
        unit: 'percent',
        summary: 'Error rate 20 % over the last 5 min is above 5 %',
        firedAt: '2026-11-27T10:00:00.000Z',
        lastEvaluatedAt: '2026-11-27T10:01:00.000Z',
      });
      expect(notified.map(a => `${a.kind} ${a.state}`)).toEqual([
        'error-rate firing',
      ]);

      now = new Date(now.getTime() + 60_000);
      figures = {
        requestsPerSecond: 20,
        errorRatePercent: 0.5,
        p99LatencyMs: 120,
      };
      await evaluator.evaluateAll();
      expect(await firingKinds(id)).toEqual([]);
      expect(notified.map(a => `${a.kind} ${a.state}`)).toEqual([
        'error-rate firing',
        'error-rate resolved',
      ]);
      const [resolved] = await alerts.list(id, { limit: 10 });
      expect(resolved).toMatchObject({
        state: 'resolved',
        resolvedAt: '2026-11-27T10:02:00.000Z',
        summary: 'Error rate 0.5 % over the last 5 min is within 5 %',
      });
    });

    it('fires on p99 latency only when the deployment sets a threshold', async () => {
      const withThreshold = await insert('ranker', {
        ready: 2,
        spec: {
          monitoring: {
            maxErrorRatePercent: 5,
            maxP99LatencyMs: 250,
            alertOnNoReadyInstances: true,
          },
        },
      });
      const without = await insert('tagger', { ready: 2 });
      figures = {
        requestsPerSecond: 5,
        errorRatePercent: 0,
        p99LatencyMs: 812,
      };

      await evaluator.evaluateAll();

      expect(await firingKinds(withThreshold)).toEqual(['p99-latency']);
      expect(await firingKinds(without)).toEqual([]);
    });

    it('fires when no instance is ready unless the deployment turned that alert off, and never before anything was observed', async () => {
      const down = await insert('down', { ready: 0, current: 2 });
      const quiet = await insert('quiet', {
        ready: 0,
        spec: {
          monitoring: {
            maxErrorRatePercent: 5,
            alertOnNoReadyInstances: false,
          },
        },
      });
      const unobserved = await insert('unobserved', { ready: null });

      await evaluator.evaluateAll();

      expect(await firingKinds(down)).toEqual(['no-ready-instances']);
      expect((await alerts.firing([down])).get(down)![0].summary).toBe(
        `No instance is ready (0 of ${example.replicas.min})`,
      );
      expect(await firingKinds(quiet)).toEqual([]);
      expect(await firingKinds(unobserved)).toEqual([]);
    });

    it('leaves an alert as it is while its figure cannot be measured although requests come in', async () => {
      const id = await insert('nohistogram', {
        ready: 2,
        spec: {
          monitoring: {
            maxErrorRatePercent: 5,
            maxP99LatencyMs: 250,
            alertOnNoReadyInstances: true,
          },
        },
      });
      figures = {
        requestsPerSecond: 20,
        errorRatePercent: 1,
        p99LatencyMs: 900,
      };
      await evaluator.evaluateAll();
      figures = {
        requestsPerSecond: 20,
        errorRatePercent: 1,
        p99LatencyMs: null,
      };
      await evaluator.evaluateAll();
      expect(await firingKinds(id)).toEqual(['p99-latency']);

      figures = {
        requestsPerSecond: null,
        errorRatePercent: null,
        p99LatencyMs: null,
      };
      await evaluator.evaluateAll();
      expect(await firingKinds(id)).toEqual([]);
      const [resolved] = await alerts.list(id, { limit: 1 });
      expect(resolved.summary).toBe(
        'P99 latency over the last 5 min has no requests to judge',
      );
    });

    it('stops between batches when the scheduler aborts the run', async () => {
      const id = await insert('late', { ready: 0 });
      const aborted = new AbortController();
      aborted.abort();
      await evaluator.evaluateAll(aborted.signal);
      expect(await firingKinds(id)).toEqual([]);
    });

    it('leaves alerts as they are while the provider cannot be asked, and resolves them when the deployment stops', async () => {
      const id = await insert('flaky', { ready: 2 });
      figures = {
        requestsPerSecond: 20,
        errorRatePercent: 50,
        p99LatencyMs: 120,
      };
      await evaluator.evaluateAll();
      expect(await firingKinds(id)).toEqual(['error-rate']);

      figures = new Error('Prometheus at http://127.0.0.1:1 did not answer');
      await evaluator.evaluateAll();
      expect(await firingKinds(id)).toEqual(['error-rate']);

      await knex('deployments').where({ id }).update({ status: 'stopped' });
      await evaluator.evaluateAll();
      expect(await firingKinds(id)).toEqual([]);
      const [resolved] = await alerts.list(id, { limit: 1 });
      expect(resolved.summary).toBe('Resolved: the deployment is stopped');
    });

    it('without a metrics provider evaluates the instance alert alone', async () => {
      evaluator = new AlertEvaluator({
        stores,
        alerts,
        notifier: { changed: async () => {} } as unknown as AlertNotifier,
        logger: mockServices.logger.mock(),
        namespaceOf: () => 'models-dev',
        windowSeconds: 300,
        clock: () => now,
      });
      const id = await insert('lonely', { ready: 0 });
      await evaluator.evaluateAll();
      expect(await firingKinds(id)).toEqual(['no-ready-instances']);
    });
  },
);
