// One file: the staged updates share one namespace on the real cluster and the helpers that drive and read them.
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { eventually, useTestNamespace } from '@internal/local-cluster';
import {
  createBackendModule,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import { modelDeploymentsCanaryAnalysisExtensionPoint } from '@modelops/plugin-model-deployments-node';
import knexFactory, { type Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KnexOperationStore } from '../database/KnexOperationStore';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../__testUtils__/startRuntimeTestBackend';

jest.setTimeout(120_000);

/**
 * Blue-green and canary updates on a real control plane, with no traffic manager: the Service's selector
 * does the blue-green switch, and instance counts split the requests of a canary.
 */
describe('blue-green and canary updates on a real cluster', () => {
  const namespace = useTestNamespace();
  const apps = namespace.kubeConfig.makeApiClient(AppsV1Api);
  const core = namespace.kubeConfig.makeApiClient(CoreV1Api);
  let backend: RuntimeTestBackend['backend'];
  let api: RuntimeTestBackend['api'];
  let knex: Knex;
  let databaseDir: string;

  /** A backend on `knex`, a database that outlives it, as a production database outlives a restart. */
  async function startBackend(features: BackendFeature[] = []) {
    ({ backend, api } = await startRuntimeTestBackend({
      namespace: namespace.name,
      knex,
      features,
    }));
  }

  beforeEach(async () => {
    databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-deployments-'));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(databaseDir, 'backend.db') },
      useNullAsDefault: true,
    });
    await startBackend();
  });

  afterEach(async () => {
    await backend.stop();
    await knex.destroy();
    fs.rmSync(databaseDir, { recursive: true, force: true });
  });

  async function startCanary(
    id: string,
    modelVersion: string,
    steps: { weightPercent: number; pauseSeconds: number }[],
  ) {
    await api
      .act(id, 'update-model', {
        modelVersion,
        strategy: 'canary',
        canary: { steps },
      })
      .expect(202);
  }

  /** Starts a blue-green update to v2.0.0 and waits until the Service has switched to it. */
  async function switchBlueGreen(id: string, blueGreen?: object) {
    await api
      .act(id, 'update-model', {
        modelVersion: 'v2.0.0',
        strategy: 'blue-green',
        ...(blueGreen ? { blueGreen } : {}),
      })
      .expect(202);
    return api.until(
      id,
      'the Service to switch to the new revision',
      d => d.operation?.progress?.phase === 'switched',
      { operation: true },
    );
  }

  /** Waits until the canary's current step is observed: its instances are ready and its pause began. */
  function untilObserving(id: string, what: string) {
    return api.until(id, what, d => Boolean(d.operation?.progress?.until), {
      operation: true,
    });
  }

  async function workloads(): Promise<Record<string, string>> {
    const list = await apps.listNamespacedDeployment({
      namespace: namespace.name,
    });
    return Object.fromEntries(
      list.items
        .filter(d => !d.metadata?.deletionTimestamp)
        .map(d => [
          d.metadata!.name!,
          `${d.spec?.template.spec?.containers[0].image?.split(':')[1]} x${
            d.spec?.replicas
          }`,
        ]),
    );
  }

  async function serviceTrack(): Promise<string | undefined> {
    const service = await core.readNamespacedService({
      name: 'sentiment',
      namespace: namespace.name,
    });
    return service.spec?.selector?.['modelops.io/track'];
  }

  async function podNames(track: string): Promise<string[]> {
    const pods = await core.listNamespacedPod({
      namespace: namespace.name,
      labelSelector: `modelops.io/track=${track}`,
    });
    return pods.items
      .filter(p => !p.metadata?.deletionTimestamp)
      .map(p => p.metadata!.name!)
      .sort();
  }

  it('blue-green: starts the new revision at full size, switches when it is ready, and switches back at once on rollback', async () => {
    const created = await api.createRunning();
    const stablePods = await podNames('stable');

    const switched = await switchBlueGreen(created.id, {
      rollbackWindowMinutes: 30,
    });
    expect(switched).toMatchObject({ status: 'updating', activeRevision: 2 });
    expect(switched.operation?.step).toMatch(/^switched: .* kept until /);
    expect(await serviceTrack()).toBe('preview');
    expect(await workloads()).toEqual({
      sentiment: 'v2.1.0 x2',
      'sentiment-preview': 'v2.0.0 x2',
    });

    await api.act(created.id, 'rollback', { revision: 1 }).expect(202);
    const back = await api.until(
      created.id,
      'the switch back',
      d => d.status === 'running' && d.activeRevision === 3,
    );
    expect(back.spec.modelVersion).toBe('v2.1.0');
    expect(await serviceTrack()).toBe('stable');
    await eventually(
      'the preview to go',
      async () => !('sentiment-preview' in (await workloads())),
    );
    // The preview's pods may still be terminating when the switch back is recorded (and are counted,
    // as observed); once they are gone, the stable instances are all there is.
    const settled = await api.until(
      created.id,
      'the stable instances alone',
      d => d.instances.current === 2,
    );
    expect(settled.instances).toEqual({ desired: 2, current: 2, ready: 2 });
    // The instances that served before the update serve again: none was replaced.
    expect(await podNames('stable')).toEqual(stablePods);

    const story = (await api.events(created.id)).map(
      e => `${e.action} ${e.outcome}`,
    );
    expect(story).toEqual([
      'create accepted',
      'create succeeded',
      'update-model accepted',
      'update-model succeeded',
      'update-model succeeded',
      'rollback accepted',
      'rollback succeeded',
    ]);
  });

  it('blue-green: another reader sees the switch and the new active revision together, never one without the other', async () => {
    const created = await api.createRunning();
    // A second connection to the database, as another backend instance reading it would have.
    const reader = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(databaseDir, 'backend.db') },
      useNullAsDefault: true,
    });
    const seen: Array<{ phase: string; activeRevision: number }> = [];
    const updateOperation = KnexOperationStore.prototype.update;
    // Reads what the other connection sees the moment the runtime has recorded the switch.
    const spy = jest
      .spyOn(KnexOperationStore.prototype, 'update')
      .mockImplementation(async function recordAndRead(
        this: KnexOperationStore,
        id,
        update,
      ) {
        const updated = await updateOperation.call(this, id, update);
        if (update.progress?.phase === 'switched') {
          const operation = await reader('deployment_operations')
            .where({ id })
            .first();
          const deployment = await reader('deployments')
            .where({ id: operation.deployment_id })
            .first();
          seen.push({
            phase: JSON.parse(operation.progress).phase,
            activeRevision: deployment.active_revision,
          });
        }
        return updated;
      });
    try {
      await switchBlueGreen(created.id);
    } finally {
      spy.mockRestore();
      await reader.destroy();
    }
    expect(seen).not.toHaveLength(0);
    for (const state of seen) {
      expect([
        { phase: 'preview', activeRevision: 1 },
        { phase: 'switched', activeRevision: 2 },
      ]).toContainEqual(state);
    }
  });

  it('blue-green: promote ends the rollback window, and the stable workload takes the new revision', async () => {
    const created = await api.createRunning();
    await switchBlueGreen(created.id);
    await api.act(created.id, 'promote').expect(202);
    const promoted = await api.until(
      created.id,
      'the update to finish',
      d => d.status === 'running',
    );
    expect(promoted.activeRevision).toBe(2);
    expect(await serviceTrack()).toBe('stable');
    await eventually(
      'only the stable workload to remain, at the new revision',
      async () => {
        const now = await workloads();
        return (
          JSON.stringify(now) === JSON.stringify({ sentiment: 'v2.0.0 x2' })
        );
      },
    );
  });

  it('canary: goes through its steps, records each verdict, and promotes after the last', async () => {
    const created = await api.createRunning({ replicas: { min: 3, max: 5 } });
    await startCanary(created.id, 'v2.0.0', [
      { weightPercent: 25, pauseSeconds: 1 },
      { weightPercent: 50, pauseSeconds: 1 },
    ]);
    const first = await api.until(
      created.id,
      'the first canary step',
      d => d.operation?.progress?.stepIndex === 0,
      { operation: true },
    );
    // No traffic manager: 25% of requests is 1 canary instance beside 3 stable ones.
    expect(first.operation?.progress).toMatchObject({
      strategy: 'canary',
      weightPercent: 25,
      canaryInstances: 1,
      baseInstances: 3,
    });
    expect(await serviceTrack()).toBeUndefined();

    const done = await api.until(
      created.id,
      'the canary to be promoted',
      d => d.status === 'running' && d.activeRevision === 2,
    );
    expect(done.instances).toEqual({ desired: 3, current: 3, ready: 3 });
    await eventually(
      'the canary to go',
      async () =>
        JSON.stringify(await workloads()) ===
        JSON.stringify({ sentiment: 'v2.0.0 x3' }),
    );
    const messages = (await api.events(created.id)).map(e => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Canary step 1 of 2: 25% of requests go to the new revision, on 1 instance$/,
        ),
        expect.stringMatching(/^Canary step 1 of 2 analysis: not-analysed: /),
        expect.stringMatching(/^Canary step 2 of 2: 50% of requests/),
        expect.stringMatching(/^Promoting: all 2 steps passed/),
      ]),
    );
  });

  it('canary: promote skips the pause, and a rollback aborts without touching the stable instances', async () => {
    const created = await api.createRunning();
    const longPause = [{ weightPercent: 10, pauseSeconds: 3600 }];
    await startCanary(created.id, 'v2.0.0', longPause);
    await untilObserving(created.id, 'the canary to be observed');
    await api.act(created.id, 'promote').expect(202);
    await api.until(
      created.id,
      'the promoted canary to finish',
      d => d.status === 'running' && d.activeRevision === 2,
    );

    const stablePods = await podNames('stable');
    await startCanary(created.id, 'v2.1.0', longPause);
    await untilObserving(created.id, 'the second canary to be observed');
    expect(await workloads()).toEqual({
      sentiment: 'v2.0.0 x2',
      'sentiment-canary': 'v2.1.0 x1',
    });
    await api.act(created.id, 'rollback', { revision: 2 }).expect(202);
    const aborted = await api.until(
      created.id,
      'the abort',
      d => d.status === 'running' && d.activeRevision === 4,
    );
    expect(aborted.spec.modelVersion).toBe('v2.0.0');
    await eventually(
      'the canary to go',
      async () => !('sentiment-canary' in (await workloads())),
    );
    expect(await podNames('stable')).toEqual(stablePods);
  });

  it('resumes a canary where it was after the backend restarts', async () => {
    const created = await api.createRunning();
    await startCanary(created.id, 'v2.0.0', [
      { weightPercent: 20, pauseSeconds: 3 },
      { weightPercent: 60, pauseSeconds: 1 },
    ]);
    const observing = await untilObserving(
      created.id,
      'the first step to be observed',
    );

    await backend.stop();
    await startBackend();

    const resumed = await api.get(created.id);
    expect(resumed.operation?.progress).toEqual(observing.operation?.progress);
    const done = await api.until(
      created.id,
      'the canary to finish after the restart',
      d => d.status === 'running' && d.activeRevision === 2,
    );
    expect(done.instances).toEqual({ desired: 2, current: 2, ready: 2 });
    const story = (await api.events(created.id)).map(e => e.message);
    // Each step was started once: the restarted backend went on from the recorded step.
    expect(story.filter(m => /^Canary step 1 of 2: 20%/.test(m))).toHaveLength(
      1,
    );
    expect(story.filter(m => /^Canary step 2 of 2: 60%/.test(m))).toHaveLength(
      1,
    );
  });

  it('aborts a canary whose analysis fails, and records the figures that failed it', async () => {
    // Stands in for the metrics provider (its own issue): a verdict with figures, as Prometheus would give.
    const failingAnalysis = createBackendModule({
      pluginId: 'model-deployments',
      moduleId: 'test-canary-analysis',
      register(reg) {
        reg.registerInit({
          deps: { analysis: modelDeploymentsCanaryAnalysisExtensionPoint },
          async init({ analysis }) {
            analysis.setCanaryAnalysis({
              async analyse() {
                return {
                  verdict: 'fail',
                  summary: 'error rate above the 1% threshold',
                  figures: {
                    canaryErrorRatePercent: 7.5,
                    stableErrorRatePercent: 0.2,
                  },
                };
              },
            });
          },
        });
      },
    });
    await backend.stop();
    await startBackend([failingAnalysis]);
    const created = await api.createRunning();
    const stablePods = await podNames('stable');
    await startCanary(created.id, 'v2.0.0', [
      { weightPercent: 20, pauseSeconds: 1 },
    ]);

    const aborted = await api.until(
      created.id,
      'the automatic abort',
      d => d.status === 'running' && d.revision === 3,
    );
    expect(aborted).toMatchObject({ activeRevision: 3 });
    expect(aborted.spec.modelVersion).toBe('v2.1.0');
    await eventually(
      'the canary to go',
      async () => !('sentiment-canary' in (await workloads())),
    );
    expect(await podNames('stable')).toEqual(stablePods);
    const events = await api.events(created.id);
    expect(events.map(e => `${e.action} ${e.outcome}`).slice(-3)).toEqual([
      'update-model failed',
      'rollback accepted',
      'rollback succeeded',
    ]);
    expect(events.at(-3)?.message).toMatch(
      /analysis: fail: error rate above the 1% threshold \(canaryErrorRatePercent 7\.5, stableErrorRatePercent 0\.2\)/,
    );
  });

  it('canary without surge: takes its instances from the stable ones and gives them back at the end', async () => {
    const created = await api.createRunning({
      replicas: { min: 3, max: 3 },
      surgeDuringUpdates: false,
    });
    await startCanary(created.id, 'v2.0.0', [
      { weightPercent: 34, pauseSeconds: 1 },
    ]);
    const observing = await untilObserving(created.id, 'the canary step');
    expect(observing.operation?.progress).toMatchObject({ canaryInstances: 1 });
    expect(await workloads()).toEqual({
      sentiment: 'v2.1.0 x2',
      'sentiment-canary': 'v2.0.0 x1',
    });
    const done = await api.until(
      created.id,
      'the canary to finish',
      d => d.status === 'running' && d.activeRevision === 2,
    );
    expect(done.instances).toEqual({ desired: 3, current: 3, ready: 3 });
    expect(await workloads()).toEqual({ sentiment: 'v2.0.0 x3' });
  });
});
